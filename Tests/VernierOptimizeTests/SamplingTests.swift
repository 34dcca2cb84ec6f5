import Testing
import VernierCore
import VernierMath
@testable import VernierOptimize

@Suite("designs and random search")
struct SamplingTests {
    /// Every one of the n strata along every axis holds exactly one point.
    @Test(arguments: [1, 7, 50]) func latinHypercubeStratifies(count: Int) {
        var generator = SeededGenerator(seed: 2)
        let points = LatinHypercube.sample(count: count, dimension: 4, using: &generator)
        #expect(points.count == count)
        for axis in 0..<4 {
            let strata = points.map { Int(($0[axis] * Double(count)).rounded(.down)) }.sorted()
            #expect(strata == Array(0..<count))
        }
    }

    @Test func searchesStayInTheBoxAndTrackTheBestFeasible() throws {
        let problem = OptimizationProblem(
            space: Box(low: [-3, 10], high: [-1, 20]), constraints: [Constraint(name: "c", upperBound: 0)])
        var random = try RandomSearch(problem: problem, seed: 1)
        var hypercube = try LatinHypercubeSearch(problem: problem, options: .init(designSize: 8), seed: 1)
        for points in [try random.suggest(16), try hypercube.suggest(16)] {
            #expect(points.count == 16)
            #expect(points.allSatisfy(problem.space.contains))
        }
        // The best feasible point wins even when an infeasible one is lower.
        try random.ingest([
            EvaluatedPoint(parameters: [-2, 15], objective: -10, constraints: [1]),
            EvaluatedPoint(parameters: [-2, 11], objective: 3, constraints: [-1]),
            EvaluatedPoint(parameters: [-2, 12], objective: .nan, constraints: [-1]),
        ])
        #expect(random.progress.bestObjective == 3)
        #expect(random.progress.bestEvaluationNumber == 2)
        #expect(random.progress.evaluationCount == 3)
    }
}
