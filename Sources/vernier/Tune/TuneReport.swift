import VernierCore

/// What `vernier tune --json` prints (snake_case keys).
struct TuneReport: Encodable {
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
    var evaluations: [EvaluationJSON]
    /// With `--study`: the whole study, all workers (omitted otherwise).
    var study: StudyReport?

    enum CodingKeys: String, CodingKey {
        case runID = "run_id", status, plant, optimizer, objectiveName, parameterNames, bestObjective
        case bestParameters, stopReason, restore, dryRun, store, evaluations, study
    }
}
