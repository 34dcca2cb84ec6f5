import Foundation

/// Summary statistics for benchmark and evaluation reports.
public enum Statistics {
    /// Arithmetic mean (NaN for no values).
    public static func mean(_ values: [Double]) -> Double {
        values.isEmpty ? .nan : values.reduce(0, +) / Double(values.count)
    }

    /// Sample variance with Bessel's correction (NaN for fewer than two values).
    public static func variance(_ values: [Double]) -> Double {
        guard values.count > 1 else { return .nan }
        let average = mean(values)
        return values.reduce(0) { $0 + ($1 - average) * ($1 - average) } / Double(values.count - 1)
    }

    /// Root mean square (NaN for no values).
    public static func rootMeanSquare(_ values: [Double]) -> Double {
        values.isEmpty ? .nan : (values.reduce(0) { $0 + $1 * $1 } / Double(values.count)).squareRoot()
    }

    /// The `q`-quantile (0 ≤ q ≤ 1) with linear interpolation between order statistics (NumPy's default).
    public static func quantile(_ values: [Double], _ q: Double) -> Double {
        guard !values.isEmpty else { return .nan }
        let sorted = values.sorted()
        let position = q * Double(sorted.count - 1)
        let lower = Int(position.rounded(.down))
        let upper = min(lower + 1, sorted.count - 1)
        let fraction = position - Double(lower)
        return sorted[lower] + (sorted[upper] - sorted[lower]) * fraction
    }

    /// The median.
    public static func median(_ values: [Double]) -> Double {
        quantile(values, 0.5)
    }
}

/// Running mean and variance by Welford's/Chan's parallel update, as the observation and reward normalisers
/// of SB3's `VecNormalize` keep them.
public struct RunningMeanVariance: Sendable, Hashable, Codable {
    /// Mean of each element.
    public private(set) var mean: [Double]
    /// Population variance of each element.
    public private(set) var variance: [Double]
    /// Effective number of samples (starts at `epsilon` as in SB3, so the first update is well defined).
    public private(set) var count: Double

    /// A tracker for vectors of `dimension` elements.
    public init(dimension: Int, epsilon: Double = 1e-4) {
        mean = Array(repeating: 0, count: dimension)
        variance = Array(repeating: 1, count: dimension)
        count = epsilon
    }

    /// Folds in one sample.
    public mutating func update(_ sample: [Double]) {
        update(batchMean: sample, batchVariance: Array(repeating: 0, count: sample.count), batchCount: 1)
    }

    /// Folds in a batch summarised by its mean, population variance and size (Chan et al. 1979).
    public mutating func update(batchMean: [Double], batchVariance: [Double], batchCount: Double) {
        precondition(batchMean.count == mean.count, "sample has \(batchMean.count) elements, tracker \(mean.count)")
        let total = count + batchCount
        for index in mean.indices {
            let delta = batchMean[index] - mean[index]
            let newMean = mean[index] + delta * batchCount / total
            let m2 = variance[index] * count + batchVariance[index] * batchCount
                + delta * delta * count * batchCount / total
            mean[index] = newMean
            variance[index] = m2 / total
        }
        count = total
    }
}
