/// What PPO cannot run with.
public enum PPOError: Error, Equatable, CustomStringConvertible {
    /// Hyperparameters out of range.
    case invalidConfiguration([String])
    /// The plant's spaces are unusable for PPO.
    case unsupportedPlant(String)

    public var description: String {
        switch self {
        case .invalidConfiguration(let problems): "invalid PPO configuration: \(problems.joined(separator: "; "))"
        case .unsupportedPlant(let text): "PPO cannot train on this plant: \(text)"
        }
    }
}
