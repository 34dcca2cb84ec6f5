/// The shared study a `vernier tune --study` worker worked on, as `--json` prints it (snake_case keys).
struct StudyReport: Encodable {
    /// The study's name (`--study`).
    var name: String
    /// The study's budget: done points it stops at, across workers.
    var budget: Int
    /// Points done so far (all workers).
    var pointsDone: Int
    /// How many different workers evaluated its done points.
    var workers: Int
    /// The lowest objective among the done points (feasibility not considered), `nil` before any is done.
    var lowestObjective: Double?
    /// Where it was found, physical units.
    var lowestParameters: [Double]?

    enum CodingKeys: String, CodingKey {
        case name, budget, pointsDone = "points_done", workers, lowestObjective = "lowest_objective"
        case lowestParameters = "lowest_parameters"
    }
}
