import VernierCore

/// What `vernier tune --json` prints (snake_case keys).
struct TuneReport: Encodable {
    /// One evaluation, in order.
    struct EvaluationEntry: Encodable {
        var index: Int
        var parameters: [Double]
        var objective: Double
        var constraints: [Double]
        var observables: [String: Double]
        var feasible: Bool
        var wallTime: Double
    }

    var runID: String
    var status: String
    var plant: String
    var optimizer: String
    var objectiveName: String
    var parameterNames: [String]
    var bestObjective: Double?
    var bestParameters: [Double]?
    var stopReason: String?
    var restore: RestoreReport?
    var dryRun: Bool
    var store: String
    var evaluations: [EvaluationEntry]

    enum CodingKeys: String, CodingKey {
        case runID = "run_id", status, plant, optimizer, objectiveName, parameterNames, bestObjective
        case bestParameters, stopReason, restore, dryRun, store, evaluations
    }
}
