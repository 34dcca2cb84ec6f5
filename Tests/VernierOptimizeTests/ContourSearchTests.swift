import Foundation
import Testing
import VernierCore
@testable import VernierOptimize

/// The contour search on a synthetic level set with an analytic answer: parameters (x, d) in [0, 1] × [−10, 10];
/// the reading r(x) = x (taken with d at its lowest) must equal 0.3; the constraint c = 20 + 8 (d − d*(x)) is
/// monotone in d up to an instability at d*(x) + 1 (flag `unstable`, c = −5 beyond), with d*(x) = 2 + 40 (x − 0.3)²:
/// the least d meeting c ≥ 19.5 is 2 − 1/16 at x = 0.3.
@Suite("contour search")
struct ContourSearchTests {
    static let structure = LevelSetStructure(
        constraint: "c", drive: "d", increasing: true, instabilityObservable: "unstable",
        placement: .init(parameter: "x", observable: "r", target: 0.3))

    static func problem(start: [Double] = [0.8, -10], levelSet: LevelSetStructure? = structure) -> OptimizationProblem {
        OptimizationProblem(space: Box(low: [0, -10], high: [1, 10]), parameterNames: ["x", "d"], objectiveName: "d",
                            constraints: [Constraint(name: "c", lowerBound: 19.5)], initialPoint: start, levelSet: levelSet)
    }

    static func evaluate(_ point: [Double]) -> EvaluatedPoint {
        let (x, d) = (point[0], point[1])
        let root = 2 + 40 * (x - 0.3) * (x - 0.3)
        var observables: [String: Double] = [:]
        let unstable = d >= root + 1
        observables["unstable"] = unstable ? 1 : 0
        if d == -10 { observables["r"] = x }
        let constraint = unstable ? -5 : 20 + 8 * (d - root)
        return EvaluatedPoint(parameters: point, evaluation: Evaluation(objective: d, constraints: [constraint], observables: observables))
    }

    static func run(_ search: inout ContourSearch, budget: Int = 40) throws -> [[Double]] {
        var points: [[Double]] = []
        while search.progress.convergence == nil, points.count < budget {
            let point = try search.suggest(1)[0]
            points.append(point)
            try search.ingest([evaluate(point)])
        }
        return points
    }

    @Test("from cold: placement puts x on the reading's target, then the root in d is bracketed to the tolerance")
    func coldStartFindsTheLeastDrive() throws {
        var search = try ContourSearch(problem: Self.problem())
        let points = try Self.run(&search)
        #expect(search.progress.convergence != nil)
        #expect(points.count <= 20, "\(points.count) evaluations")
        let placed = try #require(search.placedValue)
        #expect(abs(placed - 0.3) < 1e-9)  // a linear reading: the secant lands exactly
        let best = try #require(search.progress.best)
        // Feasible, and at most drive_tolerance + the accepted excess (1 / 8 per unit of c) above the least drive.
        #expect(best.objective >= 2 - 1.0 / 16 && best.objective <= 2 - 1.0 / 16 + 0.1 + 1.0 / 8)
        #expect(search.measurementsAboveMargin == 0)
        // Placement readings were taken with the drive off.
        #expect(points.prefix(search.placementReadingCount).allSatisfy { $0[1] == -10 })
    }

    @Test("a lost placement reading (a trapped SQUID beyond x = 0.82): the next readings stay short of it, on the other side first, and the placement still lands on the target")
    func placementWalksAwayFromALostReading() throws {
        var search = try ContourSearch(problem: Self.problem())
        var points: [[Double]] = []
        while search.progress.convergence == nil, points.count < 40 {
            let point = try search.suggest(1)[0]
            points.append(point)
            var evaluated = Self.evaluate(point)
            if point[0] > 0.82, evaluated.evaluation.observables["r"] != nil { evaluated.evaluation.observables["r"] = .nan }
            try search.ingest([evaluated])
        }
        let placement = points.filter { $0[1] == -10 }
        // 0.8 (the start), 0.85 (lost), then below the start: never again beyond the lost value's side of the start.
        #expect(placement.count >= 3 && abs(placement[1][0] - 0.85) < 1e-12)
        #expect(placement.dropFirst(2).allSatisfy { $0[0] < 0.8 })
        let placed = try #require(search.placedValue)
        #expect(abs(placed - 0.3) < 1e-9)
        let best = try #require(search.progress.best)
        #expect(best.objective >= 2 - 1.0 / 16 && best.objective <= 2 - 1.0 / 16 + 0.1 + 1.0 / 8)
    }

    @Test("after the first unstable reading, no point has the drive above the lowest unstable drive + margin")
    func neverAboveTheMargin() throws {
        var options = ContourSearchOptions()
        options.instabilityMargin = 0.25
        var search = try ContourSearch(problem: Self.problem(), options: options)
        let points = try Self.run(&search)
        let firstUnstable = try #require(points.firstIndex { Self.evaluate($0).evaluation.observables["unstable"] == 1 })
        var lowest = points[firstUnstable][1]
        for point in points[(firstUnstable + 1)...] {
            #expect(point[1] <= lowest + 0.25 + 1e-12)
            if Self.evaluate(point).evaluation.observables["unstable"] == 1 { lowest = min(lowest, point[1]) }
        }
        #expect(search.measurementsAboveMargin == 0)
    }

