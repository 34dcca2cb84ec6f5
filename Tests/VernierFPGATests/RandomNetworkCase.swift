import VernierFPGA
import VernierNN

/// A random MLP to export and verify: its shape, activation, head and normalisation, one uniform fixed-point
/// precision, the tanh table's size and the multiplier sharing (II).
struct RandomNetworkCase: Sendable, CustomStringConvertible {
    var sizes: [Int]
    var activation: Activation
    var categorical: Bool
    var normalized: Bool
    var width: Int
    var integerBits: Int
    var quantization: Quantization
    var overflow: Overflow
    /// Entries of the tanh table.
    var tableSize: Int = 64
    /// Products per shared multiplier (the initiation interval); 1 is the fully pipelined design.
    var reuse: Int = 1

    var description: String {
        "\(sizes) \(activation) \(categorical ? "categorical" : "gaussian") <\(width),\(integerBits),\(quantization),\(overflow)>"
            + (reuse > 1 ? " reuse \(reuse)" : "")
    }
}
