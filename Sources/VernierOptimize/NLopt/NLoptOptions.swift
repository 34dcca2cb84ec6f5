import VernierCore

/// Settings of the NLopt methods (``NLoptOptimizer``), in the operator's terms: how far the first moves go, how
/// small a move is worth making, and what to do after converging.
///
///     bobyqa:
///       rhobeg: [0.5, 0.5, 2.0]   # initial step per parameter, physical units (or one number for all)
///       rhoend: 0.001             # smallest step: the run converges when steps fall below it
///       restart_after_convergence: true
public struct NLoptOptions: Sendable, Hashable, Codable {
    /// ρ_beg: the initial step per parameter, **physical units** (one value for every parameter, or one per
    /// parameter; each > 0 and at most half the parameter's range, as BOBYQA requires). `nil` = 10 % of each
    /// range. NLopt's `nlopt_set_initial_step`; NEWUOA and PRAXIS take one step for all (the first value, in
    /// units scaled by it).
    public var initialStep: [Double]?
    /// ρ_end: the smallest step per parameter, physical units (0 < ρ_end ≤ ρ_beg); the method converges when
    /// its steps (trust radius) fall below it. `nil` = 10⁻⁶ of each range. NLopt's `xtol_abs`.
    public var minimumStep: [Double]?
    /// After converging, start again from the best point with the initial step when asked for more points
    /// (as Nelder–Mead does); `false` = keep re-suggesting the best point. Default `true`.
    public var restartAfterConvergence: Bool = true

    public init(initialStep: [Double]? = nil, minimumStep: [Double]? = nil, restartAfterConvergence: Bool = true) {
        self.initialStep = initialStep
        self.minimumStep = minimumStep
        self.restartAfterConvergence = restartAfterConvergence
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case initialStep = "rhobeg"
        case minimumStep = "rhoend"
        case restartAfterConvergence = "restart_after_convergence"
    }

    /// Every key is optional; `rhobeg`/`rhoend` take one number or a list; unknown keys are refused.
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.allCases.map(\.rawValue))
        let container = try decoder.container(keyedBy: CodingKeys.self)
        initialStep = try container.decodeNumberOrList(.initialStep)
        minimumStep = try container.decodeNumberOrList(.minimumStep)
        restartAfterConvergence = try container.decode(.restartAfterConvergence, default: true)
    }

    /// ρ_beg per parameter, physical units.
    public func initialSteps(for space: Box) -> [Double] {
        Self.resolve(initialStep, space: space, fraction: 0.1)
    }

    /// ρ_end per parameter, physical units.
    public func minimumSteps(for space: Box) -> [Double] {
        Self.resolve(minimumStep, space: space, fraction: 1e-6)
    }

    private static func resolve(_ given: [Double]?, space: Box, fraction: Double) -> [Double] {
        guard let given, !given.isEmpty else {
            return zip(space.high, space.low).map { fraction * ($0 - $1) }
        }
        return given.count == 1 ? Array(repeating: given[0], count: space.count) : given
    }

    /// The problems with these options on `space`, if any.
    public func problems(space: Box, names: [String]) -> [String] {
        var found: [String] = []
        for (key, given) in [("rhobeg", initialStep), ("rhoend", minimumStep)] {
            if let given, given.count != 1, given.count != space.count {
                found.append("\(key) has \(given.count) values for \(space.count) parameters; give one number or one per parameter")
            }
        }
        guard found.isEmpty else { return found }
        let begin = initialSteps(for: space)
        let end = minimumSteps(for: space)
        for index in 0..<space.count {
            let name = index < names.count ? names[index] : "parameter \(index)"
            let range = space.high[index] - space.low[index]
            if !(begin[index] > 0 && begin[index] <= range / 2) {
                found.append("rhobeg for \(name) must be in (0, \(range / 2)] (half its range), got \(begin[index])")
            }
            if !(end[index] > 0 && end[index] <= begin[index]) {
                found.append("rhoend for \(name) must be in (0, rhobeg = \(begin[index])], got \(end[index])")
            }
        }
        return found
    }
}
