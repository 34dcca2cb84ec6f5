import Foundation

/// The standard normal distribution's density, distribution function and their logarithms, computed so that
/// they stay accurate far in the tails (where the acquisition functions of BO live).
enum StandardNormal {
    /// ½ ln 2π.
    static let halfLogTwoPi = 0.5 * log(2 * Double.pi)
    static let inverseSqrt2 = 1 / 2.0.squareRoot()

    /// φ(z).
    static func density(_ z: Double) -> Double { exp(-0.5 * z * z - halfLogTwoPi) }

    /// ln φ(z).
    static func logDensity(_ z: Double) -> Double { -0.5 * z * z - halfLogTwoPi }

    /// Φ(z) = ½ erfc(−z/√2) (accurate in the lower tail, unlike ½(1 + erf)).
    static func cumulative(_ z: Double) -> Double { 0.5 * erfc(-z * inverseSqrt2) }

    /// ln Φ(z), finite for every finite z: through `erfcx` below −5, through `log1p` above 0.
    static func logCumulative(_ z: Double) -> Double {
        if z > 0 { return log1p(-0.5 * erfc(z * inverseSqrt2)) }
        if z > -5 { return log(0.5 * erfc(-z * inverseSqrt2)) }
        return log(0.5 * scaledComplementaryErrorFunction(-z * inverseSqrt2)) - 0.5 * z * z
    }

    /// The scaled complementary error function erfcx(x) = e^{x²} erfc(x), for x ≥ 0 accurate to a few ulps
    /// (e^{x²} is formed from the exact split x² = hi + lo, so the large exponent adds no rounding); for x < 0,
    /// 2e^{x²} − erfcx(−x).
    static func scaledComplementaryErrorFunction(_ x: Double) -> Double {
        if x < 0 {
            return 2 * exp(x * x) - scaledComplementaryErrorFunction(-x)
        }
        if x < 26 {
            let high = x * x
            let low = (-high).addingProduct(x, x)   // x·x − hi exactly (fused multiply-add)
            return exp(high) * (1 + low) * erfc(x)
        }
        // Continued fraction erfcx(x) = (1/√π) / (x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + …))))),
        // evaluated from the tail; 40 levels are far more than enough for x ≥ 26.
        var tail = x
        for level in stride(from: 40, through: 1, by: -1) {
            tail = x + (Double(level) / 2) / tail
        }
        return 1 / (Double.pi.squareRoot() * tail)
    }
}
