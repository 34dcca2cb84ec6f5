/// What a run did: tune a plant with an optimiser, train a policy, evaluate a policy, or run one on a plant.
///
/// An open set (a struct, not an enum) so that a store written by a newer Vernier with a new kind of run still
/// reads: an unknown kind shows by its raw text. The schema places no constraint on the text.
public struct RunKind: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
    /// The kind as stored and shown, e.g. `tune`.
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }

    /// `vernier tune`: an optimiser drives a `SingleOptimizable`; the run records evaluations and checkpoints.
    public static let tune = RunKind(rawValue: "tune")
    /// `vernier train`: a learner (PPO) trains a policy; the run records episodes and checkpoints.
    public static let train = RunKind(rawValue: "train")
    /// `vernier evaluate`: a trained policy is scored over episodes without learning.
    public static let evaluate = RunKind(rawValue: "evaluate")
    /// A trained policy steers a plant (typically the real machine); the run records its episodes.
    public static let run = RunKind(rawValue: "run")
    /// `vernier scan`: a JPA re-tuned at each target frequency of a haloscope scan; the run records every
    /// measurement, and after each step a checkpoint holding the operating points so far.
    public static let scan = RunKind(rawValue: "scan")

    public var description: String { rawValue }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
