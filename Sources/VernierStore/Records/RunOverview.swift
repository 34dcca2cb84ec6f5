/// A run with the counts a listing shows.
public struct RunOverview: Sendable, Hashable {
    /// The run itself.
    public var run: Run
    /// How many evaluations it recorded.
    public var evaluationCount: Int
    /// How many episodes it recorded.
    public var episodeCount: Int
    /// How many checkpoints it holds.
    public var checkpointCount: Int

    public init(run: Run, evaluationCount: Int, episodeCount: Int, checkpointCount: Int) {
        self.run = run
        self.evaluationCount = evaluationCount
        self.episodeCount = episodeCount
        self.checkpointCount = checkpointCount
    }
}
