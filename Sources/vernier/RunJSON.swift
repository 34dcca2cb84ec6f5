import VernierStore

/// One run as `vernier runs --json` lists it and as `vernier runs show --json` begins (snake_case keys; absent
/// values omitted): the same fields, declared once.
struct RunJSON: Encodable {
    var runId: String
    var kind: String
    var plant: String
    var algorithm: String
    var status: String
    var statusMessage: String?
    var seed: UInt64?
    var evaluationCount: Int
    var episodeCount: Int
    var checkpointCount: Int
    var bestObjective: Double?
    var bestParameters: [Double]?
    /// The run's summary metrics, in the vocabulary of ``RunMetrics``.
    var metrics: [String: Double]
    var createdAt: String
    var updatedAt: String

    init(_ overview: RunOverview) {
        let run = overview.run
        runId = run.id.description
        kind = run.kind.rawValue
        plant = run.plant
        algorithm = run.algorithm
        status = run.status.rawValue
        statusMessage = run.statusMessage
        seed = run.seed
        evaluationCount = overview.evaluationCount
        episodeCount = overview.episodeCount
        checkpointCount = overview.checkpointCount
        bestObjective = run.summary.bestObjective
        bestParameters = run.summary.bestParameters
        metrics = run.summary.metrics
        createdAt = Format.isoTime(run.createdAt)
        updatedAt = Format.isoTime(run.updatedAt)
    }
}
