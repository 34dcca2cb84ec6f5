/// An optimisation problem whose space, starting point and objective depend on a context value.
///
/// COI's `FunctionOptimizable` generalised: the context is the time in the machine cycle there, a target
/// frequency for a JPA here. Each context value is a separate `SingleOptimizable`-like problem.
public protocol ContextualOptimizable: Plant {
    /// Name and unit of the context value, e.g. "target frequency (GHz)".
    var contextName: String { get }
    /// The context values the plant accepts.
    var contextRange: ClosedRange<Double> { get }
    /// One name per parameter, in order.
    var parameterNames: [String] { get }
    /// Name and unit of the objective.
    var objectiveName: String { get }
    /// The constraints each evaluation reports values for.
    var constraints: [Constraint] { get }

    /// The parameter box at `context`.
    func optimizationSpace(context: Double) throws -> Box
    /// The starting point at `context`.
    mutating func initialParameters(context: Double, seed: UInt64?) throws -> [Double]
    /// Sets the machine to `parameters` for `context` and measures.
    mutating func evaluate(_ parameters: [Double], context: Double) throws -> Evaluation
}

extension ContextualOptimizable {
    public var constraints: [Constraint] { [] }
}
