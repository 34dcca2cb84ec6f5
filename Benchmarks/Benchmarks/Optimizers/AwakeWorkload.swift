import Foundation
import VernierCore
import VernierMath
import VernierOptimize
import VernierPlants

/// The AWAKE workload of `Optimizers awake`: evaluations until the simulated AWAKE electron line
/// (`awake/Steering-v1` with default options: horizontal plane, ±1 mrad correctors, no noise, no drift) is
/// steered to a trajectory RMS below 1 mm, from its standard initial states.
///
/// Seed s draws the scenario (`initialParameters(seed: s)`: a hidden misalignment whose uncorrected RMS is
/// above 2 mm, correctors at 0) and the optimiser takes its own stream derived from s
/// (`SeedStreams.seed(s, for: .optimizer)`), as `vernier tune awake/Steering-v1 --seed s` does.
/// The first evaluation is the machine's current point (counted). A run that never gets below 1 mm within
/// the budget counts as budget + 1 for the median.
enum AwakeWorkload {
    /// One run's result: evaluations to < 1 mm (nil = never within the budget) and the best RMS seen (mm).
    struct Result {
        var evaluationsToTarget: Int?
        var bestRMS: Double
    }

    static let targetRMS = 1.0

    static func run(
        _ kind: OptimizerKind, configuration: OptimizerConfiguration, seed: UInt64, budget: Int,
        trace: Bool = false
    ) throws -> Result {
        var plant = try AwakeSteering()
        let start = try plant.initialParameters(seed: seed)
        let problem = OptimizationProblem(describing: plant, initialPoint: start)
        var optimizer = try AnyOptimizer(kind: kind, problem: problem, configuration: configuration,
                                         seed: SeedStreams.seed(seed, for: .optimizer))
        var best = Double.infinity
        var previous = start
        for index in 0..<budget {
            let point = try optimizer.suggest(1)[0]
            let evaluation = try plant.evaluate(point)
            try optimizer.ingest([EvaluatedPoint(parameters: point, evaluation: evaluation)])
            best = min(best, evaluation.objective)
            if trace {
                let step = zip(point, previous).map { abs($0 - $1) / plant.options.correctorLimit }.max() ?? 0
                FileHandle.standardError.write(Data(String(
                    format: "seed %d  #%2d  rms %7.3f mm  best %7.3f  largest move %.3f of the limit\n",
                    seed, index + 1, evaluation.objective, best, step).utf8))
                previous = point
            }
            if evaluation.objective < targetRMS { return Result(evaluationsToTarget: index + 1, bestRMS: best) }
        }
        return Result(evaluationsToTarget: nil, bestRMS: best)
    }

    /// Runs seeds 0 ..< `seeds` and returns the JSON-ready summary.
    static func measure(
        _ kind: OptimizerKind, configuration: OptimizerConfiguration, seeds: Int, budget: Int, trace: Bool = false
    ) throws -> [String: Any] {
        let start = ContinuousClock.now
        var reached: [Int?] = []
        var bests: [Double] = []
        for seed in 0..<seeds {
            let result = try run(kind, configuration: configuration, seed: UInt64(seed), budget: budget,
                                 trace: trace)
            reached.append(result.evaluationsToTarget)
            bests.append(result.bestRMS)
        }
        let counted = reached.map { Double($0 ?? budget + 1) }
        return [
            "optimizer": kind.rawValue,
            "evaluations_to_1mm": reached.map { $0.map { $0 as Any } ?? NSNull() },
            "median": Statistics.median(counted),
            "best_rms_mm": bests,
            "budget": budget,
            "wall_seconds": Double((ContinuousClock.now - start).components.seconds),
        ]
    }
}
