/// Why an optimiser could not start or continue, with what to do about it.
public enum OptimizerError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The problem description is unusable (listed problems).
    case invalidProblem([String])
    /// The options are unusable (listed problems).
    case invalidOptions([String])
    /// The optimiser cannot honour constraints and the problem has some.
    case constraintsUnsupported(optimizer: String, constraints: [String])
    /// More points were asked for than the optimiser can suggest at once.
    case batchUnsupported(optimizer: String, requested: Int, maximum: Int)
    /// An evaluated point of the wrong length, or with the wrong number of constraint values.
    case malformedEvaluation(String)
    /// The optimiser needs an initial point and the problem has none.
    case missingInitialPoint(optimizer: String)

    public var description: String {
        switch self {
        case .invalidProblem(let problems):
            return "the optimisation problem is unusable: " + problems.joined(separator: "; ")
        case .invalidOptions(let problems):
            return "invalid optimiser options: " + problems.joined(separator: "; ")
        case .constraintsUnsupported(let optimizer, let constraints):
            return "\(optimizer) cannot honour constraints, and this problem has "
                + "\(constraints.count) (\(constraints.joined(separator: ", "))); "
                + "use Bayesian optimisation or COBYLA (which honour them), or set ignore_constraints: true (the optimizer section of `vernier tune --config`) to optimise "
                + "the objective alone"
        case .batchUnsupported(let optimizer, let requested, let maximum):
            return "\(optimizer) suggests at most \(maximum) point(s) at a time, \(requested) were requested"
        case .malformedEvaluation(let text):
            return "malformed evaluation: \(text)"
        case .missingInitialPoint(let optimizer):
            return "\(optimizer) starts from the machine's current point, and the problem has none; "
                + "set the problem's initialPoint"
        }
    }
}
