import VernierMath
import VernierNN

/// Random policy files of any shape, for tests and benchmarks (a 10-32-32-10 tanh MLP is the issue's
/// benchmark network): weights uniform in ±1/√fan-in (PyTorch's `nn.Linear` default), biases in ±0.1.
public enum SyntheticPolicy {
    /// A policy with layer sizes `sizes` (inputs first), `activation` on hidden layers, a linear last layer,
    /// continuous actions in [−1, 1] (or `choices` for a categorical head when `categorical`), optional
    /// normalisation statistics.
    public static func make(
        sizes: [Int], activation: Activation, categorical: Bool = false, normalized: Bool = false, seed: UInt64
    ) -> PolicyFile {
        precondition(sizes.count >= 2, "a network has an input and an output size")
        var generator = SeededGenerator(seed: seed)
        func uniform(_ bound: Double) -> Double { (2 * generator.nextUnit() - 1) * bound }
        var layers: [PolicyFile.LayerRecord] = []
        for index in 1..<sizes.count {
            let inputs = sizes[index - 1], outputs = sizes[index]
            let bound = 1 / Double(inputs).squareRoot()
            layers.append(PolicyFile.LayerRecord(
                inputs: inputs, outputs: outputs, activation: index == sizes.count - 1 ? .linear : activation,
                weights: (0..<(inputs * outputs)).map { _ in uniform(bound) },
                bias: (0..<outputs).map { _ in uniform(0.1) }))
        }
        let outputs = sizes[sizes.count - 1]
        let normalization: PolicyFile.ObservationNormalization? = normalized
            ? PolicyFile.ObservationNormalization(
                mean: (0..<sizes[0]).map { _ in uniform(0.5) },
                variance: (0..<sizes[0]).map { _ in 0.05 + generator.nextUnit() }, clip: 5, epsilon: 1e-8)
            : nil
        return PolicyFile(
            plantID: "synthetic/Mlp-v1", observationCount: sizes[0], layers: layers,
            head: categorical ? .init(kind: .categorical, logStd: [])
                              : .init(kind: .gaussian, logStd: Array(repeating: -1, count: outputs)),
            observationNormalization: normalization,
            actionScaling: categorical ? .discrete(choices: outputs, start: 0)
                                       : .continuous(low: Array(repeating: -1, count: outputs), high: Array(repeating: 1, count: outputs)),
            provenance: .init(algorithm: "synthetic", steps: 0, seed: seed))
    }

    /// `count` observations with elements normal around the policy's normalisation mean with its standard
    /// deviation (standard normal without normalisation).
    public static func observations(for file: PolicyFile, count: Int, seed: UInt64) -> [[Double]] {
        var generator = SeededGenerator(seed: seed)
        return (0..<count).map { _ in
            (0..<file.observationCount).map { index in
                let z = generator.nextStandardNormal()
                guard let statistics = file.observationNormalization else { return z }
                return statistics.mean[index] + statistics.variance[index].squareRoot() * z
            }
        }
    }
}
