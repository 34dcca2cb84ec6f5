import Foundation

/// Tick marks for a linear axis, by Heckbert's "nice numbers" algorithm (Graphics Gems I, 1990, "Nice numbers
/// for graph labels"): every tick is a multiple of a step of 1, 2 or 5 × 10ᵏ, and the axis is widened to the
/// first and last tick around the data ("loose" labelling).
public struct NiceTicks: Sendable, Hashable {
    /// The tick values, ascending, from `lower` to `upper` inclusive.
    public var values: [Double]
    /// The distance between two ticks (1, 2 or 5 × 10ᵏ).
    public var step: Double
    /// The number of fraction digits that shows every tick exactly: max(−⌊log₁₀ step⌋, 0).
    public var fractionDigits: Int

    /// The axis's lower end (the first tick).
    public var lower: Double { values.first ?? 0 }
    /// The axis's upper end (the last tick).
    public var upper: Double { values.last ?? 1 }

    /// Ticks covering `[low, high]` with about `count` of them (≥ 2).
    ///
    /// An empty range (`low == high`) is widened to the nice interval around the value; non-finite bounds give
    /// the ticks of [0, 1].
    public init(low: Double, high: Double, count: Int = 5) {
        var low = low, high = high
        if !low.isFinite || !high.isFinite { (low, high) = (0, 1) }
        if low > high { swap(&low, &high) }
        if low == high {
            let pad = low == 0 ? 1 : abs(low) * 0.1
            low -= pad
            high += pad
        }
        let range = Self.niceNumber(high - low, rounding: false)
        let step = Self.niceNumber(range / Double(max(count - 1, 1)), rounding: true)
        let first = (low / step).rounded(.down)
        let last = (high / step).rounded(.up)
        var values: [Double] = []
        var multiple = first
        while multiple <= last + 0.5 {
            // Multiplying (not accumulating) keeps 0.1 × 3 from drifting; cleaning −0 keeps labels tidy.
            let value = multiple * step
            values.append(value == 0 ? 0 : value)
            multiple += 1
        }
        self.values = values
        self.step = step
        self.fractionDigits = max(-Int(log10(step).rounded(.down)), 0)
    }

    /// Heckbert's nice number near `x` (> 0): 1, 2, 5 or 10 × 10ᵏ; rounded to the nearest when `rounding`,
    /// else the smallest not below `x`.
    public static func niceNumber(_ x: Double, rounding: Bool) -> Double {
        guard x > 0, x.isFinite else { return 1 }
        let exponent = log10(x).rounded(.down)
        let power = pow(10, exponent)
        let fraction = x / power
        let nice: Double
        if rounding {
            nice = fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10
        } else {
            nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10
        }
        return nice * power
    }
}
