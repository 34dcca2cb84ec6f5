import VernierMath

/// Observation normalisation as SB3's `VecNormalize(norm_obs=True)`: running mean and variance of every
/// element, updated with each batch of observations while training, and
/// `clip((x − mean) / √(var + ε), −clip, clip)`.
public struct ObservationNormalizer: Sendable, Hashable, Codable {
    /// The running statistics (SB3 `obs_rms`), starting at mean 0, variance 1, count 1e-4.
    public private(set) var statistics: RunningMeanVariance
    /// Clip of the normalised values (SB3 `clip_obs`).
    public let clip: Double
    /// ε added to the variance (SB3 `epsilon`).
    public let epsilon: Double
    private var batchMean: [Double]
    private var batchVariance: [Double]

    enum CodingKeys: String, CodingKey { case statistics, clip, epsilon }

    public init(dimension: Int, clip: Double, epsilon: Double) {
        statistics = RunningMeanVariance(dimension: dimension)
        self.clip = clip
        self.epsilon = epsilon
        batchMean = Array(repeating: 0, count: dimension)
        batchVariance = Array(repeating: 0, count: dimension)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        statistics = try container.decode(RunningMeanVariance.self, forKey: .statistics)
        clip = try container.decode(Double.self, forKey: .clip)
        epsilon = try container.decode(Double.self, forKey: .epsilon)
        batchMean = Array(repeating: 0, count: statistics.mean.count)
        batchVariance = Array(repeating: 0, count: statistics.mean.count)
    }

    /// Folds `rows` observations (row-major) into the statistics: their mean and population variance
    /// (NumPy's `np.var`), counted as `rows` samples. Allocates nothing.
    public mutating func update(_ batch: UnsafePointer<Double>, rows: Int) {
        let dimension = batchMean.count
        for element in 0..<dimension {
            var sum = 0.0
            for row in 0..<rows { sum += batch[row * dimension + element] }
            let mean = sum / Double(rows)
            var squares = 0.0
            for row in 0..<rows {
                let deviation = batch[row * dimension + element] - mean
                squares += deviation * deviation
            }
            batchMean[element] = mean
            batchVariance[element] = squares / Double(rows)
        }
        statistics.update(batchMean: batchMean, batchVariance: batchVariance, batchCount: Double(rows))
    }

    /// Writes the normalised `rows` observations from `source` to `target` (which may be the same memory).
    public func normalize(_ source: UnsafePointer<Double>, into target: UnsafeMutablePointer<Double>, rows: Int) {
        let dimension = batchMean.count
        statistics.mean.withUnsafeBufferPointer { mean in
            statistics.variance.withUnsafeBufferPointer { variance in
                for row in 0..<rows {
                    for element in 0..<dimension {
                        let index = row * dimension + element
                        let value = (source[index] - mean[element]) / (variance[element] + epsilon).squareRoot()
                        target[index] = min(max(value, -clip), clip)
                    }
                }
            }
        }
    }
}
