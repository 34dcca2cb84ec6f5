import Foundation
import Testing
import VernierCore
@testable import VernierOptimize

/// Checkpoint, resume, replay: an optimiser encoded after k steps and decoded continues with exactly the
/// suggestions the uninterrupted one makes (bit for bit: JSON keeps Doubles exactly).
@Suite("checkpoint and replay")
struct CheckpointTests {
    private static let constrained = OptimizationProblem(
        space: Box(low: [-5, 0], high: [10, 15]), constraints: [Constraint(name: "c", upperBound: 40)],
        initialPoint: [2, 3])

    /// Branin, with two residual readings as observables for the least-squares method (the others ignore them).
    private static func evaluate(_ x: [Double]) -> EvaluatedPoint {
        let value = TestProblem.branin.evaluate(x)
        return EvaluatedPoint(parameters: x, evaluation: Evaluation(
            objective: value, constraints: [x[0] * x[0] + x[1]],
            observables: ["r0": x[0] - 1, "r1": x[1] * x[1] - 4 * x[0]]))
    }

    /// Runs `steps` ask/tell rounds of `batch` points each, returning every suggestion.
    private static func run(_ optimizer: inout AnyOptimizer, steps: Int, batch: Int) throws -> [[Double]] {
        var suggestions: [[Double]] = []
        for _ in 0..<steps {
            let points = try optimizer.suggest(batch)
            suggestions += points
            try optimizer.ingest(points.map(evaluate))
        }
        return suggestions
    }

    @Test(arguments: OptimizerKind.allCases)
    func resumedRunMatchesUninterruptedRun(kind: OptimizerKind) throws {
        var configuration = OptimizerConfiguration()
        configuration.ignoreConstraints = true
        configuration.bayesian.trustRegion = .always   // the trust region's state must survive too
        configuration.bayesian.maxTravel = [4, 4]
        configuration.leastSquares.residuals = ["r0", "r1"]
        let batch = kind.capabilities.supportsBatch ? 2 : 1
        let (before, after) = kind == .bayesian ? (5, 4) : (12, 12)

        var uninterrupted = try AnyOptimizer(kind: kind, problem: Self.constrained, configuration: configuration, seed: 9)
        let reference = try Self.run(&uninterrupted, steps: before + after, batch: batch)

        var first = try AnyOptimizer(kind: kind, problem: Self.constrained, configuration: configuration, seed: 9)
        let prefix = try Self.run(&first, steps: before, batch: batch)
        var resumed = try AnyOptimizer(checkpoint: first.checkpoint())
        #expect(resumed.kind == kind)
        let suffix = try Self.run(&resumed, steps: after, batch: batch)

        #expect(prefix + suffix == reference)
        #expect(resumed.progress == uninterrupted.progress)
        // The resumed optimiser's checkpoint is byte for byte the uninterrupted one's.
        #expect(try resumed.checkpoint() == uninterrupted.checkpoint())
    }
}
