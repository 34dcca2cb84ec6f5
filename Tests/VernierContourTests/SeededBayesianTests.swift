import Foundation
import Testing
import VernierCore
import VernierMath
import VernierOptimize
import VernierPlants

/// Bayesian optimisation seeded by the level set jpa/Tuning-v1 declares (``BayesianOptions/levelSetSeed``, the
/// default): the contour search's readings first, then the GP improving on its feasible point. Oracles: a
/// standalone contour search on the same seed (bit-exact), the plant's own `minimum_pump_power_dbm`, and the
/// instability-margin rule recomputed from the readings.
@Suite("seeded BO: the JPA from a feasible point")
struct SeededBayesianTests {
    /// Every reading of one cold run (through the safety envelope) and the oracle at the last one.
    struct Trace {
        var points: [EvaluatedPoint] = []
        var minimum = Double.nan
    }

    static func run(_ optimizer: inout AnyOptimizer, plant: JPATuning, start: [Double], budget: Int) throws -> Trace {
        var envelope = try SafetyEnvelope(plant: plant, limits: SafetyLimits(hardLimits: plant.optimizationSpace),
                                          initialPoint: start)
        var trace = Trace()
        let stopping = StoppingConditions(maxEvaluations: budget)
        while stopping.stopReason(for: optimizer.progress) == nil {
            let point = try optimizer.suggest(1)[0]
            let evaluation = try envelope.evaluate(point)
            trace.minimum = evaluation.observables["minimum_pump_power_dbm"] ?? .nan
            let evaluated = EvaluatedPoint(parameters: envelope.currentPoint, evaluation: evaluation)
            trace.points.append(evaluated)
            try optimizer.ingest([evaluated])
        }
        return trace
    }

    static func coldStart(seed: UInt64, kind: OptimizerKind, budget: Int,
                          configuration: OptimizerConfiguration = OptimizerConfiguration()) throws -> Trace {
        var plant = try JPATuning()
        let start = try plant.initialParameters(seed: seed)
        let problem = OptimizationProblem(describing: plant, initialPoint: start)
        var optimizer = try AnyOptimizer(kind: kind, problem: problem, configuration: configuration,
                                         seed: SeedStreams.seed(seed, for: .optimizer))
        return try run(&optimizer, plant: plant, start: start, budget: budget)
    }

    /// Readings with the pump more than `margin` dB above the lowest pump power seen unstable before them.
    static func readingsAboveMargin(_ points: [EvaluatedPoint], margin: Double = 1.0) -> Int {
        var lowest: Double?, above = 0
        for point in points {
            let pump = point.parameters[1]
            if let lowest, pump > lowest + margin + 1e-12 { above += 1 }
            if point.evaluation.observables["unstable"] == 1 { lowest = min(lowest ?? pump, pump) }
        }
        return above
    }

    @Test("seeds 1–5, 20 measurements: the first readings are the contour search's, bit for bit; a feasible point within 0.5 dB of the least pump power on every seed; none above the instability margin",
          arguments: UInt64(1)...5)
    func seededRunFindsTheContour(seed: UInt64) throws {
        let seeded = try Self.coldStart(seed: seed, kind: .bayesian, budget: 20)
        let contour = try Self.coldStart(seed: seed, kind: .contour, budget: 40)
        // The seed is the contour search: the same readings until it ended.
        let seedLength = contour.points.count
        #expect(seedLength < 20)
        #expect(Array(seeded.points.prefix(seedLength)).map(\.parameters) == contour.points.map(\.parameters))
        let constraints = try JPATuning().constraints
        let feasible = seeded.points.filter { $0.evaluation.isFeasible(under: constraints) }
        let best = try #require(feasible.map(\.objective).min(), "no feasible point on seed \(seed)")
        #expect(abs(best - seeded.minimum) <= 0.5, "seed \(seed): \(best) vs \(seeded.minimum)")
        // The GP ran after the seed, and kept within the margin.
        #expect(seeded.points.count == 20)
        #expect(Self.readingsAboveMargin(seeded.points) == 0)
    }

    @Test("with level_set_seed: false the run is plain BO: the initial point, then a space-filling design")
    func seedCanBeTurnedOff() throws {
        var configuration = OptimizerConfiguration()
        configuration.bayesian.levelSetSeed = false
        let plain = try Self.coldStart(seed: 1, kind: .bayesian, budget: 3, configuration: configuration)
        let contour = try Self.coldStart(seed: 1, kind: .contour, budget: 3)
        var plant = try JPATuning()
        let start = try plant.initialParameters(seed: 1)
        #expect(plain.points.first?.parameters == start)
        #expect(plain.points.map(\.parameters) != contour.points.map(\.parameters))
    }

    @Test("a checkpoint taken while the seed runs continues exactly as the original")
    func checkpointMidSeed() throws {
        var plant = try JPATuning()
        let start = try plant.initialParameters(seed: 2)
        let problem = OptimizationProblem(describing: plant, initialPoint: start)
        var optimizer = try AnyOptimizer(kind: .bayesian, problem: problem, seed: 7)
        _ = try Self.run(&optimizer, plant: plant, start: start, budget: 3)
        var restored = try AnyOptimizer(checkpoint: try optimizer.checkpoint())
        #expect(try restored.suggest(1) == (try optimizer.suggest(1)))
    }

    @Test("a batch while the seed runs is refused with a message naming the seed")
    func batchDuringSeed() throws {
        var plant = try JPATuning()
        let start = try plant.initialParameters(seed: 1)
        var optimizer = try BayesianOptimizer(problem: OptimizationProblem(describing: plant, initialPoint: start), seed: 1)
        #expect(throws: OptimizerError.self) { try optimizer.suggest(2) }
    }
}
