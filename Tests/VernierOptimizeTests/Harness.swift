import Testing
import VernierCore
import VernierOptimize

/// Runs `optimizer` on `test` sequentially for `budget` evaluations; returns the best value after each.
func minimize(_ optimizer: inout some Optimizer, _ test: TestProblem, budget: Int) throws -> [Double] {
    var trace: [Double] = []
    while trace.count < budget {
        let point = try optimizer.suggest(1)[0]
        #expect(test.space.contains(point), "suggested \(point) outside the box")
        try optimizer.ingest([EvaluatedPoint(parameters: point, objective: test.evaluate(point))])
        trace.append(optimizer.progress.bestObjective)
    }
    return trace
}

/// The box centre of `test`: the "nominal" start of the local optimisers.
func centre(of test: TestProblem) -> [Double] {
    zip(test.space.low, test.space.high).map { ($0 + $1) / 2 }
}
