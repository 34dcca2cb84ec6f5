/// Where a run stands after an update (for the progress line and the final report).
public struct PPOProgress: Sendable, Hashable {
    /// Environment steps taken.
    public var steps: Int
    /// The budget.
    public var totalSteps: Int
    /// Updates made.
    public var updates: Int
    /// Mean raw return of the last (up to) 100 episodes; `nil` before one has ended.
    public var meanReturn: Double?
    /// Mean length of those episodes.
    public var meanEpisodeLength: Double?
    /// Episodes finished.
    public var completedEpisodes: Int
    /// The update's losses and diagnostics.
    public var statistics: PPOUpdateStatistics
}
