/// A projected limited-memory quasi-Newton minimiser for smooth functions on a box — the L-BFGS-B idea in a
/// small form: L-BFGS directions on the variables not held at a bound, a backtracking Armijo search along the
/// projected path, and the projected gradient as the convergence test.
///
/// Used for the GP hyperparameters (in log space) and for the acquisition function (in the unit cube). It
/// allocates its buffers once per ``minimize(from:lower:upper:objective:)`` call.
struct BoundedLBFGS: Sendable {
    /// Correction pairs kept (m in Nocedal & Wright); 6–10 is usual.
    var memory = 8
    /// Largest number of iterations.
    var maxIterations = 100
    /// Stop when the largest projected-gradient component is below this.
    var gradientTolerance = 1e-6
    /// Stop when an iteration lowers the value by less than this, relative to max(|f|, 1).
    var relativeTolerance = 1e-10

    /// The result of a minimisation.
    struct Result {
        /// The best point found, within the bounds.
        var point: [Double]
        /// Its value.
        var value: Double
        /// Iterations done and objective evaluations made.
        var iterations: Int
        var evaluations: Int
    }

    /// Minimises `objective` over `lower ≤ x ≤ upper` from `start` (clipped into the box).
    ///
    /// - Parameter objective: returns f(x) and writes ∇f(x) into its second argument (already sized); +∞ or
    ///   NaN marks a point to avoid (the line search backs off from it).
    func minimize(
        from start: [Double], lower: [Double], upper: [Double],
        objective: ([Double], inout [Double]) -> Double
    ) -> Result {
        let n = start.count
        var x = (0..<n).map { min(max(start[$0], lower[$0]), upper[$0]) }
        var gradient = Array(repeating: 0.0, count: n)
        var value = objective(x, &gradient)
        var evaluations = 1
        guard value.isFinite else { return Result(point: x, value: value, iterations: 0, evaluations: 1) }

        var steps: [[Double]] = []       // s = x₊ − x
        var changes: [[Double]] = []     // y = ∇f₊ − ∇f
        var curvatures: [Double] = []    // 1 / (yᵀs)
        var direction = Array(repeating: 0.0, count: n)
        var free = Array(repeating: true, count: n)
        var trial = x
        var trialGradient = gradient
        var coefficients = Array(repeating: 0.0, count: memory)
        var iteration = 0

        while iteration < maxIterations {
            iteration += 1
            // Variables at a bound whose gradient pushes outward are held; the rest are free.
            var projectedNorm = 0.0
            for i in 0..<n {
                let atLower = x[i] <= lower[i] && gradient[i] > 0
                let atUpper = x[i] >= upper[i] && gradient[i] < 0
                free[i] = !(atLower || atUpper)
                if free[i] { projectedNorm = max(projectedNorm, abs(gradient[i])) }
            }
            if projectedNorm <= gradientTolerance { break }

            // Two-loop recursion on the free components.
            for i in 0..<n { direction[i] = free[i] ? -gradient[i] : 0 }
            let stored = steps.count
            if stored > 0 {
                for index in stride(from: stored - 1, through: 0, by: -1) {
                    var dot = 0.0
                    for i in 0..<n where free[i] { dot += steps[index][i] * direction[i] }
                    coefficients[index] = curvatures[index] * dot
                    for i in 0..<n where free[i] { direction[i] -= coefficients[index] * changes[index][i] }
                }
                let last = stored - 1
                var yy = 0.0
                for i in 0..<n { yy += changes[last][i] * changes[last][i] }
                let gamma = yy > 0 ? 1 / (curvatures[last] * yy) : 1
                for i in 0..<n { direction[i] *= gamma }
                for index in 0..<stored {
                    var dot = 0.0
                    for i in 0..<n where free[i] { dot += changes[index][i] * direction[i] }
                    let beta = curvatures[index] * dot
                    for i in 0..<n where free[i] { direction[i] += (coefficients[index] - beta) * steps[index][i] }
                }
            }
            var slope = 0.0
            for i in 0..<n { slope += direction[i] * gradient[i] }
            if !(slope < 0) {
                // Not a descent direction (stale curvature near a bound): fall back to steepest descent.
                steps.removeAll()
                changes.removeAll()
                curvatures.removeAll()
                slope = 0
                for i in 0..<n {
                    direction[i] = free[i] ? -gradient[i] : 0
                    slope -= direction[i] * direction[i]
                }
            }
            // First step: scale steepest descent to a unit move, as L-BFGS-B does.
            var stepLength = steps.isEmpty ? min(1, 1 / max(projectedNorm, 1e-12)) : 1.0

            var accepted = false
            var trialValue = Double.infinity
            for _ in 0..<30 {
                var decrease = 0.0
                for i in 0..<n {
                    trial[i] = min(max(x[i] + stepLength * direction[i], lower[i]), upper[i])
                    decrease += gradient[i] * (trial[i] - x[i])
                }
                trialValue = objective(trial, &trialGradient)
                evaluations += 1
                if trialValue.isFinite, trialValue <= value + 1e-4 * min(decrease, 0) {
                    accepted = true
                    break
                }
                stepLength *= trialValue.isFinite ? 0.5 : 0.1
            }
            guard accepted else { break }

            var sy = 0.0
            var stepNorm = 0.0
            var s = Array(repeating: 0.0, count: n)
            var y = Array(repeating: 0.0, count: n)
            for i in 0..<n {
                s[i] = trial[i] - x[i]
                y[i] = trialGradient[i] - gradient[i]
                sy += s[i] * y[i]
                stepNorm = max(stepNorm, abs(s[i]))
            }
            let improvement = value - trialValue
            swap(&x, &trial)
            swap(&gradient, &trialGradient)
            value = trialValue
            if sy > 1e-12 {
                if steps.count == memory {
                    steps.removeFirst()
                    changes.removeFirst()
                    curvatures.removeFirst()
                }
                steps.append(s)
                changes.append(y)
                curvatures.append(1 / sy)
            }
            if improvement <= relativeTolerance * max(abs(value), 1) || stepNorm == 0 { break }
        }
        return Result(point: x, value: value, iterations: iteration, evaluations: evaluations)
    }
}
