import Foundation
import Testing
@testable import VernierOptimize

@Suite("log expected improvement")
struct LogExpectedImprovementTests {
    /// Where φ(z) + zΦ(z) can be formed directly without losing much, log_h equals it.
    @Test("log_h matches log(φ(z) + zΦ(z)) where that is stable",
          arguments: stride(from: -5.0, through: 6.0, by: 0.25).map { $0 })
    func matchesDirectFormula(z: Double) {
        let phi = exp(-z * z / 2) / (2 * Double.pi).squareRoot()
        let bigPhi = 0.5 * erfc(-z / 2.0.squareRoot())
        let direct = log(phi + z * bigPhi)
        let tolerance = z < -3 ? 1e-9 : 1e-12
        #expect(abs(LogExpectedImprovement.logH(z) - direct) <= tolerance * max(1, abs(direct)))
    }

    /// Far in the tail: finite, strictly increasing, and on the asymptote −z²/2 − ½ln 2π − 2 ln|z|.
    @Test func tailIsFiniteMonotoneAndAsymptotic() {
        var previous = -Double.infinity
        var z = -1e10
        while z < 5 {
            let value = LogExpectedImprovement.logH(z)
            #expect(value.isFinite, "log_h(\(z)) = \(value)")
            #expect(value > previous, "log_h not increasing at z = \(z)")
            previous = value
            z = z < -1 ? z / 1.3 : z + 0.05
        }
        for z in [-1e4, -1e6, -1e9] {
            let asymptote = -z * z / 2 - 0.5 * log(2 * Double.pi) - 2 * log(abs(z))
            #expect(abs(LogExpectedImprovement.logH(z) - asymptote) <= 1e-12 * abs(asymptote) + 1e-6)
        }
        // EI itself underflows long before: the direct formula gives −∞ at z = −40, log_h does not.
        #expect(log(exp(-800.0) + 0) == -.infinity)
        #expect(LogExpectedImprovement.logH(-40).isFinite)
    }

    /// No jump where the formula switches branch (z = −1 and z = −1000).
    @Test func continuousAtBranchSwitches() {
        for z in [-1.0, -1000.0] {
            let left = LogExpectedImprovement.logH(z.nextDown)
            let right = LogExpectedImprovement.logH(z.nextUp)
            #expect(abs(left - right) <= 1e-10 * max(1, abs(left)))
        }
    }

    @Test("d log_h / dz matches finite differences", arguments: [-3000.0, -50, -5, -1.5, -0.5, 0, 1, 4])
    func derivative(z: Double) {
        let h = 1e-6 * max(1, abs(z))
        let numeric = (LogExpectedImprovement.logH(z + h) - LogExpectedImprovement.logH(z - h)) / (2 * h)
        let analytic = LogExpectedImprovement.logHDerivative(z)
        #expect(abs(analytic - numeric) <= 1e-6 * max(1, abs(numeric)), "z = \(z): \(analytic) vs \(numeric)")
    }

    @Test func scaledComplementaryErrorFunction() {
        for x in [0.0, 0.5, 2, 5, 10] {
            let direct = exp(x * x) * erfc(x)
            #expect(abs(StandardNormal.scaledComplementaryErrorFunction(x) - direct) <= 1e-13 * direct)
        }
        // Beyond x ≈ 26 erfc underflows; the continued fraction follows the asymptotic series
        // 1/(x√π) (1 − 1/(2x²) + 3/(4x⁴) − 15/(8x⁶) + 105/(16x⁸)).
        for x in [30.0, 1e3, 1e8] {
            let t = 1 / (x * x)
            let series = 1 / (x * Double.pi.squareRoot()) * (1 - t / 2 + 3 * t * t / 4 - 15 * pow(t, 3) / 8 + 105 * pow(t, 4) / 16)
            #expect(abs(StandardNormal.scaledComplementaryErrorFunction(x) - series) <= 1e-9 * series)
        }
        #expect(abs(StandardNormal.scaledComplementaryErrorFunction(-1) - exp(1) * erfc(-1)) < 1e-13)
    }

    @Test func logCumulative() {
        for z in [-30.0, -6, -2, 0, 3] {
            #expect(abs(StandardNormal.logCumulative(z) - log(0.5 * erfc(-z / 2.0.squareRoot()))) < 1e-11 * max(1, abs(z * z)))
        }
        // Φ(−40) underflows double precision; its log is about −804.6.
        let value = StandardNormal.logCumulative(-40)
        let asymptote = -800 - 0.5 * log(2 * Double.pi) - log(40)
        #expect(abs(value - asymptote) < 1e-3)
    }

    /// log PoF and its derivatives, one- and two-sided, against finite differences.
    @Test(arguments: [(-Double.infinity, 0.5), (-0.3, Double.infinity), (-0.2, 0.4), (2.0, 3.0), (-9.0, -8.0)])
    func probabilityOfFeasibility(bounds: (Double, Double)) {
        let (lower, upper) = bounds
        for (mean, sd) in [(0.1, 0.7), (-1.5, 0.2), (2.5, 1.3)] {
            let (value, dMean, dSd) = AcquisitionSurface.logProbabilityOfFeasibility(
                mean: mean, standardDeviation: sd, lower: lower, upper: upper)
            let direct = log(0.5 * erfc(-(upper - mean) / sd / 2.0.squareRoot())
                             - 0.5 * erfc(-(lower - mean) / sd / 2.0.squareRoot()))
            if direct > -20 { #expect(abs(value - direct) < 1e-9 * max(1, abs(direct))) }
            #expect(value.isFinite)
            let h = 1e-6
            let f = { (m: Double, s: Double) in
                AcquisitionSurface.logProbabilityOfFeasibility(mean: m, standardDeviation: s, lower: lower, upper: upper).value
            }
            let numericMean = (f(mean + h, sd) - f(mean - h, sd)) / (2 * h)
            let numericSd = (f(mean, sd + h) - f(mean, sd - h)) / (2 * h)
            #expect(abs(dMean - numericMean) <= 1e-5 * max(1, abs(numericMean)))
            #expect(abs(dSd - numericSd) <= 1e-5 * max(1, abs(numericSd)))
        }
    }
}
