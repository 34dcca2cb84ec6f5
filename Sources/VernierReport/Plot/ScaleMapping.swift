/// A scale fitted to an axis: maps data values in `[lower, upper]` onto pixels `[start, end]` (`end` may be
/// below `start`, as for a y axis that grows upwards).
public struct ScaleMapping: Sendable, Hashable {
    /// The scale.
    public var scale: AxisScale
    /// The data value at `start` (> 0 for a logarithmic scale).
    public var lower: Double
    /// The data value at `end`.
    public var upper: Double
    /// The pixel of `lower`.
    public var start: Double
    /// The pixel of `upper`.
    public var end: Double

    public init(scale: AxisScale, lower: Double, upper: Double, start: Double, end: Double) {
        self.scale = scale
        self.lower = lower
        self.upper = upper
        self.start = start
        self.end = end
    }

    /// The pixel of `value`, or `nil` when the scale cannot show it (non-finite, or ≤ 0 on a log scale).
    public func pixel(_ value: Double) -> Double? {
        guard let v = scale.transform(value), let a = scale.transform(lower), let b = scale.transform(upper) else {
            return nil
        }
        let fraction = b == a ? 0.5 : (v - a) / (b - a)
        return start + fraction * (end - start)
    }
}
