import VernierMath

/// Reward normalisation as SB3's `VecNormalize(norm_reward=True)`: each copy keeps a discounted return
/// `R ← γR + r`; the running variance of those returns scales the rewards,
/// `r / √(var(R) + ε)` clipped to `±clip`; a copy's return restarts at 0 when its episode ends.
///
/// The rewards are divided, never shifted: the mean of R is not subtracted, so the sign of a reward survives.
public struct RewardNormalizer: Sendable, Hashable, Codable {
    /// Running statistics of the discounted returns (SB3 `ret_rms`).
    public private(set) var statistics: RunningMeanVariance
    /// Each copy's running discounted return (SB3 `returns`).
    public private(set) var discountedReturns: [Double]
    /// γ of the discounted return (RL Zoo passes the algorithm's γ).
    public let discount: Double
    /// Clip of the normalised rewards (SB3 `clip_reward`).
    public let clip: Double
    /// ε added to the variance.
    public let epsilon: Double
    private var batchMean = [0.0]
    private var batchVariance = [0.0]

    enum CodingKeys: String, CodingKey { case statistics, discountedReturns, discount, clip, epsilon }

    public init(environmentCount: Int, discount: Double, clip: Double, epsilon: Double) {
        statistics = RunningMeanVariance(dimension: 1)
        discountedReturns = Array(repeating: 0, count: environmentCount)
        self.discount = discount
        self.clip = clip
        self.epsilon = epsilon
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        statistics = try container.decode(RunningMeanVariance.self, forKey: .statistics)
        discountedReturns = try container.decode([Double].self, forKey: .discountedReturns)
        discount = try container.decode(Double.self, forKey: .discount)
        clip = try container.decode(Double.self, forKey: .clip)
        epsilon = try container.decode(Double.self, forKey: .epsilon)
    }

    /// Restarts every copy's discounted return, as `VecNormalize.reset` does when all copies start new episodes.
    public mutating func restartReturns() {
        for index in discountedReturns.indices { discountedReturns[index] = 0 }
    }

    /// Updates the statistics with this step's `rewards` (one per copy) and replaces them by their normalised
    /// values; `isDone(i)` tells whether copy `i`'s episode ended at this step. Allocates nothing.
    public mutating func normalize(_ rewards: UnsafeMutablePointer<Double>, isDone: (Int) -> Bool) {
        let count = discountedReturns.count
        var sum = 0.0
        for index in 0..<count {
            discountedReturns[index] = discountedReturns[index] * discount + rewards[index]
            sum += discountedReturns[index]
        }
        let mean = sum / Double(count)
        var squares = 0.0
        for index in 0..<count {
            let deviation = discountedReturns[index] - mean
            squares += deviation * deviation
        }
        batchMean[0] = mean
        batchVariance[0] = squares / Double(count)
        statistics.update(batchMean: batchMean, batchVariance: batchVariance, batchCount: Double(count))
        let scale = (statistics.variance[0] + epsilon).squareRoot()
        for index in 0..<count {
            rewards[index] = min(max(rewards[index] / scale, -clip), clip)
            if isDone(index) { discountedReturns[index] = 0 }
        }
    }
}
