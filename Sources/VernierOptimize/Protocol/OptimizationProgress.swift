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
    /// The infeasible evaluation closest to feasibility so far (least total constraint violation, in the
    /// constraints' units; a NaN constraint value counts as infinitely far): what to report when no feasible
    /// point was found. `nil` until an infeasible evaluation with a finite violation is seen.
    public private(set) var closest: EvaluatedPoint?
    /// The total violation of ``closest``.
    public private(set) var closestViolation: Double?

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
        if !point.evaluation.isFeasible(under: constraints), point.evaluation.constraints.count == constraints.count {
            let violation = zip(constraints, point.evaluation.constraints).reduce(0) { $0 + $1.0.violation(of: $1.1) }
            if violation.isFinite, violation < (closestViolation ?? .infinity) {
                closest = point
                closestViolation = violation
            }
        }
    }
}
