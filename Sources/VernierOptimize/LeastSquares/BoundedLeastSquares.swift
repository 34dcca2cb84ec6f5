import VernierMath

/// The step of a Gauss–Newton trust-region iteration: the exact minimiser of ‖r + J s‖² over a box
/// `lower ≤ s ≤ upper` (the trust region in the ∞-norm intersected with the parameter bounds), by a primal
/// active-set method on the normal equations.
///
/// Finite and exact: each iteration either frees the bound variable whose gradient points most into the box or
/// moves to the first bound met on the way to the free variables' unconstrained minimiser, so no working set
/// repeats. A tiny ridge (10⁻¹² of the largest diagonal of JᵀJ) keeps a rank-deficient J (fewer residuals than
/// parameters) solvable; on a full-rank J it changes the step only by rounding.
enum BoundedLeastSquares {
    /// The minimiser of ‖residuals + jacobian·s‖² with `lower ≤ s ≤ upper` (each `lower ≤ 0 ≤ upper`).
    ///
    /// - Parameters:
    ///   - jacobian: m × n, row-major (m residuals, n parameters).
    ///   - residuals: the m residuals at the base point.
    static func solve(jacobian: Matrix, residuals: [Double], lower: [Double], upper: [Double]) -> [Double] {
        let n = jacobian.columns
        guard n > 0 else { return [] }
        let transposed = jacobian.transposed()
        var hessian = transposed * jacobian
        let gradient = transposed * residuals
        let largest = (0..<n).map { hessian[$0, $0] }.max() ?? 0
        let ridge = max(largest, 1e-300) * 1e-12
        for index in 0..<n { hessian[index, index] += ridge }

        var step = [Double](repeating: 0, count: n)
        // -1: held at its lower bound, +1: at its upper bound, 0: free.
        var bound = [Int](repeating: 0, count: n)
        for index in 0..<n where lower[index] == 0 && upper[index] == 0 { bound[index] = -1 }
        for _ in 0..<(10 * n + 10) {
            let free = (0..<n).filter { bound[$0] == 0 }
            let target = freeMinimiser(hessian: hessian, gradient: gradient, step: step, free: free)
            // Move towards the free minimiser until the first bound is met.
            var fraction = 1.0
            var blocking: (index: Int, side: Int)?
            for (position, index) in free.enumerated() {
                let change = target[position] - step[index]
                if change > 0, step[index] + change > upper[index] {
                    let reach = (upper[index] - step[index]) / change
                    if reach < fraction { fraction = reach; blocking = (index, 1) }
                } else if change < 0, step[index] + change < lower[index] {
                    let reach = (lower[index] - step[index]) / change
                    if reach < fraction { fraction = reach; blocking = (index, -1) }
                }
            }
            for (position, index) in free.enumerated() {
                step[index] += fraction * (target[position] - step[index])
                step[index] = min(max(step[index], lower[index]), upper[index])
            }
            if let blocking {
                bound[blocking.index] = blocking.side
                step[blocking.index] = blocking.side > 0 ? upper[blocking.index] : lower[blocking.index]
                continue
            }
            // At the free variables' minimiser: free the bound variable whose gradient points most into the box.
            let slope = zip(hessian * step, gradient).map { $0 + $1 }
            var release: Int?
            var steepest = 0.0
            for index in 0..<n where bound[index] != 0 && lower[index] < upper[index] {
                // At a lower bound the slope must be ≥ 0, at an upper bound ≤ 0, for optimality.
                let violation = bound[index] < 0 ? -slope[index] : slope[index]
                if violation > steepest * (1 + 1e-12) + 1e-300 {
                    steepest = violation
                    release = index
                }
            }
            guard let release else { return step }
            bound[release] = 0
        }
        return step
    }

    /// The minimiser over the `free` variables of the quadratic with the others held at `step`.
    private static func freeMinimiser(hessian: Matrix, gradient: [Double], step: [Double], free: [Int]) -> [Double] {
        guard !free.isEmpty else { return [] }
        let isFree = Set(free)
        var reduced = Matrix(rows: free.count, columns: free.count)
        var rightHandSide = [Double](repeating: 0, count: free.count)
        for (row, i) in free.enumerated() {
            var value = -gradient[i]
            for j in 0..<step.count where !isFree.contains(j) { value -= hessian[i, j] * step[j] }
            rightHandSide[row] = value
            for (column, j) in free.enumerated() { reduced[row, column] = hessian[i, j] }
        }
        if let factor = try? Cholesky(reduced) { return factor.solve(rightHandSide) }
        return (try? reduced.solve(rightHandSide)) ?? free.map { step[$0] }
    }
}
