import Testing
import VernierCore
@testable import VernierOptimize

@Suite("stopping conditions")
struct StoppingConditionsTests {
    private func progress(_ values: [Double]) -> OptimizationProgress {
        var progress = OptimizationProgress()
        for value in values { progress.record(EvaluatedPoint(parameters: [0], objective: value), constraints: []) }
        return progress
    }

    @Test func budget() {
        let stopping = StoppingConditions(maxEvaluations: 3)
        #expect(stopping.stopReason(for: progress([5, 4])) == nil)
        #expect(stopping.stopReason(for: progress([5, 4, 3])) == .maxEvaluations(3))
    }

    @Test func targetWinsOverBudget() {
        let stopping = StoppingConditions(maxEvaluations: 3, targetObjective: 1)
        #expect(stopping.stopReason(for: progress([5, 4, 0.5])) == .targetReached(objective: 0.5, target: 1))
    }

    /// "No improvement of more than 0.1 in the last 3 evaluations."
    @Test func stagnation() {
        let stopping = StoppingConditions(
            maxEvaluations: 100, stagnation: .init(evaluations: 3, tolerance: 0.1))
        #expect(stopping.stopReason(for: progress([5, 4, 3.95, 3.92])) == nil)          // 5 → 3.92 over the window
        #expect(stopping.stopReason(for: progress([5, 4, 3.95, 3.92, 3.91]))
                == .stagnated(evaluations: 3, improvement: 4 - 3.91))
        #expect(stopping.stopReason(for: progress([.nan, .nan, .nan, .nan])) == .stagnated(evaluations: 3, improvement: 0))
    }

    @Test func convergenceOnlyWhenAsked() {
        var converged = progress([1, 2])
        converged.convergence = "simplex collapsed"
        #expect(StoppingConditions(maxEvaluations: 10).stopReason(for: converged) == .converged("simplex collapsed"))
        #expect(StoppingConditions(maxEvaluations: 10, stopOnConvergence: false).stopReason(for: converged) == nil)
        #expect(StoppingConditions(maxEvaluations: 0).problems().count == 1)
    }
}
