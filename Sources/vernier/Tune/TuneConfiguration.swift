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
///   on_completion: best      # where a finished run leaves it: best | initial | last (default best)
///   hard_limits: {low: [...], high: [...]}   # default: the plant's optimisation space, which they can only narrow
///   restore_timeout_seconds: 30   # how long to wait for a device that dropped out before giving up restoring
/// stopping:
///   target_objective: 0.5    # stop once a feasible objective is at or below this
///   stagnation: {evaluations: 20, tolerance: 1.0e-3}
/// ```
struct TuneConfiguration: Codable, Hashable, OptionKeyed {
    /// The optimisers' settings.
    var optimizer = OptimizerConfiguration()
    /// The safety envelope's settings.
    var safety = SafetyConfiguration()
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
        safety = try container.decode(.safety, default: SafetyConfiguration())
        stopping = try container.decode(.stopping, default: StoppingSection())
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
            if let targetObjective, targetObjective.isNaN {
                throw DecodingError.dataCorruptedError(forKey: .targetObjective, in: container,
                    debugDescription: "target_objective must be a number, got NaN")
            }
            if container.contains(.stagnation) {
                let nested = try container.nestedContainer(keyedBy: StagnationKeys.self, forKey: .stagnation)
                let window = try nested.decode(Int.self, forKey: .evaluations)
                guard window >= 1 else {
                    throw DecodingError.dataCorruptedError(forKey: .evaluations, in: nested,
                        debugDescription: "stagnation.evaluations is the window of evaluations without improvement: at least 1, got \(window)")
                }
                let tolerance = try nested.decode(.tolerance, default: 0.0)
                guard tolerance >= 0, tolerance.isFinite else {
                    throw DecodingError.dataCorruptedError(forKey: .tolerance, in: nested,
                        debugDescription: "stagnation.tolerance must be a finite number ≥ 0, got \(tolerance)")
                }
                stagnation = StoppingConditions.Stagnation(evaluations: window, tolerance: tolerance)
            }
        }
    }
}
