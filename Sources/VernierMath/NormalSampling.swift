import Foundation

extension RandomNumberGenerator {
    /// One draw from the standard normal distribution (Box–Muller; one of the pair is discarded so that
    /// the draw depends only on the generator's state, which keeps seeded streams simple to reason about).
    public mutating func nextStandardNormal() -> Double {
        let u1 = Double(next() >> 11) * 0x1.0p-53
        let u2 = Double(next() >> 11) * 0x1.0p-53
        // 1 − u1 lies in (0, 1], so the logarithm is finite.
        return (-2 * log(1 - u1)).squareRoot() * cos(2 * Double.pi * u2)
    }

    /// One draw from the normal distribution with `mean` and `standardDeviation` (≥ 0).
    public mutating func nextNormal(mean: Double = 0, standardDeviation: Double) -> Double {
        mean + standardDeviation * nextStandardNormal()
    }

    /// One draw from the uniform distribution on `[low, high)`.
    public mutating func nextUniform(_ low: Double, _ high: Double) -> Double {
        low + (high - low) * (Double(next() >> 11) * 0x1.0p-53)
    }
}
