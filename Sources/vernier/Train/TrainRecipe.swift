import VernierCore
import VernierRL

/// What a training run needs to be resumed, stored as the run's configuration (the hyperparameters travel
/// in the checkpoint too).
struct TrainRecipe: Codable {
    /// The registered plant.
    var plantID: String
    /// The plant's options as given (file contents or inline YAML), if any.
    var plantOptions: String?
    /// Where the options came from, for messages and relative paths.
    var plantOptionsSource: String?
    /// The policy file to write (absolute path).
    var out: String
    /// The command's seed: the trainer is its one random consumer (weights, exploration, minibatches, and the
    /// seeds of its environments' resets).
    var seed: UInt64
    /// The PPO hyperparameters.
    var configuration: PPOConfiguration

    /// The stored options, parsed again.
    func plantOptionsDocument() throws -> PlantOptions {
        try PlantFactory.storedOptions(text: plantOptions, source: plantOptionsSource)
    }
}
