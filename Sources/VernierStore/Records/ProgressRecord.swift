import Foundation

/// A learner's statistics after one update, as stored: the training step and named values (SB3's `train/`
/// names: `policy_loss`, `value_loss`, `entropy`, `approx_kl`, `clip_fraction`, `explained_variance`,
/// `learning_rate`, `steps_per_second`, …).
public struct ProgressRecord: Sendable, Hashable {
    /// Environment steps taken when the update was made (≥ 0).
    public var step: Int
    /// The statistics by name; every value reads back bit for bit (non-finite ones included).
    public var statistics: [String: Double]
    /// When the record was committed (to the millisecond, UTC).
    public var recordedAt: Date

    public init(step: Int, statistics: [String: Double], recordedAt: Date) {
        self.step = step
        self.statistics = statistics
        self.recordedAt = recordedAt
    }
}
