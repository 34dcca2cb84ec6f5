import VernierMath

/// Steps (or measurements) to success over many episodes, some of which may never succeed.
///
/// The medians come in two flavours: over the successful episodes only (what `vernier evaluate` reports as
/// `median_steps`), and over every episode with a failure counted as "more than any budget" (a censored
/// median, `nil` when half or more failed).
struct StepCountSummary: Encodable {
    /// Episodes counted.
    var episodes: Int
    /// Episodes that succeeded.
    var succeeded: Int
    /// `succeeded / episodes`.
    var successRate: Double
    /// Median over the successful episodes; `nil` when none succeeded.
    var medianOfSuccesses: Double?
    /// Median over all episodes, failures counted as +∞; `nil` when that median is a failure.
    var medianOfAll: Double?
    /// Mean over the successful episodes.
    var meanOfSuccesses: Double?
    /// 99th percentile over the successful episodes (linear interpolation).
    var percentile99OfSuccesses: Double?
    /// Largest count of a successful episode.
    var maximumOfSuccesses: Int?
    /// How many successful episodes took each count, keyed by the count.
    var histogram: [String: Int]

    init(_ counts: [Int?]) {
        episodes = counts.count
        let reached = counts.compactMap { $0 }
        succeeded = reached.count
        successRate = counts.isEmpty ? 0 : Double(reached.count) / Double(counts.count)
        let values = reached.map(Double.init)
        medianOfSuccesses = values.isEmpty ? nil : Statistics.median(values)
        meanOfSuccesses = values.isEmpty ? nil : Statistics.mean(values)
        percentile99OfSuccesses = values.isEmpty ? nil : Statistics.quantile(values, 0.99)
        maximumOfSuccesses = reached.max()
        // Failures sort last; the median is the middle value (mean of the two middle ones), a failure if either is.
        let censored = counts.map { $0.map(Double.init) ?? .infinity }.sorted()
        let middle = censored.count / 2
        let median = censored.isEmpty ? Double.infinity
            : censored.count % 2 == 1 ? censored[middle] : (censored[middle - 1] + censored[middle]) / 2
        medianOfAll = median.isFinite ? median : nil
        var histogram: [String: Int] = [:]
        for count in reached { histogram[String(count), default: 0] += 1 }
        self.histogram = histogram
    }
}
