import Foundation
import VernierCore
import VernierMath
import VernierOptimize

// Vernier's side of Benchmarks/compare-bo.sh (the peers are Benchmarks/python/bo_peers.py). Release build:
//   swift run -c release Optimizers timing      [--repeats 7]
//   swift run -c release Optimizers efficiency  [--seeds 5] [--optimizer bo]
//   swift run -c release Optimizers awake       [--seeds 10] [--budget 40] [--optimizer bo] [--trace]
// Prints one JSON object. Workloads (identical on the Python side):
// - timing: one BO iteration (fit the GP hyperparameters, maximise the acquisition, return one point) with
//   n = 20, 50, 100 observations of Hartmann-6 (6-D) and of the 10-D steering problem, at uniformly random
//   points; median wall time over the repeats. Vernier's iteration starts warm, as in a real run: the
//   previous fit (on n − 1 observations) is the warm start, exactly what the loop would have.
// - efficiency: best value after 50 evaluations on Branin and Hartmann-6, and evaluations until the 10-D
//   steering problem is within 10 % of its optimum (f ≤ 1.1 f*, budget 150), one run per seed 0 … seeds−1.
// - awake: evaluations until the simulated AWAKE line is steered below 1 mm RMS from its standard initial
//   states, seeds 0 … seeds−1 (AwakeWorkload.swift; the scipy side is Benchmarks/python/awake_scipy.py).

struct Arguments {
    var mode = "efficiency"
    var repeats = 7
    var seeds = 5
    /// Evaluations per AWAKE run.
    var budget = 40
    var optimizer = OptimizerKind.bayesian
    var steeringPath = "data/steering-10d.json"
    /// Optimiser settings as JSON (the `--config` file format of `vernier tune`), for experiments.
    var configuration = OptimizerConfiguration()
    /// Run only the problem with this name ("Branin", "Hartmann-6", "steering-10D"); all when empty.
    var only = ""
    /// Print every AWAKE evaluation to standard error (diagnostics).
    var traceEvaluations = false

    init() {
        var arguments = CommandLine.arguments.dropFirst()
        if let first = arguments.first, !first.hasPrefix("--") { mode = first; arguments = arguments.dropFirst() }
        var iterator = arguments.makeIterator()
        while let flag = iterator.next() {
            if flag == "--trace" { traceEvaluations = true; continue }
            let value = iterator.next() ?? ""
            switch flag {
            case "--repeats": repeats = Int(value) ?? repeats
            case "--seeds": seeds = Int(value) ?? seeds
            case "--budget": budget = Int(value) ?? budget
            case "--optimizer": optimizer = OptimizerKind(rawValue: value) ?? optimizer
            case "--steering": steeringPath = value
            case "--only": only = value
            case "--config":
                do {
                    configuration = try JSONDecoder().decode(OptimizerConfiguration.self, from: Data(value.utf8))
                } catch {
                    FileHandle.standardError.write(Data("bad --config: \(error)\n".utf8))
                    exit(64)
                }
            default: FileHandle.standardError.write(Data("unknown flag \(flag)\n".utf8))
            }
        }
    }
}

struct SteeringFile: Decodable {
    let R: [[Double]]
    let b: [Double]
    let optimum: Double
    let optimum_point: [Double]
}

func loadSteering(_ path: String) throws -> TestProblem {
    let file = try JSONDecoder().decode(SteeringFile.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
    return .steering(response: file.R, offset: file.b, optimumValue: file.optimum, optimumPoint: file.optimum_point)
}

func printJSON(_ object: Any) {
    let data = (try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])) ?? Data()
    print(String(decoding: data, as: UTF8.self))
}

/// A BO run with `observations − 1` random evaluations ingested and one suggestion made (so the
/// hyperparameters are warm), then the last observation ingested: the state just before iteration n.
func warmOptimizer(_ test: TestProblem, observations: Int, seed: UInt64) throws -> BayesianOptimizer {
    var options = BayesianOptions()
    options.initialDesignSize = 1
    var optimizer = try BayesianOptimizer(problem: test.problem(), options: options, seed: seed)
    var generator = SeededGenerator(seed: seed &+ 1000)
    func randomPoint() -> [Double] {
        (0..<test.space.count).map { test.space.low[$0] + (test.space.high[$0] - test.space.low[$0]) * generator.nextUnit() }
    }
    let first = (0..<(observations - 1)).map { _ in randomPoint() }
    _ = try optimizer.suggest(1)   // the one design point, answered below among the random ones
    try optimizer.ingest(first.map { EvaluatedPoint(parameters: $0, objective: test.evaluate($0)) })
    _ = try optimizer.suggest(1)   // fit on n − 1 points: the warm start of the timed iteration
    let last = randomPoint()
    try optimizer.ingest([EvaluatedPoint(parameters: last, objective: test.evaluate(last))])
    return optimizer
}

