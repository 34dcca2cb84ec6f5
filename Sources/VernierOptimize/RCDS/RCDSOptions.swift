/// Settings of ``RCDS``; defaults are Xopt's (`RCDSGenerator`: `step = 0.01`, `noise = 1e-5`).
///
///     rcds:
///       step: 0.05      # initial bracketing step, fraction of each parameter's range
///       noise: 0.02     # σ of the objective's noise, objective units
public struct RCDSOptions: Sendable, Hashable, Codable {
    /// The initial step of each bracketing search, as a fraction of each parameter's range (0 < step ≤ 0.5;
    /// RCDS works in the unit cube of the box). Default 0.01, as in Xopt.
    public var step: Double = 0.01
    /// The objective's noise σ, objective units (≥ 0): a point counts as worse only when it is more than 3σ above
    /// the best (Huang 2013). Default 1e-5, as in Xopt; set it to the measured noise of the machine.
    public var noise: Double = 1e-5
    /// Points sampled across each bracket for the parabola fit (≥ 6, Huang's `Np`). Default 6.
    public var lineScanPoints: Int = 6
    /// Reuse the bracketing evaluations that fall on the line scan's grid, as Huang's MATLAB code does
    /// (saves evaluations). Xopt's port compares the wrong column and in effect never reuses them; `false`
    /// reproduces Xopt's evaluations. Default `true`.
    public var reuseBracketPoints: Bool = true

    public init(step: Double = 0.01, noise: Double = 1e-5, lineScanPoints: Int = 6, reuseBracketPoints: Bool = true) {
        self.step = step
        self.noise = noise
        self.lineScanPoints = lineScanPoints
        self.reuseBracketPoints = reuseBracketPoints
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case step, noise
        case lineScanPoints = "line_scan_points"
        case reuseBracketPoints = "reuse_bracket_points"
    }

    /// Every key is optional; unknown keys are refused.
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.allCases.map(\.rawValue))
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = RCDSOptions()
        step = try container.decode(.step, default: defaults.step)
        noise = try container.decode(.noise, default: defaults.noise)
        lineScanPoints = try container.decode(.lineScanPoints, default: defaults.lineScanPoints)
        reuseBracketPoints = try container.decode(.reuseBracketPoints, default: defaults.reuseBracketPoints)
    }

    /// The problems with these options, if any.
    public func problems() -> [String] {
        var found: [String] = []
        if !(step > 0 && step <= 0.5) { found.append("step must be in (0, 0.5] (a fraction of each range), got \(step)") }
        if !(noise >= 0 && noise.isFinite) { found.append("noise must be a finite σ ≥ 0, got \(noise)") }
        if lineScanPoints < 6 { found.append("line_scan_points must be at least 6, got \(lineScanPoints)") }
        return found
    }
}
