import VernierCore
import VernierOptimize

/// What `vernier tune --config FILE` reads: the optimiser's settings, the safety envelope's limits and extra
/// stopping conditions, each section optional.
///
/// ```yaml
/// optimizer:                 # VernierOptimize's OptimizerConfiguration
///   bayesian: {acquisition: log_ei}
/// safety:
///   max_step: 2.0e-4         # per write, physical units: one number for every parameter, or a list
///   out_of_bounds: clip      # or refuse
///   on_abort: initial        # where Ctrl-C, SIGTERM or a fault leaves the machine: initial | best | last
///   on_completion: best      # where a finished run leaves it: best | initial | last
///   hard_limits: {low: [...], high: [...]}   # default: the plant's optimisation space
///   restore_timeout_seconds: 30   # how long to wait for a device that dropped out before giving up restoring
/// stopping:
///   target_objective: 0.5    # stop once a feasible objective is at or below this
///   stagnation: {evaluations: 20, tolerance: 1.0e-3}
/// ```
struct TuneConfiguration: Codable, Hashable, OptionKeyed {
    /// The optimisers' settings.
    var optimizer = OptimizerConfiguration()
    /// The safety envelope's settings.
    var safety = SafetySection()
    /// Stopping conditions besides the budget.
    var stopping = StoppingSection()

    init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case optimizer, safety, stopping
    }

    static let optionKeys = CodingKeys.allCases.map(\.rawValue)

    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(Self.optionKeys)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        optimizer = try container.decode(.optimizer, default: OptimizerConfiguration())
        safety = try container.decode(.safety, default: SafetySection())
        stopping = try container.decode(.stopping, default: StoppingSection())
    }

    /// The `safety:` section.
    struct SafetySection: Codable, Hashable {
        /// Largest move per write of each parameter (physical units); `nil` leaves moves unsplit.
        var maxStep: [Double]?
        /// What to do with a proposal outside the hard limits.
        var outOfBounds: OutOfBoundsPolicy = .clip
        /// Where the machine goes when the run is cancelled or fails.
        var onAbort: RestoreTarget = .initial
        /// Where the machine goes when the run completes.
        var onCompletion: RestoreTarget = .best
        /// Tighter limits than the optimisation space, if any.
        var hardLimits: Box?
        /// Seconds to wait for a device that dropped out before giving up on restoring it (> 0).
        var restoreTimeout: Double = 30

        init() {}

        enum CodingKeys: String, CodingKey, CaseIterable {
            case maxStep = "max_step", outOfBounds = "out_of_bounds", onAbort = "on_abort"
            case onCompletion = "on_completion", hardLimits = "hard_limits"
            case restoreTimeout = "restore_timeout_seconds"
        }

        init(from decoder: any Decoder) throws {
            try decoder.rejectUnknownKeys(CodingKeys.allCases.map(\.rawValue))
            let container = try decoder.container(keyedBy: CodingKeys.self)
            if let scalar = try? container.decode(Double.self, forKey: .maxStep) {
                maxStep = [scalar]
            } else {
                maxStep = try container.decodeIfPresent([Double].self, forKey: .maxStep)
            }
            outOfBounds = try container.decode(.outOfBounds, default: .clip)
            onAbort = try container.decode(.onAbort, default: .initial)
            onCompletion = try container.decode(.onCompletion, default: .best)
            restoreTimeout = try container.decode(.restoreTimeout, default: 30)
            guard restoreTimeout > 0, restoreTimeout.isFinite else {
                throw DecodingError.dataCorruptedError(forKey: .restoreTimeout, in: container,
                    debugDescription: "restore_timeout_seconds must be a positive number of seconds")
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

        /// The envelope's limits for a plant whose optimisation space is `space`.
        func limits(space: Box, dryRun: Bool) -> SafetyLimits {
            let steps = maxStep.map { $0.count == 1 ? Array(repeating: $0[0], count: space.count) : $0 }
            return SafetyLimits(hardLimits: hardLimits ?? space, maxStep: steps, outOfBounds: outOfBounds,
                                onAbort: onAbort, onCompletion: onCompletion, dryRun: dryRun)
        }
    }

    /// The `stopping:` section.
    struct StoppingSection: Codable, Hashable {
        /// Stop once a feasible objective is at or below this value.
        var targetObjective: Double?
        /// Stop when the best improved by no more than `tolerance` over the last `evaluations`.
        var stagnation: StoppingConditions.Stagnation?

        init() {}

        enum CodingKeys: String, CodingKey, CaseIterable {
            case targetObjective = "target_objective", stagnation
        }

        enum StagnationKeys: String, CodingKey, CaseIterable {
            case evaluations, tolerance
        }

        init(from decoder: any Decoder) throws {
            try decoder.rejectUnknownKeys(CodingKeys.allCases.map(\.rawValue))
            let container = try decoder.container(keyedBy: CodingKeys.self)
            targetObjective = try container.decodeIfPresent(Double.self, forKey: .targetObjective)
            if container.contains(.stagnation) {
                let nested = try container.nestedContainer(keyedBy: StagnationKeys.self, forKey: .stagnation)
                stagnation = StoppingConditions.Stagnation(
                    evaluations: try nested.decode(Int.self, forKey: .evaluations),
                    tolerance: try nested.decode(.tolerance, default: 0))
            }
        }
    }
}
