import Foundation
import VernierNN

/// The largest magnitude each stage of the floating-point policy reaches over sample observations: what the
/// quantiser sizes the integer bits of data formats from.
public struct FloatRanges: Sendable, Hashable, Codable {
    /// Largest |observation| element.
    public var input: Double
    /// Largest |normalised observation| element (0 without normalisation).
    public var normalized: Double
    /// Largest |activation output| per layer.
    public var layerOutputs: [Double]

    /// The ranges of `file`'s policy over `observations`, computed in Double as ``VernierNN/Policy`` does.
    public init(file: PolicyFile, observations: [[Double]]) {
        input = 0
        normalized = 0
        layerOutputs = Array(repeating: 0, count: file.layers.count)
        for observation in observations {
            var values = observation
            input = max(input, values.map(abs).max() ?? 0)
            if let statistics = file.observationNormalization {
                for index in values.indices {
                    let scaled = (values[index] - statistics.mean[index]) / (statistics.variance[index] + statistics.epsilon).squareRoot()
                    values[index] = min(max(scaled, -statistics.clip), statistics.clip)
                }
                normalized = max(normalized, values.map(abs).max() ?? 0)
            }
            for (index, layer) in file.layers.enumerated() {
                var next = [Double](repeating: 0, count: layer.outputs)
                for row in 0..<layer.outputs {
                    var sum = layer.bias[row]
                    for column in 0..<layer.inputs { sum += layer.weights[row * layer.inputs + column] * values[column] }
                    switch layer.activation {
                    case .tanh: sum = tanh(sum)
                    case .relu: sum = max(sum, 0)
                    case .linear: break
                    }
                    next[row] = sum
                }
                values = next
                layerOutputs[index] = max(layerOutputs[index], values.map(abs).max() ?? 0)
            }
        }
    }
}
