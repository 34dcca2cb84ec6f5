import Foundation

/// Why a policy could not be lowered at a precision. Each case names the place and the fix.
public enum LoweringError: Error, Hashable, CustomStringConvertible {
    /// A constant (weights, biases, normalisation or scaling constants) does not fit its format.
    case constantOutOfRange(what: String, largest: Double, format: FixedPointFormat)
    /// The plan has a different number of layers than the policy.
    case layerCountMismatch(plan: Int, policy: Int)
    /// An exact product or sum would need more than 62 bits.
    case tooWide(what: String, bits: Int)
    /// The tanh table options are out of range.
    case badTable(String)

    public var description: String {
        switch self {
        case .constantOutOfRange(let what, let largest, let format):
            let ratio = abs(largest) / format.maximumValue
            var bits = 0
            while Double(Int64(1) << Int64(bits)) * format.maximumValue < abs(largest) { bits += 1 }
            return "\(what) reach \(largest), beyond \(format) (largest \(format.maximumValue)): \(formatRatio(ratio))× its range, "
                + "\(bits) integer bit\(bits == 1 ? "" : "s") short; give more integer bits (e.g. --precision \(format.width + bits),\(format.integerBits + bits)) or use --precision auto"
        case .layerCountMismatch(let plan, let policy):
            return "the precision plan has \(plan) layers, the policy \(policy)"
        case .tooWide(let what, let bits):
            return "\(what) would need \(bits) bits exactly; at most 62 are supported: narrow the formats"
        case .badTable(let detail):
            return "tanh table: \(detail)"
        }
    }
}

private func formatRatio(_ value: Double) -> String {
    String(format: "%.3g", value)
}
