import Foundation
import Testing
import VernierCore
@testable import VernierOptimize

@Suite("BO then BOBYQA")
struct BayesianThenLocalTests {
    static let problem = OptimizationProblem(space: Box(low: -2, high: 2, count: 3), initialPoint: [1.5, -1.5, 1])

    static func objective(_ x: [Double]) -> Double {
        (x[0] - 0.3) * (x[0] - 0.3) + 2 * (x[1] + 0.4) * (x[1] + 0.4) + 0.5 * (x[2] - 0.1) * (x[2] - 0.1)
    }

    /// After the Bayesian phase, BOBYQA starts at the best point without measuring it again: its first
    /// suggestion is BOBYQA's first step from there, exactly what a BOBYQA run started at that point with its
    /// value known would ask.
    @Test func handsOverAtTheBestPointWithoutReevaluatingIt() throws {
        let options = BayesianThenLocalOptions(bayesianEvaluations: 4, bobyqa: NLoptOptions(initialStep: [0.2]))
        var hybrid = try BayesianThenLocal(problem: Self.problem, options: options, seed: 3)
        var seen: [EvaluatedPoint] = []
        for _ in 0..<4 {
            let point = try hybrid.suggest(1)[0]
            let evaluated = EvaluatedPoint(parameters: point, objective: Self.objective(point))
            seen.append(evaluated)
            try hybrid.ingest([evaluated])
        }
        let best = try #require(seen.min { $0.objective < $1.objective })
        let next = try hybrid.suggest(1)[0]
        #expect(next != best.parameters)
        var start = Self.problem
        start.initialPoint = best.parameters
        var bobyqa = try NLoptOptimizer(method: .bobyqa, problem: start, options: options.bobyqa)
        #expect(try bobyqa.suggest(1)[0] == best.parameters)
        try bobyqa.ingest([best])
        #expect(try bobyqa.suggest(1)[0] == next)
        guard case .local = hybrid.phase else {
            Issue.record("still in the Bayesian phase after its evaluations")
            return
        }
    }

    @Test func refusesConstraintsUnlessIgnored() {
        var constrained = Self.problem
        constrained.constraints = [Constraint(name: "c", upperBound: 1)]
        #expect(throws: OptimizerError.self) { try BayesianThenLocal(problem: constrained, seed: 1) }
        #expect(throws: Never.self) { try BayesianThenLocal(problem: constrained, ignoreConstraints: true, seed: 1) }
    }
}
