/// What one evaluation of an optimisation problem returns.
public struct Evaluation: Sendable, Hashable, Codable {
    /// The objective to **minimise**, in the unit the problem's `objectiveName` states.
    public var objective: Double
    /// One value per constraint of the problem, in the same order.
    public var constraints: [Double]
    /// Further measured quantities, by name (gain, bandwidth, RMS per plane…), for logs and reports.
    public var observables: [String: Double]

    public init(objective: Double, constraints: [Double] = [], observables: [String: Double] = [:]) {
        self.objective = objective
        self.constraints = constraints
        self.observables = observables
    }

    /// Whether every constraint value satisfies its constraint.
    public func isFeasible(under constraints: [Constraint]) -> Bool {
        zip(constraints, self.constraints).allSatisfy { $0.isSatisfied(by: $1) }
            && constraints.count == self.constraints.count
    }
}