func timing(_ arguments: Arguments) throws {
    let steering = try loadSteering(arguments.steeringPath)
    var results: [[String: Any]] = []
    for (dimension, test) in [(6, TestProblem.hartmann6), (10, steering)] {
        for observations in [20, 50, 100] {
            let prepared = try warmOptimizer(test, observations: observations, seed: 7)
            var times: [Double] = []
            let clock = ContinuousClock()
            for repeatIndex in 0..<(arguments.repeats + 1) {
                var optimizer = prepared
                let elapsed = try clock.measure { _ = try optimizer.suggest(1) }
                if repeatIndex > 0 { times.append(Double(elapsed.components.attoseconds) * 1e-18 + Double(elapsed.components.seconds)) }
            }
            results.append([
                "dimension": dimension, "observations": observations, "problem": test.name,
                "median_seconds": Statistics.median(times), "min_seconds": times.min() ?? .nan,
                "trust_region": prepared.usesTrustRegion,
            ])
        }
    }
    printJSON(["tool": "vernier", "timing": results])
}

/// Runs `kind` on `test` for `budget` evaluations (sequentially) and returns the best value after each.
func run(_ kind: OptimizerKind, on test: TestProblem, budget: Int, seed: UInt64, initialPoint: [Double]?) throws -> [Double] {
    var optimizer = try AnyOptimizer(
        kind: kind, problem: test.problem(initialPoint: initialPoint), configuration: arguments.configuration, seed: seed)
    var trace: [Double] = []
    while trace.count < budget {
        let point = try optimizer.suggest(1)[0]
        try optimizer.ingest([EvaluatedPoint(parameters: point, objective: test.evaluate(point))])
        trace.append(optimizer.progress.bestObjective)
    }
    return trace
}

func efficiency(_ arguments: Arguments) throws {
    let steering = try loadSteering(arguments.steeringPath)
    var results: [String: Any] = [:]
    let start = ContinuousClock.now
    // Nelder–Mead and extremum seeking need a start point: the box centre, as an operator's "nominal".
    let centre: (TestProblem) -> [Double]? = { test in
        arguments.optimizer == .bayesian ? nil : zip(test.space.low, test.space.high).map { ($0 + $1) / 2 }
    }
    for test in [TestProblem.branin, TestProblem.hartmann6] where arguments.only.isEmpty || arguments.only == test.name {
        var finals: [Double] = []
        for seed in 0..<arguments.seeds {
            let trace = try run(arguments.optimizer, on: test, budget: 50, seed: UInt64(seed), initialPoint: centre(test))
            finals.append(trace[49])
        }
        results[test.name] = ["best_after_50": finals, "median": Statistics.median(finals), "optimum": test.optimumValue]
    }
    var reached: [Int?] = []
    let threshold = 1.1 * steering.optimumValue
    for seed in 0..<arguments.seeds where arguments.only.isEmpty || arguments.only == steering.name {
        let trace = try run(arguments.optimizer, on: steering, budget: 150, seed: UInt64(seed), initialPoint: centre(steering))
        reached.append(trace.firstIndex { $0 <= threshold }.map { $0 + 1 })
    }
    results["steering-10D"] = [
        "evaluations_to_10_percent": reached.map { $0.map { $0 as Any } ?? NSNull() },
        "threshold": threshold, "budget": 150,
    ]
    results["wall_seconds"] = (ContinuousClock.now - start).components.seconds
    printJSON(["tool": "vernier", "optimizer": arguments.optimizer.rawValue, "efficiency": results])
}

/// One Hartmann-6 (or, with `--only quadratic`, 10-D quadratic) run, printed evaluation by evaluation with the fitted hyperparameters (diagnostics).
func trace(_ arguments: Arguments) throws {
    let test = arguments.only == "quadratic" ? TestProblem.quadratic(dimension: 10) : TestProblem.hartmann6
    var optimizer = try BayesianOptimizer(
        problem: test.problem(), options: arguments.configuration.bayesian, seed: UInt64(arguments.seeds))
    for index in 0..<100 {
        let point = try optimizer.suggest(1)[0]
        let value = test.evaluate(point)
        try optimizer.ingest([EvaluatedPoint(parameters: point, objective: value)])
        let hyper = optimizer.objectiveHyperparameters
        print(index + 1, String(format: "%.4f best %.4f", value, optimizer.progress.bestObjective),
              hyper.map { h in h.lengthscales.map { String(format: "%.3f", $0) }.joined(separator: " ")
                  + String(format: " sf2 %.3g sn2 %.3g", h.signalVariance, h.noiseVariance) } ?? "")
    }
}

let arguments = Arguments()
switch arguments.mode {
case "trace": try trace(arguments)
case "timing": try timing(arguments)
case "efficiency": try efficiency(arguments)
case "awake":
    printJSON(["tool": "vernier", "awake": try AwakeWorkload.measure(
        arguments.optimizer, configuration: arguments.configuration, seeds: arguments.seeds, budget: arguments.budget,
        trace: arguments.traceEvaluations)])
default:
    FileHandle.standardError.write(Data("usage: Optimizers timing|efficiency|awake [--repeats N] [--seeds N] [--budget N] [--optimizer KIND] [--config JSON]\n".utf8))
    exit(64)
}
