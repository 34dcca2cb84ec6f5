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
    /// Whether each recent episode reached the task's goal (a step reported `isSuccess = true`), oldest first;
    /// `nil` for an episode whose plant reported no success either way.
    public private(set) var recentSuccesses: [Bool?] = []
    /// Episodes finished since training began.
    public private(set) var completedEpisodes = 0

    public init(window: Int = 100) {
        precondition(window >= 1, "the episode window must hold at least one episode")
        self.window = window
        recentReturns.reserveCapacity(window)
        recentLengths.reserveCapacity(window)
        recentSuccesses.reserveCapacity(window)
    }

    /// Records one finished episode; `success` is `nil` when the plant reported none.
    public mutating func record(return episodeReturn: Double, length: Int, success: Bool? = nil) {
        if recentReturns.count == window {
            // A 100-element shift per finished episode is cheap next to the 200 steps that produced it.
            recentReturns.removeFirst()
            recentLengths.removeFirst()
            recentSuccesses.removeFirst()
        }
        recentReturns.append(episodeReturn)
        recentLengths.append(length)
        recentSuccesses.append(success)
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

extension EpisodeStatistics {
    enum CodingKeys: String, CodingKey {
        case window, recentReturns, recentLengths, recentSuccesses, completedEpisodes
    }

    /// Decodes statistics, including those of checkpoints written before successes were kept (their episodes'
    /// successes read as unknown).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        window = try container.decode(Int.self, forKey: .window)
        recentReturns = try container.decode([Double].self, forKey: .recentReturns)
        recentLengths = try container.decode([Int].self, forKey: .recentLengths)
        recentSuccesses = try container.decodeIfPresent([Bool?].self, forKey: .recentSuccesses)
            ?? Array(repeating: nil, count: recentReturns.count)
        completedEpisodes = try container.decode(Int.self, forKey: .completedEpisodes)
    }
}
