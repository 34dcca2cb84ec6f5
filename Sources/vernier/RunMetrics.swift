/// The one vocabulary of run metrics: the keys of a run's summary metrics in the store (and of `vernier runs`
/// and `runs show`), the same words the commands' `--json` reports use. A metric that does not exist for a run
/// (no episode finished, no success) is absent, never a placeholder.
enum RunMetrics {
    /// Mean episode return (a single-episode run's return is its mean).
    static let meanReturn = "mean_return"
    /// Share of episodes that succeeded, 0…1.
    static let successRate = "success_rate"
    /// Median number of steps to success over the episodes that succeeded.
    static let medianSteps = "median_steps"
    /// Environment steps taken.
    static let steps = "steps"
    /// Environment steps per second of wall time.
    static let stepsPerSecond = "steps_per_second"
    /// Episodes completed.
    static let episodes = "episodes"

    /// A training run's metrics.
    static func training(steps: Int, stepsPerSecond: Double, meanReturn: Double?) -> [String: Double] {
        var metrics = [Self.steps: Double(steps), Self.stepsPerSecond: stepsPerSecond]
        if let meanReturn { metrics[Self.meanReturn] = meanReturn }
        return metrics
    }

    /// An evaluation's metrics over `episodes` episodes.
    static func evaluation(episodes: Int, meanReturn: Double, successRate: Double, medianSteps: Double?) -> [String: Double] {
        var metrics = [Self.episodes: Double(episodes), Self.meanReturn: meanReturn, Self.successRate: successRate]
        if let medianSteps { metrics[Self.medianSteps] = medianSteps }
        return metrics
    }

    /// A one-episode policy run's metrics.
    static func policyRun(episodeReturn: Double, steps: Int) -> [String: Double] {
        [Self.episodes: 1, Self.meanReturn: episodeReturn, Self.steps: Double(steps)]
    }
}
