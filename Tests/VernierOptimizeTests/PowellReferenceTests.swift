import Foundation
import Testing
import VernierCore
@testable import VernierOptimize

/// Vernier's Powell against SciPy's (`Fixtures/scipy-powell.json`, written by
/// `Benchmarks/python/powell_reference.py` with SciPy 1.17.1): the same problem on [−1, 1]³, start and defaults,
/// restarted after each convergence as both do. Every one of the 120 points within 1e-12 of SciPy's, and
/// Vernier reports convergence exactly where SciPy's run returned (the evaluation before each restart).
@Suite("Powell against SciPy")
struct PowellReferenceTests {
    struct Reference: Decodable {
        var start: [Double]
        var points: [[Double]]
        var values: [Double]
        var restarts: [Int]
    }

    @Test func visitsSciPysPoints() throws {
        let url = try #require(Bundle.module.url(forResource: "scipy-powell", withExtension: "json",
                                                  subdirectory: "Fixtures"))
        let reference = try JSONDecoder().decode(Reference.self, from: Data(contentsOf: url))
        #expect(reference.points.count == 120)
        let problem = OptimizationProblem(space: Box(low: -1, high: 1, count: 3), initialPoint: reference.start)
        var powell = try Powell(problem: problem)
        // SciPy returned (converged) at the evaluation before each restart.
        let convergedAt = Set(reference.restarts.map { $0 - 1 })
        #expect(!convergedAt.isEmpty)
        for (index, expected) in reference.points.enumerated() {
            let point = try powell.suggest(1)[0]
            let difference = zip(point, expected).map { abs($0 - $1) }.max() ?? .infinity
            #expect(difference <= 1e-12, "evaluation \(index + 1): \(point) against SciPy's \(expected)")
            try powell.ingest([EvaluatedPoint(parameters: point, objective: reference.values[index])])
            #expect((powell.progress.convergence != nil) == convergedAt.contains(index + 1), "evaluation \(index + 1)")
        }
    }

    @Test func resumeAfterAnyEvaluationReproducesTheRun() throws {
        let problem = OptimizationProblem(space: Box(low: [-2, 0, -1], high: [2, 3, 1]), initialPoint: [1.5, 2.5, -0.5])
        func evaluate(_ x: [Double]) -> EvaluatedPoint {
            EvaluatedPoint(parameters: x, objective: pow(x[0] - 0.4, 2) + 2 * pow(x[1] - 1, 2) + pow(x[2] + 0.2, 2) + 0.3 * x[0] * x[2])
        }
        func run(_ optimizer: inout Powell, _ steps: Int) throws -> [[Double]] {
            try (0..<steps).map { _ in
                let point = try optimizer.suggest(1)[0]
                try optimizer.ingest([evaluate(point)])
                return point
            }
        }
        var uninterrupted = try Powell(problem: problem)
        let reference = try run(&uninterrupted, 60)
        for k in stride(from: 0, through: 60, by: 4) {
            var first = try Powell(problem: problem)
            let prefix = try run(&first, k)
            var resumed = try JSONDecoder().decode(Powell.self, from: JSONEncoder().encode(first))
            #expect(try prefix + run(&resumed, 60 - k) == reference, "resumed after \(k)")
            #expect(resumed.progress == uninterrupted.progress)
        }
    }
}
