import Foundation
import VernierCore

/// A standard optimisation test function with a known optimum, for validating optimisers (tests) and
/// comparing them with peers (benchmarks). Definitions follow Surjanovic & Bingham's Virtual Library of
/// Simulation Experiments, the same as BoTorch's `botorch.test_functions`.
public struct TestProblem: Sendable {
    /// Short name, e.g. "Branin".
    public let name: String
    /// The search box.
    public let space: Box
    /// The global minimum value.
    public let optimumValue: Double
    /// One global minimiser (of possibly several).
    public let optimumPoint: [Double]
    /// The function.
    public let evaluate: @Sendable ([Double]) -> Double

    /// The problem description an optimiser is created from.
    public func problem(initialPoint: [Double]? = nil) -> OptimizationProblem {
        OptimizationProblem(space: space, objectiveName: name, initialPoint: initialPoint)
    }

    /// Branin–Hoo on [−5, 10] × [0, 15]; minimum 0.397887 at (−π, 12.275), (π, 2.275), (9.42478, 2.475).
    public static let branin = TestProblem(
        name: "Branin", space: Box(low: [-5, 0], high: [10, 15]), optimumValue: 0.397887357729738,
        optimumPoint: [Double.pi, 2.275]
    ) { x in
        let b = 5.1 / (4 * Double.pi * Double.pi)
        let c = 5 / Double.pi
        let t = 1 / (8 * Double.pi)
        let u = x[1] - b * x[0] * x[0] + c * x[0] - 6
        return u * u + 10 * (1 - t) * cos(x[0]) + 10
    }

    /// Hartmann-6 on [0, 1]⁶; minimum −3.32237 at (0.20169, 0.150011, 0.476874, 0.275332, 0.311652, 0.6573).
    /// Six local minima; the second best is −3.2032.
    public static let hartmann6 = TestProblem(
        name: "Hartmann-6", space: Box(low: 0, high: 1, count: 6), optimumValue: -3.32236801141551,
        optimumPoint: [0.20168952, 0.15001069, 0.47687398, 0.27533243, 0.31165162, 0.65730054]
    ) { x in
        let alpha = [1.0, 1.2, 3.0, 3.2]
        let a: [[Double]] = [
            [10, 3, 17, 3.5, 1.7, 8], [0.05, 10, 17, 0.1, 8, 14],
            [3, 3.5, 1.7, 10, 17, 8], [17, 8, 0.05, 10, 0.1, 14],
        ]
        let p: [[Double]] = [
            [0.1312, 0.1696, 0.5569, 0.0124, 0.8283, 0.5886], [0.2329, 0.4135, 0.8307, 0.3736, 0.1004, 0.9991],
            [0.2348, 0.1451, 0.3522, 0.2883, 0.3047, 0.6650], [0.4047, 0.8828, 0.8732, 0.5743, 0.1091, 0.0381],
        ]
        var total = 0.0
        for i in 0..<4 {
            var exponent = 0.0
            for j in 0..<6 { exponent += a[i][j] * (x[j] - p[i][j]) * (x[j] - p[i][j]) }
            total -= alpha[i] * exp(-exponent)
        }
        return total
    }

    /// An ill-conditioned quadratic in `dimension` dimensions on [−1, 1]ⁿ: `Σᵢ wᵢ (xᵢ − cᵢ)²` with weights
    /// `wᵢ = 10^(i/(n−1))` (condition number 10) and centre `cᵢ = 0.5 · (−1)ⁱ · (i+1)/n`, minimum 0.
    public static func quadratic(dimension: Int) -> TestProblem {
        let weights = (0..<dimension).map { pow(10, Double($0) / Double(max(dimension - 1, 1))) }
        let centre = (0..<dimension).map { 0.5 * ($0 % 2 == 0 ? 1 : -1) * Double($0 + 1) / Double(dimension) }
        return TestProblem(
            name: "quadratic-\(dimension)D", space: Box(low: -1, high: 1, count: dimension), optimumValue: 0,
            optimumPoint: centre
        ) { x in
            var total = 0.0
            for i in 0..<dimension { total += weights[i] * (x[i] - centre[i]) * (x[i] - centre[i]) }
            return total
        }
    }

    /// The steering benchmark `RMS(R x + b)` on [−1, 1]ⁿ for a response matrix `R` (rows = monitors) and an
    /// uncorrected trajectory `b`, with its known optimum value `optimumValue` over the box.
    public static func steering(response: [[Double]], offset: [Double], optimumValue: Double, optimumPoint: [Double])
        -> TestProblem
    {
        let columns = response.first?.count ?? 0
        return TestProblem(
            name: "steering-\(columns)D", space: Box(low: -1, high: 1, count: columns), optimumValue: optimumValue,
            optimumPoint: optimumPoint
        ) { x in
            var total = 0.0
            for row in response.indices {
                var reading = offset[row]
                for column in 0..<columns { reading += response[row][column] * x[column] }
                total += reading * reading
            }
            return (total / Double(response.count)).squareRoot()
        }
    }
}
