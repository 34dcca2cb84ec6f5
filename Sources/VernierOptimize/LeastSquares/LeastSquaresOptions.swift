import VernierCore

/// Settings of ``DerivativeFreeLeastSquares`` (`--optimizer dfols`), in the operator's terms.
///
///     dfols:
///       residuals: [bpm1, bpm2, bpm3]  # the observables whose sum of squares is minimised
///       rhobeg: 0.1                    # initial step per parameter, physical units (one number or a list)
///       rhoend: 1.0e-6                 # smallest step: converged below it
///       noisy: false                   # true: fit the model to every reading (noisy BPMs)
///       restart_after_convergence: true
public struct LeastSquaresOptions: Sendable, Hashable, Codable {
    /// The names of the observables that form the residual vector r (BPM readings, position errors…), in any
    /// order; the method minimises Σ rᵢ². Each evaluation must report every one of them. Empty = not set: the
    /// optimiser then refuses to start (a plant may fill it in, as AWAKE does with its BPM names).
    public var residuals: [String] = []
    /// ρ_beg: the initial step per parameter, **physical units** (one value for all or one per parameter; each
    /// > 0 and at most half the parameter's range): the step of the first finite differences and the first
    /// trust region. `nil` = 10 % of each range, as for BOBYQA.
    public var initialStep: [Double]?
    /// ρ_end: the smallest step per parameter, physical units (0 < ρ_end ≤ ρ_beg); the method converges when
    /// its model resolution falls below it. `nil` = 10⁻⁶ of each range.
    public var minimumStep: [Double]?
    /// After converging, start again from the best point with the initial step when asked for more points;
    /// `false` = keep re-suggesting the best point. Default `true`.
    public var restartAfterConvergence: Bool = true
    /// The readings are noisy: the linear model is the least-squares fit to every reading of the run (which
    /// averages the noise out as readings accumulate) rather than differences and secant updates, and steps are
    /// judged on the fitted values, not on single readings. Default `false`.
    public var noisy: Bool = false

    public init(
        residuals: [String] = [], initialStep: [Double]? = nil, minimumStep: [Double]? = nil,
        restartAfterConvergence: Bool = true, noisy: Bool = false
    ) {
        self.residuals = residuals
        self.initialStep = initialStep
        self.minimumStep = minimumStep
        self.restartAfterConvergence = restartAfterConvergence
        self.noisy = noisy
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case residuals
        case initialStep = "rhobeg"
        case minimumStep = "rhoend"
        case restartAfterConvergence = "restart_after_convergence"
        case noisy
    }

    /// Every key is optional; `rhobeg`/`rhoend` take one number or a list; unknown keys are refused.
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.allCases.map(\.rawValue))
        let container = try decoder.container(keyedBy: CodingKeys.self)
        residuals = try container.decode(.residuals, default: [])
        initialStep = try container.decodeNumberOrList(.initialStep)
        minimumStep = try container.decodeNumberOrList(.minimumStep)
        restartAfterConvergence = try container.decode(.restartAfterConvergence, default: true)
        noisy = try container.decode(.noisy, default: false)
    }

    /// The same steps as BOBYQA's settings would give: ρ_beg and ρ_end per parameter, physical units.
    var steps: NLoptOptions {
        NLoptOptions(initialStep: initialStep, minimumStep: minimumStep)
    }

    /// The problems with these options on `space`, if any.
    public func problems(space: Box, names: [String]) -> [String] {
        var found = steps.problems(space: space, names: names)
        if residuals.isEmpty {
            found.append(
                "dfols minimises the sum of squares of residual readings and none are named: list the observables "
                    + "that form the residual vector in the optimizer section, e.g. `dfols: {residuals: [bpm1, bpm2]}`")
        }
        if Set(residuals).count != residuals.count {
            found.append("residuals names an observable twice: \(residuals.joined(separator: ", "))")
        }
        return found
    }
}
