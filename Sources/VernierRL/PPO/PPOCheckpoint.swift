import Foundation
import VernierMath
import VernierNN

/// Everything needed to continue a PPO run where it stopped: weights, Adam's moments, normalisation statistics,
/// the generator's state and the counters. `Codable` and self-describing, so it can be written next to a
/// policy file today and stored as one blob in the run store tomorrow (``encoded()`` / ``decode(_:)``).
///
/// Environments are not part of it (plants are not serialisable): a resumed run resets them, as SB3 does when
/// it continues a loaded model, with seeds drawn from the saved generator.
public struct PPOCheckpoint: Sendable, Hashable, Codable {
    /// The value of ``format``.
    public static let formatName = "vernier-ppo-checkpoint"
    /// The checkpoint version this build writes and reads.
    public static let currentVersion = 1

    /// Always ``formatName``.
    public var format = PPOCheckpoint.formatName
    /// Checkpoint format version.
    public var formatVersion = PPOCheckpoint.currentVersion
    /// The plant trained on.
    public var plantID: String
    /// The seed the run started with.
    public var seed: UInt64
    /// The hyperparameters.
    public var configuration: PPOConfiguration
    /// The model's layout.
    public var model: ActorCritic
    /// The flat parameter vector `[actor | log σ | critic]`.
    public var parameters: [Double]
    /// Adam's moments and step count.
    public var optimizer: Adam
    /// Observation statistics, when observations are normalised.
    public var observationNormalizer: ObservationNormalizer?
    /// Discounted-return statistics, when rewards are normalised.
    public var rewardNormalizer: RewardNormalizer?
    /// The generator, mid-stream.
    public var generator: SeededGenerator
    /// Environment steps taken.
    public var steps: Int
    /// PPO updates made.
    public var updates: Int
    /// Recent episodes.
    public var episodes: EpisodeStatistics

    /// The checkpoint as JSON (numbers round-trip exactly).
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try encoder.encode(self)
    }

    /// A checkpoint from ``encoded()`` bytes.
    ///
    /// - Throws: ``PPOCheckpointError`` naming what is wrong.
    public static func decode(_ data: Data) throws(PPOCheckpointError) -> PPOCheckpoint {
        struct Header: Decodable { var format: String?; var formatVersion: Int? }
        guard let header = try? JSONDecoder().decode(Header.self, from: data) else {
            throw .malformed("not valid JSON (truncated or corrupted?)")
        }
        guard header.format == formatName else { throw .malformed("not a PPO checkpoint (format \(header.format ?? "missing"))") }
        guard header.formatVersion == currentVersion else {
            throw .malformed("checkpoint version \(header.formatVersion.map(String.init) ?? "missing") is not \(currentVersion)")
        }
        let checkpoint: PPOCheckpoint
        do {
            checkpoint = try JSONDecoder().decode(PPOCheckpoint.self, from: data)
        } catch {
            throw .malformed("\(error)")
        }
        guard checkpoint.parameters.count == checkpoint.model.parameterCount,
              checkpoint.optimizer.firstMoment.count == checkpoint.parameters.count else {
            throw .malformed("parameter count \(checkpoint.parameters.count) does not match the model's \(checkpoint.model.parameterCount)")
        }
        return checkpoint
    }
}

/// A checkpoint that cannot be resumed.
public enum PPOCheckpointError: Error, Equatable, CustomStringConvertible {
    /// Unreadable or inconsistent contents.
    case malformed(String)
    /// The checkpoint belongs to another plant, model or configuration than the one given.
    case mismatch(String)

    public var description: String {
        switch self {
        case .malformed(let text): "cannot resume from the checkpoint: \(text)"
        case .mismatch(let text): "the checkpoint does not fit this run: \(text)"
        }
    }
}
