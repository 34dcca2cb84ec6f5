import VernierCore

/// The settings of every optimiser in one value: what `vernier tune --config FILE` reads (YAML, snake_case
/// keys, every key optional) and logs at the start of a run. Only the section of the chosen optimiser is used.
///
///     bayesian:
///       acquisition: log_ei          # or ucb, or {type: ucb, exploration_weight: 2.5}
///       max_travel: [0.5, 0.5, 0.5]  # physical units per parameter
///     nelder_mead:
///       initial_step: 0.05
///     ignore_constraints: false
public struct OptimizerConfiguration: Sendable, Hashable, Codable, OptionKeyed {
    /// Bayesian optimisation.
    public var bayesian = BayesianOptions()
    /// Nelder–Mead.
    public var nelderMead = NelderMeadOptions()
    /// Extremum seeking.
    public var extremumSeeking = ExtremumSeekingOptions()
    /// Latin hypercube search.
    public var latinHypercube = LatinHypercubeSearch.Options()
    /// Contour search.
    public var contour = ContourSearchOptions()
    /// Let an optimiser that cannot honour constraints run on a constrained problem, optimising the objective
    /// alone (the best point reported is still the best feasible one). Default `false`: it refuses.
    public var ignoreConstraints = false

    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case bayesian
        case nelderMead = "nelder_mead"
        case extremumSeeking = "extremum_seeking"
        case latinHypercube = "latin_hypercube"
        case contour
        case ignoreConstraints = "ignore_constraints"
    }

    public static let optionKeys = CodingKeys.allCases.map(\.rawValue)

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(Self.optionKeys)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        bayesian = try container.decode(.bayesian, default: BayesianOptions())
        nelderMead = try container.decode(.nelderMead, default: NelderMeadOptions())
        extremumSeeking = try container.decode(.extremumSeeking, default: ExtremumSeekingOptions())
        latinHypercube = try container.decode(.latinHypercube, default: LatinHypercubeSearch.Options())
        contour = try container.decode(.contour, default: ContourSearchOptions())
        ignoreConstraints = try container.decode(.ignoreConstraints, default: false)
    }
}
