import Foundation
import VernierNN

/// `vernier export --compat hls4ml`: a policy's network in hls4ml 1.3.0's default arithmetic, bit for bit
/// (checked against hls4ml's own C simulation in `Hls4mlCompatibilityTests`).
///
/// What hls4ml 1.3 does with `config_from_pytorch_model(granularity='model')`, Vivado backend, `io_parallel`,
/// Latency strategy (`nnet_dense_latency.h`, `nnet_mult.h`, `nnet_activation.h`, `vivado_writer.py`):
/// - every type is the one default precision `ap_fixed<W,I>` — inputs, weights, biases, the accumulator
///   `accum_t`, every layer's result — with its defaults `AP_TRN` (truncate toward −∞) and `AP_WRAP`;
/// - weights and biases reach the C++ as text: the float32 tensor value printed with F = W − I decimals, read
///   back as a double and converted (truncated) to `ap_fixed<W,I>`;
/// - each product `x·w` (exact, 2W bits) is converted to `accum_t` (truncated, wrapped) before the sum; the
///   accumulator starts at the bias and adds the products with wrap-around (any order gives the same sum
///   modulo 2^W), and is converted to the layer's result type (the same type here);
/// - ReLU passes positive values and gives 0 otherwise; tanh is ``TanhTableStyle/hls4ml(entryFormat:)`` with
///   `table_t = ap_fixed<18,8>`; a linear layer ends with its dense output.
///
/// hls4ml sees only the network, so the design has no observation normalisation, action scaling or clip, and no
/// arg-max: its inputs are the normalised observations (``networkInputs(_:file:)``) as codes, its outputs the
/// network's outputs (the Gaussian mean before scaling and clip, or a categorical head's logits).
public enum Hls4mlLowering {
    /// The network alone in hls4ml's arithmetic at `ap_fixed<width, integerBits>` with tanh tables of
    /// `tableSize` entries (hls4ml's `table_size`, default 1024).
    ///
    /// - Throws: ``LoweringError`` when a weight or bias does not fit `ap_fixed<width, integerBits>` (hls4ml would
    ///   wrap it silently), or the table size is not a power of two in 8…65536.
    public static func lower(_ file: PolicyFile, width: Int, integerBits: Int, tableSize: Int = 1024)
        throws(LoweringError) -> FixedPointPolicy {
        let format = FixedPointFormat(width: width, integerBits: integerBits, quantization: .truncate, overflow: .wrap)
        let network = networkOnly(file, format: format)
        let layer = LayerPrecision(weight: format, bias: format, product: format, accumulator: format, output: format)
        let plan = PrecisionPlan(
            input: format, normalizationScale: format, normalized: format,
            layers: Array(repeating: layer, count: network.layers.count),
            actionScale: format.fitting([1]), action: format, tanhTableSize: tableSize, tanhRangeExponent: 2,
            tanhTableStyle: .hls4mlDefault)
        var policy = try PolicyLowering.lower(weightsAsHls4mlReadsThem(network, fractionBits: format.fractionBits),
                                              plan: plan)
        policy.compatibility = .hls4ml
        return policy
    }

    /// The policy's network as a policy of its own: no normalisation, a Gaussian head whose "actions" are the
    /// network's outputs, clipped only to `format`'s range (which the fixed-point outputs never leave).
    public static func networkOnly(_ file: PolicyFile, format: FixedPointFormat) -> PolicyFile {
        var network = file
        let outputs = file.layers.last?.outputs ?? 0
        network.observationNormalization = nil
        network.head = .init(kind: .gaussian, logStd: Array(repeating: 0, count: outputs))
        network.actionScaling = .continuous(low: Array(repeating: format.minimumValue, count: outputs),
                                            high: Array(repeating: format.maximumValue, count: outputs))
        network.checksum = network.computedChecksum()
        return network
    }

    /// The network's input for an observation: the policy's own normalisation, `clip((x − μ)/√(σ² + ε), ±c)`,
    /// or the observation itself.
    public static func networkInputs(_ observation: [Double], file: PolicyFile) -> [Double] {
        guard let statistics = file.observationNormalization else { return observation }
        return observation.indices.map { index in
            let value = (observation[index] - statistics.mean[index])
                / (statistics.variance[index] + statistics.epsilon).squareRoot()
            return min(max(value, -statistics.clip), statistics.clip)
        }
    }

    /// The weights and biases as hls4ml's C++ reads them: each float32 value printed with `fractionBits` decimals
    /// (Python's correctly rounded `'{:.Ff}'`), read back as the nearest double. Truncating the result to
    /// 2^−fractionBits gives hls4ml's code.
    public static func weightsAsHls4mlReadsThem(_ file: PolicyFile, fractionBits: Int) -> PolicyFile {
        var result = file
        let decimals = max(0, fractionBits)
        for index in result.layers.indices {
            result.layers[index].weights = result.layers[index].weights.map { printedAndRead(Float($0), decimals: decimals) }
            result.layers[index].bias = result.layers[index].bias.map { printedAndRead(Float($0), decimals: decimals) }
        }
        result.checksum = result.computedChecksum()
        return result
    }

    /// `float(f"{value:.{decimals}f}")` through the C library (correctly rounded both ways, as Python and
    /// libstdc++ are).
    static func printedAndRead(_ value: Float, decimals: Int) -> Double {
        var buffer = [CChar](repeating: 0, count: 128)
        let written = withVaList([Double(value)]) { arguments in
            vsnprintf(&buffer, buffer.count, "%.\(decimals)f", arguments)
        }
        guard written > 0, written < buffer.count else { return Double(value) }
        return strtod(buffer, nil)
    }
}
