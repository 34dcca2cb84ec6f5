import Foundation
import Testing
import VernierCore
@testable import VernierOptimize

@Suite("Nelder–Mead")
struct NelderMeadTests {
    /// Budgets and tolerances: Branin to within 10⁻⁴ of its minimum in 80 evaluations from the box centre;
    /// the 10-D quadratic (condition number 10) below 10⁻⁶ in 2,500; Hartmann-6 from (0.25, …) to the global
    /// minimum within 10⁻³ in 600 (restarts after convergence on).
    @Test func findsBraninMinimum() throws {
        var optimizer = try NelderMead(problem: TestProblem.branin.problem(initialPoint: centre(of: .branin)))
        let trace = try minimize(&optimizer, .branin, budget: 80)
        #expect(trace.last! - TestProblem.branin.optimumValue < 1e-4)
    }

    @Test func findsQuadraticMinimumInTenDimensions() throws {
        let test = TestProblem.quadratic(dimension: 10)
        var optimizer = try NelderMead(problem: test.problem(initialPoint: Array(repeating: 0, count: 10)))
        let trace = try minimize(&optimizer, test, budget: 2500)
        #expect(trace.last! < 1e-6)
    }

    @Test func findsHartmann6Minimum() throws {
        let test = TestProblem.hartmann6
        var optimizer = try NelderMead(problem: test.problem(initialPoint: Array(repeating: 0.25, count: 6)))
        let trace = try minimize(&optimizer, test, budget: 600)
        #expect(trace.last! - test.optimumValue < 1e-3)
    }

    /// The initial simplex is scaled to the space, so a start at 0 (where SciPy's 5 % of x₀ degenerates)
    /// spans 10 % of each range.
    @Test func initialSimplexScalesWithTheSpace() throws {
        let problem = OptimizationProblem(space: Box(low: [-10, 0], high: [10, 1000]), initialPoint: [0, 0])
        var optimizer = try NelderMead(problem: problem)
        var vertices: [[Double]] = []
        for _ in 0..<3 {
            let point = try optimizer.suggest(1)[0]
            vertices.append(point)
            try optimizer.ingest([EvaluatedPoint(parameters: point, objective: point[0] * point[0] + point[1])])
        }
        #expect(vertices == [[0, 0], [2, 0], [0, 100]])
    }

    /// Gao & Han's coefficients for n = 4: expansion 1.5, contraction 0.625, shrink 0.75.
    @Test func adaptiveCoefficients() throws {
        let problem = OptimizationProblem(space: Box(low: -1, high: 1, count: 4))
        let optimizer = try NelderMead(problem: problem)
        let (rho, chi, psi, sigma) = optimizer.coefficients
        #expect((rho, chi, psi, sigma) == (1, 1.5, 0.625, 0.75))
        var classic = NelderMeadOptions()
        classic.adaptive = false
        let (_, chi2, psi2, sigma2) = try NelderMead(problem: problem, options: classic).coefficients
        #expect((chi2, psi2, sigma2) == (2, 0.5, 0.5))
    }

    /// Converges (and says so) on a smooth bowl instead of stopping early; the stop reason reports it.
    @Test func reportsConvergence() throws {
        let test = TestProblem.quadratic(dimension: 2)
        var options = NelderMeadOptions()
        options.restartAfterConvergence = false
        var optimizer = try NelderMead(problem: test.problem(initialPoint: [0.9, 0.9]), options: options)
        let stopping = StoppingConditions(maxEvaluations: 2000)
        var count = 0
        while stopping.stopReason(for: optimizer.progress) == nil {
            let point = try optimizer.suggest(1)[0]
            try optimizer.ingest([EvaluatedPoint(parameters: point, objective: test.evaluate(point))])
            count += 1
        }
        guard case .converged = stopping.stopReason(for: optimizer.progress) else {
            Issue.record("expected convergence, got \(String(describing: stopping.stopReason(for: optimizer.progress)))")
            return
        }
        #expect(count > 50)
        #expect(optimizer.progress.bestObjective < 1e-10)
    }

    @Test func refusesConstraintsUnlessIgnored() throws {
        let problem = OptimizationProblem(
            space: Box(low: 0, high: 1, count: 2), constraints: [Constraint(name: "gain_db", lowerBound: 20)])
        #expect(throws: OptimizerError.constraintsUnsupported(optimizer: "Nelder–Mead", constraints: ["gain_db"])) {
            try NelderMead(problem: problem)
        }
        let error = OptimizerError.constraintsUnsupported(optimizer: "Nelder–Mead", constraints: ["gain_db"])
        #expect(error.description.contains("ignore_constraints"))
        _ = try NelderMead(problem: problem, ignoreConstraints: true)
        #expect(throws: OptimizerError.self) { try ExtremumSeeking(problem: problem) }
        _ = try ExtremumSeeking(problem: problem, ignoreConstraints: true)
    }

    @Test func sequentialOnly() throws {
        var optimizer = try NelderMead(problem: TestProblem.branin.problem())
        #expect(throws: OptimizerError.batchUnsupported(optimizer: "Nelder–Mead", requested: 2, maximum: 1)) {
            try optimizer.suggest(2)
        }
        // Asking again before ingesting returns the same point.
        let first = try optimizer.suggest(1)
        #expect(try optimizer.suggest(1) == first)
    }
}
