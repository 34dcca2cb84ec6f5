import VernierCore

/// The served plant, held in the one interface the last request used.
///
/// A plant such as AWAKE is one value behind several protocols (`Environment`, `SingleOptimizable`); Swift keeps
/// an existential's value in its own box, so the plant is held once and moved — never copied — between views:
/// a copy would split its state, and mutating a shared box would copy the plant's buffers on every step.
struct ServedPlant {
    private enum View {
        case plant(any Plant)
        case environment(any Environment)
        case optimizable(any SingleOptimizable)
        case contextual(any ContextualOptimizable)
        /// Transient, while the plant is lent to a request.
        case lent

        var plant: any Plant {
            switch self {
            case .plant(let plant): plant
            case .environment(let plant): plant
            case .optimizable(let plant): plant
            case .contextual(let plant): plant
            case .lent: preconditionFailure("the served plant was lent and not returned")
            }
        }
    }

    private var view: View

    /// The plant's registry id, for messages.
    let id: String
    /// What the plant is and how it may be driven (read once: it does not change while served).
    let metadata: PlantMetadata
    /// The observation and action spaces, when the plant is an environment.
    let environmentSpaces: (observation: Space, action: Space)?
    /// Whether the plant is a `SingleOptimizable`.
    let isOptimizable: Bool
    /// Whether the plant is a `ContextualOptimizable`.
    let isContextual: Bool

    init(id: String, plant: any Plant) {
        self.id = id
        self.view = .plant(plant)
        self.metadata = plant.metadata
        if let environment = plant as? any Environment {
            environmentSpaces = (environment.observationSpace, environment.actionSpace)
        } else {
            environmentSpaces = nil
        }
        isOptimizable = plant is any SingleOptimizable
        isContextual = plant is any ContextualOptimizable
    }

    /// The plant as an `Environment`, for `body` to drive.
    mutating func withEnvironment<R>(_ body: (inout any Environment) throws -> R) throws -> R {
        try lend(held: { if case .environment(let held) = $0 { held } else { nil } }, returnedAs: View.environment,
                 refusal: { [id] in "\(id) is not an environment: it cannot be reset or stepped (see `vernier envs`)" }, body)
    }

    /// The plant as a `SingleOptimizable`, for `body` to drive.
    mutating func withOptimizable<R>(_ body: (inout any SingleOptimizable) throws -> R) throws -> R {
        try lend(held: { if case .optimizable(let held) = $0 { held } else { nil } }, returnedAs: View.optimizable,
                 refusal: { [id] in "\(id) is not an optimisation problem without a context: give a context (see `vernier envs`)" },
                 body)
    }

    /// The plant as a `ContextualOptimizable`, for `body` to drive.
    mutating func withContextual<R>(_ body: (inout any ContextualOptimizable) throws -> R) throws -> R {
        try lend(held: { if case .contextual(let held) = $0 { held } else { nil } }, returnedAs: View.contextual,
                 refusal: { [id] in "\(id) has no context: leave 'context' out (see `vernier envs`)" }, body)
    }

    /// Lends the plant to `body` as `Interface` — the view already held, or the plant cast to it — and keeps it in
    /// that view afterwards (moved, never copied).
    private mutating func lend<Interface, R>(held: (View) -> Interface?, returnedAs view: (Interface) -> View,
                                             refusal: () -> String,
                                             _ body: (inout Interface) throws -> R) throws -> R {
        guard var lent = held(self.view) ?? (self.view.plant as? Interface) else {
            throw ServeError.unsupported(refusal())
        }
        self.view = .lent
        defer { self.view = view(lent) }
        return try body(&lent)
    }

    /// Closes the plant (releases what it holds); harmless to call twice.
    mutating func close() throws {
        var plant = view.plant
        view = .lent
        defer { view = .plant(plant) }
        try plant.close()
    }
}
