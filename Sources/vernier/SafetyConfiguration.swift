import VernierCore

/// The `safety:` section of `vernier tune --config` and `vernier run --config`: the envelope's limits and where
/// the machine is left, in the plant's physical units.
///
/// ```yaml
/// safety:
///   max_step: 2.0e-4         # per write: one number for every parameter, or a list (> 0 each)
///   out_of_bounds: clip      # or refuse
///   on_abort: initial        # where Ctrl-C, SIGTERM or a fault leaves the machine: initial | best | last
///   on_completion: best      # where a finished run leaves it (default: best for tune, last for run)
///   hard_limits: {low: [...], high: [...]}   # default: the plant's optimisation space, which they can only narrow
///   restore_timeout_seconds: 30   # how long to wait for a device that dropped out before giving up restoring
///   max_writes_per_move: 1000     # refuse a max_step that splits the longest possible move into more writes
/// ```
struct SafetyConfiguration: Codable, Hashable {
    /// Largest move per write of each parameter (physical units); `nil` leaves moves unsplit.
    var maxStep: [Double]?
    /// What to do with a proposal outside the hard limits.
    var outOfBounds: OutOfBoundsPolicy = .clip
    /// Where the machine goes when the run is cancelled or fails.
    var onAbort: RestoreTarget = .initial
    /// Where the machine goes when the run completes; `nil` leaves it to the host (`tune`: best, `run`: last).
    var onCompletion: RestoreTarget?
    /// Tighter limits than the optimisation space, if any.
    var hardLimits: Box?
    /// Seconds to wait for a device that dropped out before giving up on restoring it (> 0).
    var restoreTimeout: Double = 30
    /// The most writes one move across a parameter's whole range may be split into (≥ 1): a `max_step` that
    /// implies more (a unit slip: 1e-9 rad for 1e-4) is refused unless the operator raises this on purpose.
    var maxWritesPerMove: Double = Self.defaultMaxWritesPerMove

    /// The work bound when the file does not set `max_writes_per_move`.
    static let defaultMaxWritesPerMove: Double = 1_000

    init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case maxStep = "max_step", outOfBounds = "out_of_bounds", onAbort = "on_abort"
        case onCompletion = "on_completion", hardLimits = "hard_limits"
        case restoreTimeout = "restore_timeout_seconds", maxWritesPerMove = "max_writes_per_move"
    }

    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.allCases.map(\.rawValue))
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if let scalar = try? container.decode(Double.self, forKey: .maxStep) {
            maxStep = [scalar]
        } else {
            maxStep = try container.decodeIfPresent([Double].self, forKey: .maxStep)
        }
        if let bad = maxStep?.first(where: { !($0 > 0 && $0.isFinite) }) {
            throw DecodingError.dataCorruptedError(forKey: .maxStep, in: container,
                debugDescription: "max_step must be positive and finite (physical units per write), got \(bad)")
        }
        outOfBounds = try container.decode(.outOfBounds, default: .clip)
        onAbort = try container.decode(.onAbort, default: .initial)
        onCompletion = try container.decodeIfPresent(RestoreTarget.self, forKey: .onCompletion)
        restoreTimeout = try container.decode(.restoreTimeout, default: 30)
        guard restoreTimeout > 0, restoreTimeout.isFinite else {
            throw DecodingError.dataCorruptedError(forKey: .restoreTimeout, in: container,
                debugDescription: "restore_timeout_seconds must be a positive number of seconds")
        }
        maxWritesPerMove = try container.decode(.maxWritesPerMove, default: Self.defaultMaxWritesPerMove)
        guard maxWritesPerMove >= 1, maxWritesPerMove.isFinite else {
            throw DecodingError.dataCorruptedError(forKey: .maxWritesPerMove, in: container,
                debugDescription: "max_writes_per_move must be a finite number ≥ 1, got \(maxWritesPerMove)")
        }
        if let limits = try container.decodeIfPresent(LimitsText.self, forKey: .hardLimits) {
            hardLimits = Box(low: limits.low, high: limits.high)
        }
    }

    /// `hard_limits: {low: [...], high: [...]}` as written.
    struct LimitsText: Codable, Hashable {
        var low: [Double]
        var high: [Double]
    }

    /// What is wrong with these settings for a plant whose optimisation space is `space` and whose parameters are
    /// `names`, if anything: list lengths, non-positive steps, and hard limits reaching outside the plant's own
    /// ranges (hard limits can only narrow them).
    func problems(space: Box, names: [String]) -> [String] {
        let limits = limits(space: space, dryRun: false)
        var found = limits.problems(dimension: space.count)
        guard found.isEmpty else { return found }
        let (low, high) = (limits.hardLimits.low, limits.hardLimits.high)
        let wider = (0..<space.count).filter { low[$0] < space.low[$0] || high[$0] > space.high[$0] }.map {
            "\(names[$0]) [\(low[$0]), \(high[$0])] outside [\(space.low[$0]), \(space.high[$0])]"
        }
        if !wider.isEmpty {
            found.append("hard limits can only narrow the plant's ranges: \(wider.joined(separator: ", "))")
        }
        if let steps = limits.maxStep {
            // The longest move the envelope may have to make: across a parameter's whole hard-limit range.
            let writes = (0..<space.count).map { ((high[$0] - low[$0]) / steps[$0]).rounded(.up) }
            if let worst = writes.indices.max(by: { writes[$0] < writes[$1] }), writes[worst] > maxWritesPerMove {
                found.append("max_step \(steps[worst]) splits a move across \(names[worst])'s range [\(low[worst]), \(high[worst])] "
                    + "into \(Format.number(writes[worst], digits: 4)) writes, more than max_writes_per_move (\(Format.number(maxWritesPerMove, digits: 6))); "
                    + "check max_step's unit, or set max_writes_per_move to at least that number to confirm")
            }
        }
        return found
    }

    /// The envelope's limits for a plant whose optimisation space is `space`; `completion` applies when the
    /// file does not say `on_completion`.
    func limits(space: Box, dryRun: Bool, completion: RestoreTarget = .best) -> SafetyLimits {
        let steps = maxStep.map { $0.count == 1 ? Array(repeating: $0[0], count: space.count) : $0 }
        return SafetyLimits(hardLimits: hardLimits ?? space, maxStep: steps, outOfBounds: outOfBounds,
                            onAbort: onAbort, onCompletion: onCompletion ?? completion, dryRun: dryRun)
    }
}
