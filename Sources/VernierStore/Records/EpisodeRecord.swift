import Foundation

/// One episode of a run as stored.
public struct EpisodeRecord: Sendable, Hashable {
    /// The episode's place in its run, from 0 in the order of recording.
    public var index: Int
    /// What was recorded.
    public var result: EpisodeResult
    /// When the episode was committed (to the millisecond, UTC).
    public var recordedAt: Date

    public init(index: Int, result: EpisodeResult, recordedAt: Date) {
        self.index = index
        self.result = result
        self.recordedAt = recordedAt
    }
}
