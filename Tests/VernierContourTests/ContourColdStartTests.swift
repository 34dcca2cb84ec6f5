import Foundation
import Testing
import VernierCore
import VernierMath
import VernierOptimize
import VernierPlants

/// The contour search from cold on seeded jpa/Tuning-v1 instances (default options: gain noise, flux drift
/// and traps on), every measurement through the safety envelope; the oracle is the plant's own
/// `minimum_pump_power_dbm` (the analytic least pump power reaching 20 dB).
@Suite("contour search: JPA operating point from cold")
struct ContourColdStartTests {
    /// One cold start: measurements spent, least feasible pump power found, the oracle, readings above the margin.
    struct Outcome {
        var measurements: Int
        var found: Double?
        var minimum: Double
        var aboveMargin: Int
    }

    static func coldStart(seed: UInt64, budget: Int = 40, options: ContourSearchOptions = ContourSearchOptions()) throws -> Outcome {
        var plant = try JPATuning()
        let start = try plant.initialParameters(seed: seed)
        let problem = OptimizationProblem(describing: plant, initialPoint: start)
        var search = try ContourSearch(problem: problem, options: options)
        var envelope = try SafetyEnvelope(plant: plant, limits: SafetyLimits(hardLimits: plant.optimizationSpace), initialPoint: start)
        let stopping = StoppingConditions(maxEvaluations: budget)
        var minimum = Double.nan
        while stopping.stopReason(for: search.progress) == nil {
            let point = try search.suggest(1)[0]
            let evaluation = try envelope.evaluate(point)
            minimum = evaluation.observables["minimum_pump_power_dbm"] ?? .nan
            try search.ingest([EvaluatedPoint(parameters: envelope.currentPoint, evaluation: evaluation)])
        }
        return Outcome(measurements: search.progress.evaluationCount, found: search.progress.best?.objective,
                       minimum: minimum, aboveMargin: search.measurementsAboveMargin)
    }

    @Test("100 seeded instances: within 0.5 dB of the least pump power on ≥ 95 %, ≤ 40 measurements, none above the instability margin")
    func hundredInstances() throws {
        var within = 0, counts: [Int] = [], above = 0
        var misses: [String] = []
        for seed in UInt64(1)...100 {
            let outcome = try Self.coldStart(seed: seed)
            counts.append(outcome.measurements)
            above += outcome.aboveMargin
            if let found = outcome.found, found - outcome.minimum <= 0.5, found - outcome.minimum >= -0.5 {
                within += 1
            } else {
                misses.append("seed \(seed): \(outcome.found.map { "\($0)" } ?? "none") vs \(outcome.minimum) in \(outcome.measurements)")
            }
        }
        counts.sort()
        print("contour cold start: \(within)/100 within 0.5 dB; measurements median \(counts[49]), worst \(counts[99]); above margin \(above); misses \(misses)")
        #expect(within >= 95, "\(misses)")
        #expect(counts.allSatisfy { $0 <= 40 })
        #expect(above == 0)
    }
}
