import VernierMath

/// Bounded-variable least squares: `min ‖A x − b‖²` subject to `low ≤ x ≤ high`, by an active-set method in the
/// manner of Lawson & Hanson's NNLS, generalised to two-sided bounds (Stark & Parker, *Computational
/// Statistics* 10, 129 (1995)).
///
/// Each iteration solves the unconstrained problem in the free variables (the others held at their bounds) by
/// the normal equations (LAPACK LU through ``Matrix/solve(_:)``); if that point leaves the box, it moves as far
/// as the box allows towards it and fixes the variables that reached a bound; otherwise it frees the bound
/// variable whose gradient most wants to leave its bound, until none does (the KKT conditions hold).
///
/// For the small, dense problems of the AWAKE oracle (10 × 10); exact up to rounding, not a general solver.
struct BoxLeastSquares {
    /// `A`, row-major.
    let matrix: Matrix
    /// `b`.
    let target: [Double]
    /// Lower bounds, one per variable (finite, `low < high`).
    let low: [Double]
    /// Upper bounds.
    let high: [Double]

    /// The minimiser and its residual norm ‖A x − b‖.
    ///
    /// - Parameter tolerance: relative tolerance of the KKT test on the gradient.
    func solve(tolerance: Double = 1e-12) throws -> (x: [Double], residualNorm: Double) {
        let n = matrix.columns
        // Start at the feasible point nearest 0, every variable free.
        var x = (0..<n).map { min(max(0, low[$0]), high[$0]) }
        var isFree = Array(repeating: true, count: n)
        for index in 0..<n where x[index] == low[index] || x[index] == high[index] { isFree[index] = false }
        let scale = max(1, target.reduce(0) { max($0, abs($1)) }) * columnNormBound()

        for _ in 0..<(50 * n) {
            // Inner loop: drive the free variables to their unconstrained optimum without leaving the box.
            while true {
                let free = (0..<n).filter { isFree[$0] }
                guard !free.isEmpty else { break }
                let z = try freeOptimum(x: x, free: free)
                var step = 1.0
                var blocking: [Int] = []
                for (position, index) in free.enumerated() {
                    let direction = z[position] - x[index]
                    if z[position] < low[index] {
                        let fraction = (low[index] - x[index]) / direction
                        if fraction < step - 1e-15 { step = fraction; blocking = [index] } else if abs(fraction - step) <= 1e-15 { blocking.append(index) }
                    } else if z[position] > high[index] {
                        let fraction = (high[index] - x[index]) / direction
                        if fraction < step - 1e-15 { step = fraction; blocking = [index] } else if abs(fraction - step) <= 1e-15 { blocking.append(index) }
                    }
                }
                step = max(0, step)
                for (position, index) in free.enumerated() {
                    x[index] = min(max(x[index] + step * (z[position] - x[index]), low[index]), high[index])
                }
                if blocking.isEmpty { break }
                for index in blocking {
                    x[index] = z[free.firstIndex(of: index) ?? 0] < low[index] ? low[index] : high[index]
                    isFree[index] = false
                }
            }
            // Outer loop: free the bound variable that most wants to move into the box (KKT violation).
            let gradient = negativeGradient(at: x)
            var worst = -1
            var worstValue = tolerance * scale
            for index in 0..<n where !isFree[index] {
                // At the lower bound the optimum wants w ≤ 0; at the upper bound w ≥ 0.
                let violation = x[index] <= low[index] ? gradient[index] : -gradient[index]
                if violation > worstValue { worstValue = violation; worst = index }
            }
            if worst < 0 { return (x, residualNorm(at: x)) }
            isFree[worst] = true
        }
        throw BoxLeastSquaresError.noConvergence
    }

    /// The unconstrained least-squares values of the `free` variables, the others held at `x`.
    private func freeOptimum(x: [Double], free: [Int]) throws -> [Double] {
        let rows = matrix.rows
        var residual = target
        for row in 0..<rows {
            for column in 0..<matrix.columns where !free.contains(column) {
                residual[row] -= matrix[row, column] * x[column]
            }
        }
        let k = free.count
        var normal = Matrix(rows: k, columns: k)
        var right = Array(repeating: 0.0, count: k)
        for (i, ci) in free.enumerated() {
            for (j, cj) in free.enumerated() {
                var sum = 0.0
                for row in 0..<rows { sum += matrix[row, ci] * matrix[row, cj] }
                normal[i, j] = sum
            }
            var sum = 0.0
            for row in 0..<rows { sum += matrix[row, ci] * residual[row] }
            right[i] = sum
        }
        return try normal.solve(right)
    }

    /// `Aᵀ(b − A x)`: minus the gradient of ½‖A x − b‖².
    private func negativeGradient(at x: [Double]) -> [Double] {
        let residual = (0..<matrix.rows).map { row in
            target[row] - (0..<matrix.columns).reduce(0.0) { $0 + matrix[row, $1] * x[$1] }
        }
        return (0..<matrix.columns).map { column in
            (0..<matrix.rows).reduce(0.0) { $0 + matrix[$1, column] * residual[$1] }
        }
    }

    /// ‖A x − b‖.
    func residualNorm(at x: [Double]) -> Double {
        var sum = 0.0
        for row in 0..<matrix.rows {
            var value = -target[row]
            for column in 0..<matrix.columns { value += matrix[row, column] * x[column] }
            sum += value * value
        }
        return sum.squareRoot()
    }

    /// The largest column 2-norm of `A`, the scale of the gradient test.
    private func columnNormBound() -> Double {
        (0..<matrix.columns).map { column in
            (0..<matrix.rows).reduce(0.0) { $0 + matrix[$1, column] * matrix[$1, column] }.squareRoot()
        }.max() ?? 1
    }
}
