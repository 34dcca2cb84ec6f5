/// What an evaluation-run report shows: the episodes of a policy scored without learning.
public struct EvaluationRunSummary: Sendable {
    public struct Episode: Sendable, Hashable {
        public var episodeReturn: Double
        public var length: Int
        public var success: Bool?
        /// The step (1-based) at which the episode first succeeded; `nil` when it did not or it is not known.
        public var stepsToSuccess: Int?
        public init(episodeReturn: Double, length: Int, success: Bool?, stepsToSuccess: Int?) {
            self.episodeReturn = episodeReturn
            self.length = length
            self.success = success
            self.stepsToSuccess = stepsToSuccess
        }
    }

    public var header: RunHeader
    public var episodes: [Episode]
    public var metrics: [String: Double]

    public init(header: RunHeader, episodes: [Episode], metrics: [String: Double] = [:]) {
        self.header = header
        self.episodes = episodes
        self.metrics = metrics
    }
}
