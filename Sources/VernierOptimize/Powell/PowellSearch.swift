import Foundation

/// Powell's conjugate-direction method (Powell 1964) with bounded line searches, as SciPy's
/// `minimize(method="Powell", bounds=…)` runs it, written as straight-line code over a ``ReplayOracle``.
///
/// Works in the box scaled to [−1, 1]ⁿ. Each sweep minimises along every direction in turn with Brent's bounded
/// scalar minimiser (golden section and parabolic steps inside the segment the box allows); after a sweep,
/// Powell's test on the extrapolated point 2x − x₀ decides whether the overall move replaces the direction of
/// largest decrease. Converged when a sweep lowers f by no more than `ftol·(|f₀| + |f|)/2`.
struct PowellSearch {
    let options: PowellOptions
    let dimension: Int

    /// Thrown when the search has converged at `point` (scaled coordinates) with value `value`.
    struct Converged: Error {
        var point: [Double]
        var value: Double
    }

    /// One Powell run from `start`; ends by throwing (``ReplayOracle/NeedsValue`` or ``Converged``).
    func run(from start: [Double], _ f: inout ReplayOracle) throws -> Never {
        var x = start
        var fval = try f(x)
        var anchor = x
        var directions = (0..<dimension).map { axis in (0..<dimension).map { $0 == axis ? 1.0 : 0.0 } }
        while true {
            let fx = fval
            var largestIndex = 0, largestDrop = 0.0
            for index in 0..<dimension {
                let before = fval
                (fval, x, _) = try lineSearch(from: x, along: directions[index], value: fval, &f)
                if before - fval > largestDrop {
                    largestDrop = before - fval
                    largestIndex = index
                }
            }
            if 2 * (fx - fval) <= options.fTolerance * (abs(fx) + abs(fval)) + 1e-20 {
                throw Converged(point: x, value: fval)
            }
            if fx.isNaN && fval.isNaN { throw Converged(point: x, value: fval) }
            // The extrapolated point, kept inside the box.
            let move = zip(x, anchor).map { $0 - $1 }
            anchor = x
            let reach = min(Self.segment(from: x, along: move).high, 1)
            let fx2 = try f(zip(x, move).map { $0 + reach * $1 })
            if fx > fx2 {
                var t = 2 * (fx + fx2 - 2 * fval)
                t *= (fx - fval - largestDrop) * (fx - fval - largestDrop)
                t -= largestDrop * (fx - fx2) * (fx - fx2)
                if t < 0 {
                    var step: [Double]
                    (fval, x, step) = try lineSearch(from: x, along: move, value: fval, &f)
                    if step.contains(where: { $0 != 0 }) {
                        directions[largestIndex] = directions[dimension - 1]
                        directions[dimension - 1] = step
                    }
                }
            }
        }
    }

    /// Minimises along `direction` within the box; returns the value, the new point and the step taken.
    func lineSearch(from x: [Double], along direction: [Double], value: Double, _ f: inout ReplayOracle) throws
        -> (Double, [Double], [Double])
    {
        guard direction.contains(where: { $0 != 0 }) else { return (value, x, direction) }
        let segment = Self.segment(from: x, along: direction)
        let (alpha, best) = try boundedMinimum(low: segment.low, high: segment.high,
                                               tolerance: options.xTolerance * 100 / 100) { alpha in
            try f(zip(x, direction).map { $0 + alpha * $1 })
        }
        let step = direction.map { alpha * $0 }
        return (best, zip(x, step).map { $0 + $1 }, step)
    }

    /// The steps t with x + t·d inside [−1, 1]ⁿ (over the non-zero components of d); (0, 0) when none.
    static func segment(from x: [Double], along d: [Double]) -> (low: Double, high: Double) {
        var low = -Double.infinity, high = Double.infinity
        for (xi, di) in zip(x, d) where di != 0 {
            let a = (-1 - xi) / di, b = (1 - xi) / di
            low = max(low, di > 0 ? a : b)
            high = min(high, di > 0 ? b : a)
        }
        return high >= low ? (low, high) : (0, 0)
    }

    /// Brent's bounded scalar minimisation (fminbound; Forsythe, Malcolm & Moler 1977) of `g` on [low, high] to
    /// absolute tolerance `tolerance`, at most 500 evaluations; returns the best step and its value.
    func boundedMinimum(low: Double, high: Double, tolerance: Double, _ g: (Double) throws -> Double) throws
        -> (Double, Double)
    {
        let sqrtEpsilon = (2.2e-16 as Double).squareRoot()
        let goldenMean = 0.5 * (3 - (5 as Double).squareRoot())
        var a = low, b = high
        var fulc = a + goldenMean * (b - a)
        var nfc = fulc, xf = fulc
        var rat = 0.0, e = 0.0
        var fx = try g(xf)
        var count = 1
        var ffulc = fx, fnfc = fx
        var xm = 0.5 * (a + b)
        var tol1 = sqrtEpsilon * abs(xf) + tolerance / 3
        var tol2 = 2 * tol1
        while abs(xf - xm) > tol2 - 0.5 * (b - a) {
            var golden = true
            if abs(e) > tol1 {
                golden = false
                var r = (xf - nfc) * (fx - ffulc)
                var q = (xf - fulc) * (fx - fnfc)
                var p = (xf - fulc) * q - (xf - nfc) * r
                q = 2 * (q - r)
                if q > 0 { p = -p }
                q = abs(q)
                r = e
                e = rat
                if abs(p) < abs(0.5 * q * r), p > q * (a - xf), p < q * (b - xf) {
                    // Parabolic step.
                    rat = p / q
                    let x = xf + rat
                    if x - a < tol2 || b - x < tol2 {
                        rat = tol1 * Self.sign(xm - xf)
                    }
                } else {
                    golden = true
                }
            }
            if golden {
                e = xf >= xm ? a - xf : b - xf
                rat = goldenMean * e
            }
            let x = xf + Self.sign(rat) * max(abs(rat), tol1)
            let fu = try g(x)
            count += 1
            if fu <= fx {
                if x >= xf { a = xf } else { b = xf }
                (fulc, ffulc) = (nfc, fnfc)
                (nfc, fnfc) = (xf, fx)
                (xf, fx) = (x, fu)
            } else {
                if x < xf { a = x } else { b = x }
                if fu <= fnfc || nfc == xf {
                    (fulc, ffulc) = (nfc, fnfc)
                    (nfc, fnfc) = (x, fu)
                } else if fu <= ffulc || fulc == xf || fulc == nfc {
                    (fulc, ffulc) = (x, fu)
                }
            }
            xm = 0.5 * (a + b)
            tol1 = sqrtEpsilon * abs(xf) + tolerance / 3
            tol2 = 2 * tol1
            if count >= 500 { break }
        }
        return (xf, fx)
    }

    /// NumPy's `sign(v) + (v == 0)`: 1 for v ≥ 0 (and NaN's 0 + 0), −1 below.
    static func sign(_ v: Double) -> Double {
        v > 0 ? 1 : (v < 0 ? -1 : (v == 0 ? 1 : 0))
    }
}
