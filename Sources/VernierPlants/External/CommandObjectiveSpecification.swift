import VernierCore

/// The `--space FILE.yaml` of `vernier tune --objective-cmd`: the parameters an external evaluator takes, the
/// constraints it reports, and how long one evaluation may take.
///
/// ```yaml
/// objective_name: "beam loss (%)"
/// parameters:
///   - {name: quad_1, low: -2.0, high: 2.0, initial: 0.1}
///   - {name: quad_2, low: -2.0, high: 2.0}        # initial defaults to the centre
/// constraints:
///   - {name: beam_size_mm, upper: 1.5}
/// timeout_seconds: 30
/// ```
public struct CommandObjectiveSpecification: OptionKeyed, Sendable, Hashable {
    /// One tuned parameter.
    public struct Parameter: Decodable, Sendable, Hashable {
        /// Name shown in logs and the run store.
        public var name: String
        /// Lower and upper bound, in the evaluator's units; finite, low < high.
        public var low: Double
        public var high: Double
        /// The starting value; defaults to the centre of the interval.
        public var initial: Double?
    }

    /// One constraint the evaluator reports a value for: feasible when `lower ≤ value ≤ upper`.
    public struct ConstraintBound: Decodable, Sendable, Hashable {
        public var name: String
        public var lower: Double?
        public var upper: Double?
    }

    /// Name and unit of the objective the evaluator returns (minimised).
    public var objectiveName: String
    /// The parameters, in the order of the `x` array sent to the evaluator.
    public var parameters: [Parameter]
    /// The constraints, in the order of the `constraints` array the evaluator returns.
    public var constraints: [ConstraintBound]
    /// Longest wait for one answer, in seconds (> 0).
    public var timeoutSeconds: Double

    enum CodingKeys: String, CodingKey, CaseIterable {
        case objectiveName = "objective_name", parameters, constraints
        case timeoutSeconds = "timeout_seconds"
    }

    public static let optionKeys = CodingKeys.allCases.map(\.rawValue)

    public init(objectiveName: String = "objective", parameters: [Parameter], constraints: [ConstraintBound] = [],
                timeoutSeconds: Double = 30) {
        self.objectiveName = objectiveName
        self.parameters = parameters
        self.constraints = constraints
        self.timeoutSeconds = timeoutSeconds
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        objectiveName = try container.decode(.objectiveName, default: "objective")
        parameters = try container.decode([Parameter].self, forKey: .parameters)
        constraints = try container.decode(.constraints, default: [])
        timeoutSeconds = try container.decode(.timeoutSeconds, default: 30)
        func refuse(_ key: CodingKeys, _ message: String) -> DecodingError {
            DecodingError.dataCorruptedError(forKey: key, in: container, debugDescription: message)
        }
        guard !parameters.isEmpty else { throw refuse(.parameters, "list at least one parameter with name, low and high") }
        for parameter in parameters {
            guard parameter.low.isFinite, parameter.high.isFinite, parameter.low < parameter.high else {
                throw refuse(.parameters, "parameter \(parameter.name): low \(parameter.low) must be finite and below high \(parameter.high)")
            }
            // Optimisers scale each parameter by its width (found by fuzzing, issue 16: [-1e308, 1e308]).
            guard (parameter.high - parameter.low).isFinite else {
                throw refuse(.parameters, "parameter \(parameter.name): the range [\(parameter.low), \(parameter.high)] is too wide for its width to be a number")
            }
            if let initial = parameter.initial, !(initial >= parameter.low && initial <= parameter.high) {
                throw refuse(.parameters, "parameter \(parameter.name): initial \(initial) lies outside [\(parameter.low), \(parameter.high)]")
            }
        }
        let names = parameters.map(\.name)
        guard Set(names).count == names.count, !names.contains("") else {
            throw refuse(.parameters, "parameter names must be distinct and non-empty: \(names)")
        }
        for bound in constraints where bound.lower == nil && bound.upper == nil {
            throw refuse(.constraints, "constraint \(bound.name) needs a lower or an upper limit")
        }
        // A constraint no value can meet made every evaluation infeasible, silently (found by fuzzing, issue 16).
        for bound in constraints where !((bound.lower ?? -.infinity) <= (bound.upper ?? .infinity)) {
            throw refuse(.constraints, "constraint \(bound.name): lower \(bound.lower ?? -.infinity) must be a number at or below upper \(bound.upper ?? .infinity)")
        }
        guard timeoutSeconds > 0, timeoutSeconds.isFinite else {
            throw refuse(.timeoutSeconds, "timeout_seconds must be a positive number of seconds, got \(timeoutSeconds)")
        }
    }

    /// The parameter box.
    public var space: Box {
        Box(low: parameters.map(\.low), high: parameters.map(\.high))
    }

    /// The starting point: each parameter's `initial`, or the centre of its interval.
    public var initialPoint: [Double] {
        // Halves first: (low + high) / 2 overflows to ∞ for [1e308, 1.7e308] (found by fuzzing, issue 16).
        parameters.map { $0.initial ?? $0.low / 2 + $0.high / 2 }
    }

    /// The constraints in Vernier's form.
    public var vernierConstraints: [Constraint] {
        constraints.map { Constraint(name: $0.name, lowerBound: $0.lower ?? -.infinity, upperBound: $0.upper ?? .infinity) }
    }
}
