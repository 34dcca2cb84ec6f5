/// What a training-run report shows: every finished episode and the learner's per-update statistics.
public struct TrainingRunSummary: Sendable {
    /// One finished training episode.
    public struct Episode: Sendable, Hashable {
        /// Environment steps taken by the run when the episode had ended (all environment copies together).
        public var step: Double
        public var episodeReturn: Double
        public var length: Int
        /// Whether it reached the task's goal; `nil` when the plant or the trainer does not say.
        public var success: Bool?
        public init(step: Double, episodeReturn: Double, length: Int, success: Bool? = nil) {
            self.step = step
            self.episodeReturn = episodeReturn
            self.length = length
            self.success = success
        }
    }

    /// One update of the learner: the step it came after and its named statistics (losses, entropy, …).
    public struct Update: Sendable, Hashable {
        public var step: Int
        public var values: [String: Double]
        public init(step: Int, values: [String: Double]) {
            self.step = step
            self.values = values
        }
    }

    public var header: RunHeader
    public var episodes: [Episode]
    public var updates: [Update]
    /// The run's final figures (mean return, steps per second, …) by name.
    public var metrics: [String: Double]
    /// How `Episode/step` was obtained, said under the return plot when it is an estimate.
    public var stepNote: String?

    public init(header: RunHeader, episodes: [Episode], updates: [Update], metrics: [String: Double] = [:],
                stepNote: String? = nil) {
        self.header = header
        self.episodes = episodes
        self.updates = updates
        self.metrics = metrics
        self.stepNote = stepNote
    }
}
