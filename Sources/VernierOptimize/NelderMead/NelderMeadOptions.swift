/// Settings of ``NelderMead``. Defaults are chosen to converge, not to stop early: the tolerances are tight,
/// so a run ends on its budget or on a genuinely collapsed simplex (the Python COI's Nelder–Mead, with
/// SciPy's absolute tolerances on an objective of order 1, stops after 4 evaluations).
public struct NelderMeadOptions: Sendable, Hashable, Codable {
    /// Initial simplex edge as a fraction of each parameter's range (0 < step ≤ 0.5); default 0.1. The simplex
    /// is scaled to the space, not to the start point (SciPy's 5 % of x₀ is no simplex at all when x₀ = 0).
    public var initialStep: Double = 0.1
    /// Gao & Han (2012) dimension-adaptive coefficients (expansion 1 + 2/n, contraction 0.75 − 1/(2n),
    /// shrink 1 − 1/n) for n ≥ 2; `false` = the classic 1, 2, ½, ½. Default `true`.
    public var adaptive: Bool = true
    /// Converged when every vertex is within this distance of the best, per parameter, as a fraction of its
    /// range (> 0); default 1e-6.
    public var xTolerance: Double = 1e-6
    /// … and every vertex value within this of the best value, objective units (≥ 0); default 1e-9.
    public var fTolerance: Double = 1e-9
    /// After converging, start a fresh simplex of ``initialStep`` around the best point when asked for more
    /// points (a restart escapes the false convergence NM is known for); default `true`.
    public var restartAfterConvergence: Bool = true

    public init(
        initialStep: Double = 0.1, adaptive: Bool = true, xTolerance: Double = 1e-6, fTolerance: Double = 1e-9,
        restartAfterConvergence: Bool = true
    ) {
        self.initialStep = initialStep
        self.adaptive = adaptive
        self.xTolerance = xTolerance
        self.fTolerance = fTolerance
        self.restartAfterConvergence = restartAfterConvergence
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case initialStep = "initial_step"
        case adaptive
        case xTolerance = "x_tolerance"
        case fTolerance = "f_tolerance"
        case restartAfterConvergence = "restart_after_convergence"
    }

    /// Every key is optional; unknown keys are refused.
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.allCases.map(\.rawValue))
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = NelderMeadOptions()
        initialStep = try container.decode(.initialStep, default: defaults.initialStep)
        adaptive = try container.decode(.adaptive, default: defaults.adaptive)
        xTolerance = try container.decode(.xTolerance, default: defaults.xTolerance)
        fTolerance = try container.decode(.fTolerance, default: defaults.fTolerance)
        restartAfterConvergence = try container.decode(
            .restartAfterConvergence, default: defaults.restartAfterConvergence)
    }

    /// The problems with these options, if any.
    public func problems() -> [String] {
        var found: [String] = []
        if !(initialStep > 0 && initialStep <= 0.5) {
            found.append("initialStep must be in (0, 0.5] (a fraction of each range), got \(initialStep)")
        }
        if !(xTolerance > 0) { found.append("xTolerance must be > 0, got \(xTolerance)") }
        if !(fTolerance >= 0) { found.append("fTolerance must be ≥ 0, got \(fTolerance)") }
        return found
    }
}
