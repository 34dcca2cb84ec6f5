import VernierCore

/// The settings of every optimiser in one value: what `vernier tune --config FILE` reads (YAML, snake_case
/// keys, every key optional) and logs at the start of a run. Only the section of the chosen optimiser is used.
///
///     bayesian:
///       acquisition: log_ei          # or ucb, or {type: ucb, exploration_weight: 2.5}
///       max_travel: [0.5, 0.5, 0.5]  # physical units per parameter
///     nelder_mead:
///       initial_step: 0.05
///     bobyqa:                        # also cobyla, newuoa, sbplx, praxis: NLoptOptions
///       rhobeg: [0.1, 0.1, 0.5]      # initial step, physical units (one number or one per parameter)
///       rhoend: 1.0e-4               # smallest step: converged below it
///     powell: {xtol: 1.0e-4, ftol: 1.0e-4}
///     rcds: {step: 0.05, noise: 0.02}
///     dfols: {residuals: [bpm1, bpm2, bpm3], rhobeg: 0.1}
///     bo_then_bobyqa: {bayesian_evaluations: 5, bobyqa: {rhobeg: 0.05}}
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
    /// BOBYQA (NLopt).
    public var bobyqa = NLoptOptions()
    /// COBYLA (NLopt).
    public var cobyla = NLoptOptions()
    /// NEWUOA (NLopt).
    public var newuoa = NLoptOptions()
    /// Sbplx (NLopt).
    public var sbplx = NLoptOptions()
    /// PRAXIS (NLopt).
    public var praxis = NLoptOptions()
    /// Powell's method.
    public var powell = PowellOptions()
    /// RCDS.
    public var rcds = RCDSOptions()
    /// Derivative-free least squares (`dfols`).
    public var leastSquares = LeastSquaresOptions()
    /// Bayesian optimisation then BOBYQA (its Bayesian phase uses ``bayesian``).
    public var bayesianThenBOBYQA = BayesianThenLocalOptions()
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
        case bobyqa, cobyla, newuoa, sbplx, praxis, powell, rcds
        case leastSquares = "dfols"
        case bayesianThenBOBYQA = "bo_then_bobyqa"
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
        bobyqa = try container.decode(.bobyqa, default: NLoptOptions())
        cobyla = try container.decode(.cobyla, default: NLoptOptions())
        newuoa = try container.decode(.newuoa, default: NLoptOptions())
        sbplx = try container.decode(.sbplx, default: NLoptOptions())
        praxis = try container.decode(.praxis, default: NLoptOptions())
        powell = try container.decode(.powell, default: PowellOptions())
        rcds = try container.decode(.rcds, default: RCDSOptions())
        leastSquares = try container.decode(.leastSquares, default: LeastSquaresOptions())
        bayesianThenBOBYQA = try container.decode(.bayesianThenBOBYQA, default: BayesianThenLocalOptions())
        ignoreConstraints = try container.decode(.ignoreConstraints, default: false)
    }

    /// The settings of NLopt `method` (its section of the file).
    public func options(for method: NLoptMethod) -> NLoptOptions {
        switch method {
        case .bobyqa: bobyqa
        case .cobyla: cobyla
        case .newuoa: newuoa
        case .sbplx: sbplx
        case .praxis: praxis
        }
    }
}
