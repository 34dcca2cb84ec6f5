import Foundation
import Testing
import VernierCore
import VernierMath
@testable import VernierOptimize

@Suite("RCDS")
struct RCDSTests {
    /// A rotated, ill-conditioned quadratic on [−1, 1]⁴ with its minimum 0 at (0.3, −0.2, 0.1, 0.4).
    static let space = Box(low: -1, high: 1, count: 4)
    static func trueObjective(_ x: [Double]) -> Double {
        let d = zip(x, [0.3, -0.2, 0.1, 0.4]).map { $0 - $1 }
        let u = d[0] + d[1], v = d[0] - d[1]
        return 4 * u * u + 0.5 * v * v + 2 * d[2] * d[2] + d[3] * d[3] + 0.8 * d[2] * d[3]
    }

    /// Runs `optimizer` for `budget` evaluations of the true objective plus Gaussian noise σ; returns the true
    /// objective of the best *measured* point (what an operator would set the machine to).
    static func noisyRun(_ optimizer: inout some Optimizer, sigma: Double, budget: Int, seed: UInt64) throws -> Double {
        var generator = SeededGenerator(seed: seed)
        var best = (measured: Double.infinity, point: [Double]())
        for _ in 0..<budget {
            let point = try optimizer.suggest(1)[0]
            #expect(space.contains(point))
            let measured = trueObjective(point) + sigma * generator.nextStandardNormal()
            if measured < best.measured { best = (measured, point) }
            try optimizer.ingest([EvaluatedPoint(parameters: point, objective: measured)])
        }
        return trueObjective(best.point)
    }

    static let problem = OptimizationProblem(space: space, initialPoint: [-0.6, 0.7, -0.5, -0.4])

    @Test func convergesOnANoiseFreeQuadratic() throws {
        var rcds = try RCDS(problem: Self.problem, options: RCDSOptions(step: 0.05, noise: 1e-9))
        let final = try Self.noisyRun(&rcds, sigma: 0, budget: 200, seed: 0)
        #expect(final < 1e-4)
    }

    /// On a noisy objective (σ = 0.02, about 1 % of the start's value) RCDS keeps going downhill where
    /// Powell's method is misled by lucky readings: over 8 noise seeds, RCDS's final point is
    /// better in most runs and on median.
    @Test func beatsPowellOnANoisyProblem() throws {
        var rcdsResults: [Double] = [], powellResults: [Double] = []
        for seed in 0..<8 as Range<UInt64> {
            var rcds = try RCDS(problem: Self.problem, options: RCDSOptions(step: 0.05, noise: 0.02))
            rcdsResults.append(try Self.noisyRun(&rcds, sigma: 0.02, budget: 150, seed: seed))
            var powell = try Powell(problem: Self.problem)
            powellResults.append(try Self.noisyRun(&powell, sigma: 0.02, budget: 150, seed: seed))
        }
        let wins = zip(rcdsResults, powellResults).filter { $0 < $1 }.count
        #expect(wins >= 6, "RCDS \(rcdsResults) vs Powell \(powellResults)")
        #expect(median(rcdsResults) < 0.5 * median(powellResults), "RCDS \(rcdsResults) vs Powell \(powellResults)")
    }

    @Test func resumeAfterAnyEvaluationReproducesTheRun() throws {
        let options = RCDSOptions(step: 0.05, noise: 1e-3)
        func evaluate(_ x: [Double]) -> EvaluatedPoint { EvaluatedPoint(parameters: x, objective: Self.trueObjective(x)) }
        var uninterrupted = try RCDS(problem: Self.problem, options: options)
        var reference: [[Double]] = []
        for _ in 0..<40 {
            let point = try uninterrupted.suggest(1)[0]
            reference.append(point)
            try uninterrupted.ingest([evaluate(point)])
        }
        for k in stride(from: 0, through: 40, by: 3) {
            var first = try RCDS(problem: Self.problem, options: options)
            var points: [[Double]] = []
            for _ in 0..<k {
                let point = try first.suggest(1)[0]
                points.append(point)
                try first.ingest([evaluate(point)])
            }
            var resumed = try JSONDecoder().decode(RCDS.self, from: JSONEncoder().encode(first))
            for _ in k..<40 {
                let point = try resumed.suggest(1)[0]
                points.append(point)
                try resumed.ingest([evaluate(point)])
            }
            #expect(points == reference, "resumed after \(k)")
        }
    }

    /// The parabola fit recovers an exact parabola.
    @Test func parabolaFitIsExactOnAParabola() {
        let steps = [-0.3, -0.1, 0.0, 0.2, 0.45, 0.7]
        let fit = RCDSSearch.fitParabola(steps, steps.map { 2 * $0 * $0 - 0.6 * $0 + 1.5 })
        for step in [-0.5, 0.15, 0.9] {
            #expect(abs(fit(step) - (2 * step * step - 0.6 * step + 1.5)) < 1e-12)
        }
    }
}

private func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
}
