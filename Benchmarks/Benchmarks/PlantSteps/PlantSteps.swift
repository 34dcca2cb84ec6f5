import Benchmark
import VernierCore
import VernierMath
import VernierPlants

/// Step rate of the simulated plants, release build. The Gymnasium side of the comparison is
/// `Benchmarks/python/pendulum_steps.py`, run by `Benchmarks/compare-pendulum.sh` in the same session; the
/// AWAKE and JPA peers (NumPy re-implementations in the style of the open Gymnasium environments) are
/// `Benchmarks/python/plant_steps.py`, run by `Benchmarks/compare-plants.sh`.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal],
        scalingFactor: .kilo,
        maxDuration: .seconds(3),
        maxIterations: 1_000
    )

    // Each iteration: 1,000 Pendulum steps (truncation ignored: Pendulum never terminates, and the time
    // limit only sets a flag), so throughput × 1,000 is steps per second.
    Benchmark("Pendulum-v1 step") { benchmark in
        var pendulum = Pendulum(options: .init())
        _ = try pendulum.reset(seed: 1, options: nil)
        let action = [0.3]
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            let step = try pendulum.step(action)
            blackHole(step.reward)
        }
    }

    // Each iteration: 1,000 AWAKE steps (10 × 10 response, horizontal plane, default options). The actions
    // alternate in sign so the trajectory stays put and no episode ends; termination and truncation only set
    // flags, so the step cost is the same either way.
    Benchmark("AWAKE Steering-v1 step") { benchmark in
        var plant = try AwakeSteering()
        _ = try plant.reset(seed: 1, options: nil)
        let actions = [Array(repeating: 0.05, count: 10), Array(repeating: -0.05, count: 10)]
        try measureAlternatingSteps(&plant, actions, benchmark)
    }

    // Each iteration: 1,000 AWAKE steps with BPM noise, optics drift and quadrupole spread on.
    Benchmark("AWAKE Steering-v1 step (noise, drift)") { benchmark in
        var options = AwakeSteering.Options()
        options.bpmNoise = 0.1
        options.driftAmplitude = 0.05
        options.quadrupoleSpread = 0.1
        var plant = try AwakeSteering(options: options)
        _ = try plant.reset(seed: 1, options: nil)
        let actions = [Array(repeating: 0.05, count: 10), Array(repeating: -0.05, count: 10)]
        try measureAlternatingSteps(&plant, actions, benchmark)
    }

    // Each iteration: 1,000 JPA steps (default options: gain noise, flux drift; gain at the target plus a
    // four-point trace per step).
    Benchmark("JPA Tuning-v1 step") { benchmark in
        var plant = try JPATuning()
        _ = try plant.reset(seed: 1, options: nil)
        let actions = [[0.1, 0.1, -0.1], [-0.1, -0.1, 0.1]]
        try measureAlternatingSteps(&plant, actions, benchmark)
    }

    // Each iteration: 1,000 JPA evaluations (optimisation view: gain, 3 dB bandwidth, noise budget).
    Benchmark("JPA Tuning-v1 evaluate") { benchmark in
        var plant = try JPATuning()
        let start = try plant.initialParameters(seed: 1)
        let points = [[start[0], -6.5, 0.1], [start[0] + 0.2, -6.3, -0.1]]
        var parity = 0
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            let evaluation = try plant.evaluate(points[parity])
            parity ^= 1
            blackHole(evaluation.objective)
        }
    }

    // The AWAKE step's core, R · k for a 10 × 10 R, two ways: OpenBLAS dgemv against the hand-written loop the
    // plant uses (why the plant does not call BLAS at this size).
    Benchmark("10x10 matrix-vector: OpenBLAS dgemv") { benchmark in
        let response = try ResponseMatrix(optics: TT43Optics.table, plane: .horizontal).matrix
        var settings = Array(repeating: 1e-4, count: 10)
        var readings = Array(repeating: 0.0, count: 10)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            response.gemv(settings, into: &readings)
            settings[0] = readings[9]
            blackHole(readings[9])
        }
    }

    Benchmark("10x10 matrix-vector: hand-written loop") { benchmark in
        let response = try ResponseMatrix(optics: TT43Optics.table, plane: .horizontal).matrix.elements
        var settings = Array(repeating: 1e-4, count: 10)
        var readings = Array(repeating: 0.0, count: 10)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            response.withUnsafeBufferPointer { r in
                settings.withUnsafeBufferPointer { k in
                    readings.withUnsafeMutableBufferPointer { s in
                        for row in 0..<10 {
                            var sum = 0.0
                            for column in 0..<10 { sum += r[row * 10 + column] * k[column] }
                            s[row] = sum
                        }
                    }
                }
            }
            settings[0] = readings[9]
            blackHole(readings[9])
        }
    }
}

/// Steps `plant` once per scaled iteration of `benchmark`, alternating between the two `actions` (opposite
/// moves, so the state stays put and no episode ends); only the steps are measured.
func measureAlternatingSteps<Plant: Environment>(
    _ plant: inout Plant, _ actions: [[Double]], _ benchmark: Benchmark
) throws {
    var parity = 0
    benchmark.startMeasurement()
    for _ in benchmark.scaledIterations {
        let step = try plant.step(actions[parity])
        parity ^= 1
        blackHole(step.reward)
    }
}
