/// Settings of ``Powell``; defaults are SciPy's (`minimize(method="Powell")`: `xtol = 1e-4`, `ftol = 1e-4`).
///
///     powell: {xtol: 1.0e-4, ftol: 1.0e-4}
public struct PowellOptions: Sendable, Hashable, Codable {
    /// Line-search tolerance in the box scaled to [−1, 1] (> 0): SciPy's `xtol`, each bounded line
    /// minimisation's absolute tolerance on the step. Default 1e-4.
    public var xTolerance: Double = 1e-4
    /// Converged when one sweep over all directions lowers the objective by no more than
    /// `ftol·(|f_before| + |f_after|)/2` (relative, ≥ 0). Default 1e-4.
    public var fTolerance: Double = 1e-4
    /// After converging, start again from the best point with fresh directions when asked for more points
    /// (re-measuring it, as a SciPy restart does). Default `true`.
    public var restartAfterConvergence: Bool = true

    public init(xTolerance: Double = 1e-4, fTolerance: Double = 1e-4, restartAfterConvergence: Bool = true) {
        self.xTolerance = xTolerance
        self.fTolerance = fTolerance
        self.restartAfterConvergence = restartAfterConvergence
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case xTolerance = "xtol"
        case fTolerance = "ftol"
        case restartAfterConvergence = "restart_after_convergence"
    }

    /// Every key is optional; unknown keys are refused.
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.allCases.map(\.rawValue))
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = PowellOptions()
        xTolerance = try container.decode(.xTolerance, default: defaults.xTolerance)
        fTolerance = try container.decode(.fTolerance, default: defaults.fTolerance)
        restartAfterConvergence = try container.decode(.restartAfterConvergence, default: defaults.restartAfterConvergence)
    }

    /// The problems with these options, if any.
    public func problems() -> [String] {
        var found: [String] = []
        if !(xTolerance > 0) { found.append("xtol must be > 0, got \(xTolerance)") }
        if !(fTolerance >= 0) { found.append("ftol must be ≥ 0, got \(fTolerance)") }
        return found
    }
}
