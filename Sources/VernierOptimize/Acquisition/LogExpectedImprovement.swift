import Foundation

/// The logarithm of expected improvement, computed stably everywhere — Ament, Daulton, Eriksson, Balandat &
/// Bakshy (2023), "Unexpected improvements to expected improvement for Bayesian optimization", eq. (9).
///
/// For minimisation with incumbent `f*` and posterior `N(μ, σ²)`, `z = (f* − μ)/σ` and
///
///     EI = σ h(z),   h(z) = φ(z) + z Φ(z),   log EI = log h(z) + log σ.
///
/// `h(z)` underflows to 0 in double precision below z ≈ −38, and the direct formula loses all accuracy well
/// before that (cancellation between φ and zΦ), which flattens the acquisition surface exactly where a
/// gradient-based optimiser needs it. `log_h` avoids both:
///
///     z > −1:          log(φ(z) + zΦ(z))                                        (direct, no cancellation)
///     −10³ ≤ z ≤ −1:   −z²/2 − ½ln 2π + log1mexp(ln(erfcx(−z/√2) |z|) + ½ ln(π/2))
///     z < −10³:        −z²/2 − ½ln 2π + ln(t − 3t² + 15t³ − 105t⁴),  t = 1/z²
///
/// The last is the asymptotic series of `h(z)/φ(z) = 1 + z Φ(z)/φ(z)`, used where `log1mexp`'s argument
/// itself would lose digits (the paper switches at −1/√ε to `−2 ln|z|`; the series is the same limit with
/// more terms).
enum LogExpectedImprovement {
    static let halfLogHalfPi = 0.5 * log(Double.pi / 2)

    /// `log h(z)`, finite and increasing for all finite z.
    static func logH(_ z: Double) -> Double {
        if z > -1 {
            return log(StandardNormal.density(z) + z * StandardNormal.cumulative(z))
        }
        if z >= -1e3 {
            let scaled = StandardNormal.scaledComplementaryErrorFunction(-z * StandardNormal.inverseSqrt2)
            return StandardNormal.logDensity(z) + log1mexp(log(scaled * abs(z)) + halfLogHalfPi)
        }
        let t = 1 / (z * z)
        return StandardNormal.logDensity(z) + log(t * (1 - t * (3 - t * (15 - 105 * t))))
    }

    /// `d log h / dz = Φ(z)/h(z)` (> 0), stable in the same regions.
    static func logHDerivative(_ z: Double) -> Double {
        if z > -1 {
            let cumulative = StandardNormal.cumulative(z)
            return cumulative / (StandardNormal.density(z) + z * cumulative)
        }
        if z >= -1e3 {
            // Mills ratio R = Φ/φ = √(π/2) erfcx(−z/√2); h/φ = 1 + zR.
            let ratio = (Double.pi / 2).squareRoot()
                * StandardNormal.scaledComplementaryErrorFunction(-z * StandardNormal.inverseSqrt2)
            return ratio / (1 + z * ratio)
        }
        let t = 1 / (z * z)
        let ratio = (1 - t * (1 - t * (3 - 15 * t))) / abs(z)
        return ratio / (t * (1 - t * (3 - t * (15 - 105 * t))))
    }

    /// `log EI` for incumbent `best`, posterior mean `mean` and standard deviation `sd` (> 0).
    static func value(best: Double, mean: Double, standardDeviation sd: Double) -> Double {
        logH((best - mean) / sd) + log(sd)
    }

    /// `log(1 − eˣ)` for x < 0, accurate on both sides of −ln 2 (Mächler 2012).
    static func log1mexp(_ x: Double) -> Double {
        x > -log(2.0) ? log(-expm1(x)) : log1p(-exp(x))
    }
}
