import Benchmark
import Foundation
import VernierMath
import VernierNN

/// Single-observation inference of a 64×64 tanh policy (Pendulum's shape: 3 observations → 1 action, with
/// observation normalisation), as a control loop calls it. The Stable-Baselines3 side of the comparison is
/// `model.predict(obs, deterministic=True)` in `Benchmarks/python/sb3_pendulum.py`, run by
/// `Benchmarks/compare-ppo.sh` in the same session.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal],
        scalingFactor: .kilo,
        maxDuration: .seconds(3),
        maxIterations: 10_000
    )

    // Each iteration: 1,000 inferences (scalingFactor .kilo), so wall clock per iteration in µs is ns per call.
    Benchmark("Policy inference 64x64 (single observation)") { benchmark in
        OpenBLASThreads.set(1)
        let policy = try Policy(pendulumShapedPolicy())
        var observation = [0.3, -0.95, 1.2]
        var action = [0.0]
        benchmark.startMeasurement()
        for index in benchmark.scaledIterations {
            observation[2] = Double(index & 7) * 0.1
            policy.act(observation, into: &action)
            blackHole(action[0])
        }
    }
}

/// A 3 → 64 → 64 → 1 tanh policy with orthogonal weights (SB3's initialisation) and normalisation statistics.
func pendulumShapedPolicy() throws -> PolicyFile {
    var generator = SeededGenerator(seed: 1)
    let network = try MultilayerPerceptron(inputCount: 3, hiddenSizes: [64, 64], outputCount: 1, hiddenActivation: .tanh)
    var parameters = [Double](repeating: 0, count: network.parameterCount)
    try OrthogonalInitializer.initialize(network, parameters: &parameters, outputGain: 0.01, using: &generator)
    let layers = network.layers.enumerated().map { index, layer in
        let offset = network.weightOffset(ofLayer: index)
        return PolicyFile.LayerRecord(
            inputs: layer.inputCount, outputs: layer.outputCount, activation: layer.activation,
            weights: Array(parameters[offset..<(offset + layer.weightCount)]),
            bias: Array(parameters[(offset + layer.weightCount)..<(offset + layer.parameterCount)]))
    }
    return PolicyFile(
        plantID: "classic/Pendulum-v1", observationCount: 3, layers: layers,
        head: .init(kind: .gaussian, logStd: [0]),
        observationNormalization: .init(mean: [0, 0, 0], variance: [0.5, 0.5, 4], clip: 10, epsilon: 1e-8),
        actionScaling: .continuous(low: [-1], high: [1]), provenance: .init(algorithm: "benchmark", steps: 0, seed: 1))
}
