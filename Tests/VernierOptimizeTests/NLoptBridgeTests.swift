import CNLopt
import Foundation
import Testing
import VernierCore
@testable import VernierOptimize

/// The ask/tell bridge over NLopt: it visits exactly the points a direct `nlopt_optimize` visits, resumes by
/// replay bit for bit after any number of evaluations, and leaves no thread behind.
@Suite("NLopt bridge")
struct NLoptBridgeTests {
    /// A smooth bounded problem whose unconstrained minimum (1, −0.5, 2) violates the constraint x₀ + x₂ ≤ 2.5.
    static let problem = OptimizationProblem(
        space: Box(low: [-2, -3, 0], high: [3, 2, 4]), constraints: [Constraint(name: "sum", upperBound: 2.5)],
        initialPoint: [0.5, 0.5, 0.5])
    static let options = NLoptOptions(initialStep: [0.4, 0.3, 0.5], minimumStep: [1e-5])

    static func objective(_ x: [Double]) -> Double {
        let a = x[0] - 1, b = x[1] + 0.5, c = x[2] - 2
        return a * a + 2 * b * b + 0.5 * c * c + 0.3 * a * b + 0.1 * sin(3 * x[2])
    }

    static func evaluate(_ x: [Double]) -> EvaluatedPoint {
        EvaluatedPoint(parameters: x, objective: objective(x), constraints: [x[0] + x[2]])
    }

    static func optimizer(_ method: NLoptMethod) throws -> NLoptOptimizer {
        try NLoptOptimizer(method: method, problem: problem, options: options, ignoreConstraints: true, seed: 7)
    }

    /// `optimizer` through the run store's JSON (non-finite numbers as strings, as `AnyOptimizer` writes them).
    static func roundTrip(_ optimizer: NLoptOptimizer) throws -> NLoptOptimizer {
        let data = try AnyOptimizer.checkpointEncoder().encode(optimizer)
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try decoder.decode(NLoptOptimizer.self, from: data)
    }

    /// Runs `steps` ask/tell rounds, returning the suggestions.
    static func run(_ optimizer: inout NLoptOptimizer, steps: Int) throws -> [[Double]] {
        var points: [[Double]] = []
        for _ in 0..<steps {
            let point = try optimizer.suggest(1)[0]
            points.append(point)
            try optimizer.ingest([evaluate(point)])
        }
        return points
    }

    /// The points `nlopt_optimize` itself evaluates with the same settings, stopped after `maxEvaluations`.
    static func directRun(_ method: NLoptMethod, maxEvaluations: Int) -> (points: [[Double]], result: Int32) {
        final class Recorder {
            var points: [[Double]] = []
            var last: [Double] = []
        }
        let recorder = Recorder()
        let data = Unmanaged.passUnretained(recorder).toOpaque()
        let n = UInt32(problem.dimension)
        nlopt_srand(7)
        let opt = nlopt_create(method.algorithm, n)
        defer { nlopt_destroy(opt) }
        nlopt_set_lower_bounds(opt, problem.space.low)
        nlopt_set_upper_bounds(opt, problem.space.high)
        nlopt_set_min_objective(opt, { n, x, _, data in
            let point = Array(UnsafeBufferPointer(start: x, count: Int(n)))
            let recorder = Unmanaged<Recorder>.fromOpaque(data!).takeUnretainedValue()
            recorder.points.append(point)
            recorder.last = point
            return NLoptBridgeTests.objective(point)
        }, data)
        if method == .cobyla {
            nlopt_add_inequality_constraint(opt, { _, x, _, data in
                let recorder = Unmanaged<Recorder>.fromOpaque(data!).takeUnretainedValue()
                #expect(Array(UnsafeBufferPointer(start: x, count: 3)) == recorder.last)
                return x![0] + x![2] - 2.5
            }, data, 0)
        }
        nlopt_set_initial_step(opt, options.initialSteps(for: problem.space))
        nlopt_set_xtol_abs(opt, options.minimumSteps(for: problem.space))
        nlopt_set_maxeval(opt, Int32(maxEvaluations))
        var x = problem.initialPoint ?? []
        var minimum = 0.0
        let result = nlopt_optimize(opt, &x, &minimum)
        return (recorder.points, result.rawValue)
    }

    @Test(arguments: NLoptMethod.allCases)
    func bridgeVisitsExactlyTheDirectRunsPoints(method: NLoptMethod) throws {
        let budget = 60
        let direct = Self.directRun(method, maxEvaluations: budget)
        #expect(direct.points.count >= 2 * Self.problem.dimension + 1)
        var optimizer = try Self.optimizer(method)
        let bridged = try Self.run(&optimizer, steps: direct.points.count)
        #expect(bridged == direct.points)
        // A run that converged before the budget reports it at the same evaluation.
        if direct.result != NLOPT_MAXEVAL_REACHED.rawValue {
            #expect(optimizer.progress.convergence != nil)
        } else {
            #expect(optimizer.progress.convergence == nil)
        }
    }

