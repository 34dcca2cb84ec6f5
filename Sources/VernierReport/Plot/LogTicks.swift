import Foundation

/// Tick marks for a base-10 logarithmic axis: the powers of ten around the data, with 2 and 5 × 10ᵏ added
/// when the data span fewer than two decades (so a short log axis still has at least three labels).
public struct LogTicks: Sendable, Hashable {
    /// The tick values, ascending, all > 0.
    public var values: [Double]
    /// The axis's lower end (a tick).
    public var lower: Double { values.first ?? 1 }
    /// The axis's upper end (a tick).
    public var upper: Double { values.last ?? 10 }

    /// Ticks covering `[low, high]` (positive values; non-positive or non-finite bounds give [1, 10]).
    public init(low: Double, high: Double) {
        var low = low, high = high
        if !(low > 0) || !(high > 0) || !low.isFinite || !high.isFinite { (low, high) = (1, 10) }
        if low > high { swap(&low, &high) }
        let first = log10(low).rounded(.down)
        var last = log10(high).rounded(.up)
        if first == last { last += 1 }
        var values: [Double] = []
        let fine = log10(high / low) < 2
        var exponent = first
        while exponent <= last {
            let power = pow(10, exponent)
            values.append(power)
            if fine && exponent < last {
                values.append(2 * power)
                values.append(5 * power)
            }
            exponent += 1
        }
        if fine {
            // Trim the fine ticks beyond the data to the nearest one that still covers it.
            let lowerIndex = values.lastIndex { $0 <= low } ?? 0
            let upperIndex = values.firstIndex { $0 >= high } ?? values.count - 1
            values = Array(values[lowerIndex...upperIndex])
        }
        self.values = values
    }
}
