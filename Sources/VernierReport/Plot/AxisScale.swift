import Foundation

/// How an axis maps data values to positions.
public enum AxisScale: String, Sendable, Hashable, Codable {
    /// Equal distances for equal differences.
    case linear
    /// Equal distances for equal ratios (base 10); only positive values are drawn.
    case logarithmic

    /// `value` in the scale's own space: itself (linear) or log₁₀ (logarithmic; `nil` for values ≤ 0).
    public func transform(_ value: Double) -> Double? {
        switch self {
        case .linear: return value.isFinite ? value : nil
        case .logarithmic: return value > 0 && value.isFinite ? log10(value) : nil
        }
    }
}