    @Test(arguments: NLoptMethod.allCases)
    func resumeAfterAnyEvaluationReproducesTheRun(method: NLoptMethod) throws {
        let total = 30
        var uninterrupted = try Self.optimizer(method)
        let reference = try Self.run(&uninterrupted, steps: total)
        for k in 0...total {
            var first = try Self.optimizer(method)
            let prefix = try Self.run(&first, steps: k)
            var resumed = try Self.roundTrip(first)
            #expect(resumed.live == nil, "the decoded optimiser must replay, not share the live run")
            let suffix = try Self.run(&resumed, steps: total - k)
            #expect(prefix + suffix == reference, "resumed after \(k) evaluations")
            #expect(resumed.progress == uninterrupted.progress)
        }
    }

    /// Restarts after convergence replay too: a tiny problem converges several times within the budget.
    @Test func restartsAfterConvergenceReplayExactly() throws {
        let quadratic = OptimizationProblem(space: Box(low: [-1, -1], high: [1, 1]), initialPoint: [0.6, -0.4])
        let options = NLoptOptions(initialStep: [0.2], minimumStep: [1e-3])
        func evaluate(_ x: [Double]) -> EvaluatedPoint { EvaluatedPoint(parameters: x, objective: x[0] * x[0] + x[1] * x[1]) }
        var uninterrupted = try NLoptOptimizer(method: .bobyqa, problem: quadratic, options: options)
        var points: [[Double]] = []
        var convergences = 0
        for _ in 0..<120 {
            let point = try uninterrupted.suggest(1)[0]
            points.append(point)
            try uninterrupted.ingest([evaluate(point)])
            if uninterrupted.progress.convergence != nil { convergences += 1 }
        }
        #expect(convergences >= 2, "the run should converge and restart at least twice")
        var resumed = try Self.roundTrip(uninterrupted)
        var copy = uninterrupted
        #expect(try resumed.suggest(1) == copy.suggest(1))
    }

    /// Dropping the optimiser mid-run (a cancelled tune) stops NLopt and joins its thread.
    @Test(arguments: NLoptMethod.allCases)
    func droppingTheOptimizerLeavesNoThread(method: NLoptMethod) throws {
        var optimizer: NLoptOptimizer? = try Self.optimizer(method)
        _ = try Self.run(&optimizer!, steps: 5)
        _ = try optimizer!.suggest(1)   // NLopt is now blocked inside its objective, waiting for a value
        let thread = try #require(optimizer?.live?.currentThread)
        #expect(!thread.threadHasExited)
        optimizer = nil
        #expect(thread.threadHasExited)
    }

    /// A copy that moves on does not disturb its twin: each replays when out of step.
    @Test func copiesAreIndependentValues() throws {
        var original = try Self.optimizer(.bobyqa)
        _ = try Self.run(&original, steps: 8)
        var copy = original
        let fromCopy = try Self.run(&copy, steps: 6)
        let fromOriginal = try Self.run(&original, steps: 6)
        #expect(fromCopy == fromOriginal)
    }

    @Test func cobylaHonoursTheConstraint() throws {
        var optimizer = try NLoptOptimizer(method: .cobyla, problem: Self.problem, options: Self.options)
        _ = try Self.run(&optimizer, steps: 150)
        let best = try #require(optimizer.progress.best)
        #expect(best.evaluation.constraints[0] <= 2.5)
        // The constrained optimum lies on the constraint: x₀ + x₂ = 2.5.
        #expect(abs(best.evaluation.constraints[0] - 2.5) < 1e-3)
    }

    @Test func constraintsAreRefusedUnlessIgnored() {
        #expect(throws: OptimizerError.self) {
            try NLoptOptimizer(method: .bobyqa, problem: Self.problem)
        }
        #expect(throws: Never.self) {
            try NLoptOptimizer(method: .bobyqa, problem: Self.problem, ignoreConstraints: true)
        }
    }

    @Test func stepsAreCheckedInPhysicalUnits() {
        do {
            _ = try NLoptOptimizer(method: .bobyqa, problem: Self.problem,
                                   options: NLoptOptions(initialStep: [3, 0.1, 0.1]), ignoreConstraints: true)
            Issue.record("a step larger than half the range was accepted")
        } catch {
            #expect("\(error)".contains("rhobeg for x0"))
        }
    }
}
