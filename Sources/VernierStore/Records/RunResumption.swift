/// Everything needed to resume a run, read in one consistent snapshot of the store.
public struct RunResumption: Sendable, Hashable {
    /// The run, with its configuration.
    public var run: Run
    /// Every evaluation so far, in order.
    public var evaluations: [EvaluationRecord]
    /// The latest checkpoint (highest sequence), if any was saved.
    public var checkpoint: Checkpoint?
    /// How many episodes the run recorded (read them with ``RunStore/episodes(of:includingTraces:)``).
    public var episodeCount: Int

    public init(run: Run, evaluations: [EvaluationRecord], checkpoint: Checkpoint?, episodeCount: Int) {
        self.run = run
        self.evaluations = evaluations
        self.checkpoint = checkpoint
        self.episodeCount = episodeCount
    }
}
