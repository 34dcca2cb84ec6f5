import VernierStore

/// One recorded evaluation as `--json` prints it (`vernier tune`, `vernier runs show`).
struct EvaluationJSON: Encodable {
    var index: Int
    var parameters: [Double]
    var objective: Double
    var constraints: [Double]
    var observables: [String: Double]
    var wallTime: Double
    var feasible: Bool
    var recordedAt: String

    init(_ record: EvaluationRecord) {
        index = record.index
        parameters = record.parameters
        objective = record.objective
        constraints = record.constraints
        observables = record.observables
        wallTime = record.wallTime
        feasible = record.isFeasible
        recordedAt = Format.isoTime(record.recordedAt)
    }
}