    @Test("warm start on the contour: one measurement; from below, it steps up and never jumps past the instability")
    func warmStart() throws {
        var options = ContourSearchOptions()
        options.warmStart = true
        var onContour = try ContourSearch(problem: Self.problem(start: [0.3, 2]), options: options)
        #expect(try Self.run(&onContour).count == 1)
        options.replacementThreshold = 5  // stepping only: no re-placement
        var below = try ContourSearch(problem: Self.problem(start: [0.3, 1.2]), options: options)
        let points = try Self.run(&below)
        #expect(points.allSatisfy { $0[1] < 3 })  // the instability begins at d = 3
        #expect(below.progress.best != nil && points.count <= 6)
    }

    @Test("a warm start whose root moved up re-places the placement parameter from the reading")
    func warmStartReplaces() throws {
        var options = ContourSearchOptions()
        options.warmStart = true
        options.placementSlope = 1
        // Started at x = 0.35: the root there is 2.1, above the start's drive 1.9 by more than the threshold.
        var search = try ContourSearch(problem: Self.problem(start: [0.35, 1.9]), options: options)
        _ = try Self.run(&search)
        #expect(search.placementReadingCount >= 1)
        #expect(abs((search.placedValue ?? 0) - 0.3) < 1e-9)
        #expect((search.progress.best?.objective ?? 99) < 2.1)
    }

    @Test("a structure naming no parameter or constraint of the problem is refused, naming it")
    func badStructure() {
        let wrong = LevelSetStructure(constraint: "gain", drive: "power")
        #expect(throws: OptimizerError.self) { try ContourSearch(problem: Self.problem(levelSet: wrong)) }
        do {
            _ = try ContourSearch(problem: Self.problem(levelSet: wrong))
        } catch {
            #expect("\(error)".contains("gain") && "\(error)".contains("power"))
        }
    }

    @Test("options: unknown keys refused, out-of-range values listed")
    func options() throws {
        #expect(throws: (any Error).self) {
            try JSONDecoder().decode(ContourSearchOptions.self, from: Data(#"{"level_margn": 1}"#.utf8))
        }
        let decoded = try JSONDecoder().decode(ContourSearchOptions.self, from: Data(#"{"level_margin": 0.5, "warm_start": true}"#.utf8))
        #expect(decoded.levelMargin == 0.5 && decoded.warmStart && decoded.driveTolerance == 0.1)
        var bad = ContourSearchOptions()
        bad.driveTolerance = 0
        bad.placementReadings = 1
        #expect(bad.problems().count == 2)
        #expect(throws: OptimizerError.self) { try ContourSearch(problem: Self.problem(), options: bad) }
    }
}

/// The constrained-BO changes for thin feasible bands, on the same synthetic level set.
@Suite("Bayesian optimisation on a level set")
struct LevelSetBayesianTests {
    @Test("unstable readings are labelled apart from the constraint they drive; problems without a level set get no labels")
    func stabilityLabels() {
        let points = [[0.3, 1.0], [0.3, 5.0], [0.5, 2.0]].map(ContourSearchTests.evaluate)
        let labels = BayesianOptimizer.stabilityLabels(points, problem: ContourSearchTests.problem())
        #expect(labels?.constraintIndex == 0)
        #expect(labels?.labels == [true, false, true])
        #expect(BayesianOptimizer.stabilityLabels(points, problem: ContourSearchTests.problem(levelSet: nil)) == nil)
    }

    @Test("BO runs on it (the stability classifier in the fit) and reports the closest point when none is feasible")
    func runsAndReportsClosest() throws {
        var optimizer = try BayesianOptimizer(problem: ContourSearchTests.problem(start: [0.8, -10]), seed: 3)
        var unstable = 0
        for _ in 0..<12 {
            let point = try optimizer.suggest(1)[0]
            #expect(ContourSearchTests.problem().space.contains(point))
            let evaluated = ContourSearchTests.evaluate(point)
            unstable += evaluated.evaluation.observables["unstable"] == 1 ? 1 : 0
            try optimizer.ingest([evaluated])
        }
        _ = try optimizer.suggest(1)
        // Stable and unstable readings both seen: the classifier was fitted.
        #expect(unstable > 0 && unstable < 12)
        #expect(optimizer.stabilityHyperparameters != nil)
        var progress = OptimizationProgress()
        let constraints = [Constraint(name: "c", lowerBound: 19.5)]
        progress.record(EvaluatedPoint(parameters: [0, 1], objective: 1, constraints: [10]), constraints: constraints)
        progress.record(EvaluatedPoint(parameters: [0, 2], objective: 2, constraints: [18]), constraints: constraints)
        progress.record(EvaluatedPoint(parameters: [0, 3], objective: 3, constraints: [.nan]), constraints: constraints)
        #expect(progress.best == nil)
        #expect(progress.closest?.parameters == [0, 2] && progress.closestViolation == 1.5)
    }
}
