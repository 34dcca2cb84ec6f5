/// Typed metadata of a plant: the facts COI keeps in its `metadata` dict and Gymnasium in `env.metadata`.
public struct PlantMetadata: Sendable, Hashable, Codable {
    /// How the plant can show its state (Gymnasium's `render_modes`).
    public var renderModes: [RenderMode]
    /// The apparatus the plant stands for (COI's `cern.machine`), e.g. "AWAKE TT43 electron line".
    public var machine: String
    /// Whether a long-running evaluation can be interrupted (COI's `cern.cancellable`).
    public var isCancellable: Bool
    /// Whether the plant is an in-process simulation (safe to probe at random points) or real I/O.
    public var isSimulated: Bool
    /// The episode step limit the environment truncates at, if it has one.
    public var maxEpisodeSteps: Int?
    /// The objective value below which an optimisation counts as successful, if the plant defines one.
    public var successObjective: Double?
    /// A constraint one parameter drives monotonically (``LevelSetStructure``), if the plant declares one:
    /// what the contour search (`vernier tune --optimizer contour`) uses.
    public var levelSet: LevelSetStructure?
    /// The observables whose root mean square is the objective (a steering plant's BPM readings), if the plant
    /// has such: the residuals derivative-free least squares (`vernier tune --optimizer dfols`) minimises when
    /// the configuration names none.
    public var residualObservables: [String]?

    public init(
        renderModes: [RenderMode] = [.ansi],
        machine: String,
        isCancellable: Bool = true,
        isSimulated: Bool = true,
        maxEpisodeSteps: Int? = nil,
        successObjective: Double? = nil,
        levelSet: LevelSetStructure? = nil,
        residualObservables: [String]? = nil
    ) {
        self.renderModes = renderModes
        self.machine = machine
        self.isCancellable = isCancellable
        self.isSimulated = isSimulated
        self.maxEpisodeSteps = maxEpisodeSteps
        self.successObjective = successObjective
        self.levelSet = levelSet
        self.residualObservables = residualObservables
    }
}

/// A way a plant can render itself (Gymnasium's render modes).
public enum RenderMode: String, Sendable, Hashable, Codable, CaseIterable {
    /// A text rendering for the terminal.
    case ansi
    /// An RGB image as an array of pixels.
    case rgbArray = "rgb_array"
    /// A live window or plot for a person watching.
    case human
}
