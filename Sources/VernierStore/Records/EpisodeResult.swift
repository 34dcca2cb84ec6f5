/// One finished episode, as a learner or evaluator hands it to the store.
public struct EpisodeResult: Sendable, Hashable {
    /// The undiscounted sum of the episode's rewards, G = Σₜ rₜ.
    public var episodeReturn: Double
    /// The number of steps (≥ 0).
    public var length: Int
    /// Whether the episode reached the task's goal; `nil` when the environment defines no success.
    public var success: Bool?
    /// The step (1-based) at which the episode first reached its goal; `nil` when it did not, or when the
    /// recorder does not say.
    public var stepsToSuccess: Int?
    /// The seed the episode was reset with, if any.
    public var seed: UInt64?
    /// Every step, when the caller keeps them; its length must equal `length`.
    public var trace: EpisodeTrace?

    public init(episodeReturn: Double, length: Int, success: Bool? = nil, stepsToSuccess: Int? = nil, seed: UInt64? = nil,
                trace: EpisodeTrace? = nil) {
        self.episodeReturn = episodeReturn
        self.length = length
        self.success = success
        self.stepsToSuccess = stepsToSuccess
        self.seed = seed
        self.trace = trace
    }
}
