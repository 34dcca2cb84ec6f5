/// One rule of the plant checker: the union of CERN COI's `coi.check` and Gymnasium's `check_env` rules
/// that apply to Vernier's typed contract.
public enum CheckRule: String, Sendable, Hashable, Codable, CaseIterable {
    // MARK: Metadata
    /// The machine is named, render modes are listed once each, the episode limit (if any) is positive.
    case metadataValid = "metadata-valid"

    // MARK: SingleOptimizable (coi.check)
    /// The optimisation space is a box with finite, ordered bounds and a consistent shape.
    case optimizationSpaceBounds = "optimization-space-bounds"
    /// There is one distinct, non-empty parameter name per parameter, and the objective is named.
    case namesMatchShapes = "names-match-shapes"
    /// Constraint names are distinct and non-empty, and every evaluation returns one finite value per constraint.
    case constraintsMatchValues = "constraints-match-values"
    /// The initial point has the space's dimension and lies inside it.
    case initialPointInSpace = "initial-point-in-space"
    /// The same seed gives the same initial point.
    case initialPointReproducible = "initial-point-reproducible"
    /// The objective is finite at the initial point and at random points of the space.
    case objectiveFinite = "objective-finite"

    // MARK: Environment (check_env)
    /// The observation space has ordered, non-NaN bounds (infinite allowed).
    case observationSpaceValid = "observation-space-valid"
    /// The action space has finite, ordered bounds, or is a non-empty discrete set.
    case actionSpaceValid = "action-space-valid"
    /// A continuous action space is exactly `[-1, 1]ⁿ`.
    case actionsNormalized = "actions-normalized"
    /// The same seed gives the same first observation.
    case resetReproducible = "reset-reproducible"
    /// `reset(seed: nil)` continues the generator: it neither reseeds from entropy nor repeats the last seed.
    case resetNilDoesNotReseed = "reset-nil-does-not-reseed"
    /// Observations from `reset` and `step` lie in the observation space.
    case observationInSpace = "observation-in-space"
    /// Observations and rewards are finite numbers.
    case stepResultsFinite = "step-results-finite"
    /// The same seed and the same actions give the same steps.
    case stepReproducible = "step-reproducible"
    /// A time limit is reported as `truncated`, never as `terminated`, and not before the limit.
    case terminatedTruncatedApart = "terminated-truncated-apart"

    // MARK: Life cycle
    /// `close()` can be called twice.
    case closeIsIdempotent = "close-is-idempotent"

    /// What the rule asks, in one line.
    public var summary: String {
        switch self {
        case .metadataValid: "metadata names the machine, lists render modes once each, and any episode limit is positive"
        case .optimizationSpaceBounds: "the optimisation space has finite, ordered bounds and a consistent shape"
        case .namesMatchShapes: "one distinct name per parameter, and a named objective"
        case .constraintsMatchValues: "distinct constraint names, one finite value per constraint in every evaluation"
        case .initialPointInSpace: "the initial point lies in the optimisation space"
        case .initialPointReproducible: "the same seed gives the same initial point"
        case .objectiveFinite: "the objective is finite at the initial point and at random points"
        case .observationSpaceValid: "the observation space has ordered, non-NaN bounds"
        case .actionSpaceValid: "the action space has finite, ordered bounds or is a non-empty discrete set"
        case .actionsNormalized: "continuous actions are normalised to [-1, 1]"
        case .resetReproducible: "the same seed gives the same first observation"
        case .resetNilDoesNotReseed: "reset(seed: nil) continues the random stream, never reseeds"
        case .observationInSpace: "observations lie in the observation space"
        case .stepResultsFinite: "observations and rewards are finite"
        case .stepReproducible: "the same seed and actions give the same steps"
        case .terminatedTruncatedApart: "a time limit is reported as truncated, not terminated"
        case .closeIsIdempotent: "close() can be called twice"
        }
    }
}

/// One broken rule: which, and the values the checker saw.
public struct CheckDiagnostic: Error, Sendable, Hashable, Codable, CustomStringConvertible {
    public var rule: CheckRule
    /// What was seen, with the offending values.
    public var message: String

    public init(rule: CheckRule, message: String) {
        self.rule = rule
        self.message = message
    }

    public var description: String { "[\(rule.rawValue)] \(message)" }
}
