/// The optimisers Vernier offers, by the names the command line uses (`--optimizer bo`).
public enum OptimizerKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// ``BayesianOptimizer``.
    case bayesian = "bo"
    /// ``NelderMead``.
    case nelderMead = "nelder-mead"
    /// ``ExtremumSeeking``.
    case extremumSeeking = "extremum-seeking"
    /// ``RandomSearch``.
    case random = "random"
    /// ``LatinHypercubeSearch``.
    case latinHypercube = "latin-hypercube"
    /// ``ContourSearch``: the least drive on a constraint's contour, for plants that declare a level set.
    case contour = "contour"

    /// What optimisers of this kind honour, known before one is created.
    public var capabilities: OptimizerCapabilities {
        switch self {
        case .bayesian: BayesianOptimizer.capabilities
        case .nelderMead: NelderMead.capabilities
        case .extremumSeeking: ExtremumSeeking.capabilities
        case .random: RandomSearch.capabilities
        case .latinHypercube: LatinHypercubeSearch.capabilities
        case .contour: ContourSearch.capabilities
        }
    }

    /// Human-readable name.
    public var displayName: String {
        switch self {
        case .bayesian: BayesianOptimizer.displayName
        case .nelderMead: NelderMead.displayName
        case .extremumSeeking: ExtremumSeeking.displayName
        case .random: RandomSearch.displayName
        case .latinHypercube: LatinHypercubeSearch.displayName
        case .contour: ContourSearch.displayName
        }
    }
}
