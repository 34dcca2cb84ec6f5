import VernierCore

/// A point that was evaluated and what the evaluation returned: what an optimiser ingests.
///
/// `parameters` must be the point actually set on the machine (after any clipping by the safety envelope), in
/// the problem's physical units, not necessarily the point that was suggested.
public struct EvaluatedPoint: Sendable, Hashable, Codable {
    /// The parameters evaluated, physical units.
    public var parameters: [Double]
    /// Objective, constraint values and observables measured there.
    public var evaluation: Evaluation

    public init(parameters: [Double], evaluation: Evaluation) {
        self.parameters = parameters
        self.evaluation = evaluation
    }

    /// Shorthand for an evaluation with only an objective (and optional constraint values).
    public init(parameters: [Double], objective: Double, constraints: [Double] = []) {
        self.init(parameters: parameters, evaluation: Evaluation(objective: objective, constraints: constraints))
    }

    /// The objective value.
    public var objective: Double { evaluation.objective }
}
