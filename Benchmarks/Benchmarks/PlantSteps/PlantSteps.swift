import Benchmark
import VernierCore
import VernierPlants

/// Step rate of the simulated plants, release build. The Gymnasium side of the comparison is
/// `Benchmarks/python/pendulum_steps.py`, run by `Benchmarks/compare-pendulum.sh` in the same session.
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
}
