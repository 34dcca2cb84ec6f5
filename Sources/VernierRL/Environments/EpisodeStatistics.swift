/// Returns and lengths of the most recent finished episodes (SB3's `ep_info_buffer`, a window of 100), plus
/// the total count: what the progress line and the `train` report show as "mean return".
///
/// Returns are the plant's raw rewards summed over an episode, before any reward normalisation (SB3's
/// `Monitor` sits inside `VecNormalize`).
public struct EpisodeStatistics: Sendable, Hashable, Codable {
    /// How many recent episodes the window keeps (≥ 1).
    public let window: Int
    /// Returns of the recent episodes, oldest first.
    public private(set) var recentReturns: [Double] = []
    /// Lengths (steps) of the recent episodes, oldest first.
    public private(set) var recentLengths: [Int] = []
    /// Episodes finished since training began.
    public private(set) var completedEpisodes = 0

    public init(window: Int = 100) {
        precondition(window >= 1, "the episode window must hold at least one episode")
        self.window = window
        recentReturns.reserveCapacity(window)
        recentLengths.reserveCapacity(window)
    }

    /// Records one finished episode.
    public mutating func record(return episodeReturn: Double, length: Int) {
        if recentReturns.count == window {
            // A 100-element shift per finished episode is cheap next to the 200 steps that produced it.
            recentReturns.removeFirst()
            recentLengths.removeFirst()
        }
        recentReturns.append(episodeReturn)
        recentLengths.append(length)
        completedEpisodes += 1
    }

    /// Mean return over the window; `nil` before the first episode ends.
    public var meanReturn: Double? {
        recentReturns.isEmpty ? nil : recentReturns.reduce(0, +) / Double(recentReturns.count)
    }

    /// Mean length over the window; `nil` before the first episode ends.
    public var meanLength: Double? {
        recentLengths.isEmpty ? nil : Double(recentLengths.reduce(0, +)) / Double(recentLengths.count)
    }
}
