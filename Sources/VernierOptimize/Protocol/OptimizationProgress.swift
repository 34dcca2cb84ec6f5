import VernierCore

/// What an optimiser has seen so far: the evaluation count, the best feasible point, the best value after
/// each evaluation (for stagnation), and whether the optimiser itself judges it has converged.
///
/// Every optimiser keeps one, updated in `ingest`; ``StoppingConditions/stopReason(for:)`` reads it.
/// "Best" is the lowest finite objective among evaluations that satisfy every constraint; with no feasible
/// evaluation yet it is `nil` and the best value is +∞.
public struct OptimizationProgress: Sendable, Hashable, Codable {
    /// Number of evaluations ingested.
    public private(set) var evaluationCount = 0
    /// The best feasible evaluation so far, if any.
    public private(set) var best: EvaluatedPoint?
    /// The 1-based evaluation number at which ``best`` was found.
    public private(set) var bestEvaluationNumber: Int?
    /// The best feasible objective after each evaluation (+∞ before the first feasible one).
    public private(set) var bestObjectiveHistory: [Double] = []
    /// Set by the optimiser when it has converged by its own criterion (e.g. "simplex smaller than the
    /// tolerance"); `nil` while it is still working.
    public internal(set) var convergence: String?

    public init() {}

    /// The best feasible objective so far, +∞ when there is none.
    public var bestObjective: Double { best?.objective ?? .infinity }

    /// Folds in one evaluation of a problem with `constraints`.
    public mutating func record(_ point: EvaluatedPoint, constraints: [Constraint]) {
        evaluationCount += 1
        let objective = point.objective
        if objective.isFinite, point.evaluation.isFeasible(under: constraints), objective < bestObjective {
            best = point
            bestEvaluationNumber = evaluationCount
        }
        bestObjectiveHistory.append(bestObjective)
    }
}
