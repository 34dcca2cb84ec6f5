/// What `vernier train --json` prints (snake_case keys; a value that does not exist yet — the mean return
/// before the first episode ends — is omitted).
struct TrainReport: Encodable {
    var plantId: String
    var algorithm: String
    var steps: Int
    var updates: Int
    var seed: UInt64
    var seconds: Double
    var stepsPerSecond: Double
    var meanReturn: Double?
    var meanEpisodeLength: Double?
    var episodes: Int
    var policy: String
    var runId: String
    var resumed: Bool
    var interrupted: Bool
}
