/// What a run found so far, kept with the run so a listing needs no scan of its evaluations.
///
/// The recorder updates it as the run goes (typically with each evaluation, in the same transaction);
/// every field is optional because a run that has not evaluated anything yet has no best point.
public struct RunSummary: Sendable, Hashable, Codable {
    /// The lowest objective seen (the objective is minimised), in the problem's objective unit.
    public var bestObjective: Double?
    /// The parameters at which `bestObjective` was measured.
    public var bestParameters: [Double]?
    /// The index (0-based) of the evaluation that gave `bestObjective`.
    public var bestEvaluationIndex: Int?
    /// Further figures by name, free for each kind of run (e.g. `mean_return` for training), for listings.
    public var metrics: [String: Double]

    public init(
        bestObjective: Double? = nil, bestParameters: [Double]? = nil, bestEvaluationIndex: Int? = nil,
        metrics: [String: Double] = [:]
    ) {
        self.bestObjective = bestObjective
        self.bestParameters = bestParameters
        self.bestEvaluationIndex = bestEvaluationIndex
        self.metrics = metrics
    }

    /// Nothing found yet.
    public static let empty = RunSummary()

    /// This summary after evaluation `index`: the evaluation becomes the best when it is feasible and its
    /// objective is below the best so far (a NaN objective never is; ties keep the earlier one). Metrics are
    /// kept.
    public func updated(afterEvaluation index: Int, parameters: [Double], objective: Double, isFeasible: Bool) -> RunSummary {
        guard isFeasible, !objective.isNaN, objective < bestObjective ?? .infinity || bestObjective == nil else {
            return self
        }
        return RunSummary(bestObjective: objective, bestParameters: parameters, bestEvaluationIndex: index,
                          metrics: metrics)
    }

    // Stored as JSON in `run.summary`; the keys are spelled out so the stored text does not depend on an
    // encoder's key strategy (and reads well in `json_extract(summary, '$.best_objective')`).
    enum CodingKeys: String, CodingKey {
        case bestObjective = "best_objective"
        case bestParameters = "best_parameters"
        case bestEvaluationIndex = "best_evaluation_index"
        case metrics
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        bestObjective = try container.decodeIfPresent(Double.self, forKey: .bestObjective)
        bestParameters = try container.decodeIfPresent([Double].self, forKey: .bestParameters)
        bestEvaluationIndex = try container.decodeIfPresent(Int.self, forKey: .bestEvaluationIndex)
        metrics = try container.decodeIfPresent([String: Double].self, forKey: .metrics) ?? [:]
    }
}
