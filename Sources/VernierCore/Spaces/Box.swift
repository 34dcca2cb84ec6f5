import Foundation

/// A box in ℝⁿ: every element lies in its own closed interval `[low[i], high[i]]`.
///
/// Gymnasium's `spaces.Box` and COI's `optimization_space`. Elements are stored flat, row-major;
/// `shape` describes how they are laid out (a 10-vector has shape `[10]`).
/// A `Box` is plain data: it does not validate itself on construction, so that the checker can
/// report a malformed space instead of the plant crashing. Call ``validate()`` before trusting one.
public struct Box: Sendable, Hashable, Codable {
    /// Lower bound of each element.
    public var low: [Double]
    /// Upper bound of each element.
    public var high: [Double]
    /// Layout of the elements; the product of its entries equals `low.count`.
    public var shape: [Int]

    /// A box with per-element bounds, laid out as a flat vector unless `shape` says otherwise.
    public init(low: [Double], high: [Double], shape: [Int]? = nil) {
        self.low = low
        self.high = high
        self.shape = shape ?? [low.count]
    }

    /// A box whose every one of `count` elements lies in `[low, high]`.
    public init(low: Double, high: Double, count: Int) {
        self.init(low: Array(repeating: low, count: count), high: Array(repeating: high, count: count))
    }

    /// Number of elements (the dimension of the space).
    public var count: Int { low.count }

    /// Whether every element of `point` lies within its bounds (NaN never does).
    public func contains(_ point: [Double]) -> Bool {
        guard point.count == count else { return false }
        for index in 0..<count {
            let value = point[index]
            guard value >= low[index], value <= high[index] else { return false }
        }
        return true
    }

    /// `point` with each element clipped into its interval.
    ///
    /// NaN elements are left NaN: clipping must not invent a valid value from garbage.
    public func clip(_ point: [Double]) -> [Double] {
        var clipped = point
        clip(&clipped)
        return clipped
    }

    /// Clips each element of `point` into its interval, in place.
    public func clip(_ point: inout [Double]) {
        precondition(point.count == count, "point has \(point.count) elements, the box \(count)")
        for index in 0..<count where !point[index].isNaN {
            point[index] = Swift.min(Swift.max(point[index], low[index]), high[index])
        }
    }

    /// A point drawn uniformly from the box with `generator`.
    ///
    /// Elements with an infinite bound are drawn from a unit normal about the finite bound (or about 0 when
    /// both are infinite), as Gymnasium does for unbounded boxes.
    public func sample(using generator: inout some RandomNumberGenerator) -> [Double] {
        (0..<count).map { index in
            let (lower, upper) = (low[index], high[index])
            switch (lower.isFinite, upper.isFinite) {
            case (true, true):
                return lower == upper ? lower : Double.random(in: lower...upper, using: &generator)
            case (true, false):
                return lower + Swift.abs(standardNormal(using: &generator))
            case (false, true):
                return upper - Swift.abs(standardNormal(using: &generator))
            case (false, false):
                return standardNormal(using: &generator)
            }
        }
    }

    /// Maps a point of the box affinely onto `[-1, 1]ⁿ` (low ↦ −1, high ↦ +1).
    ///
    /// Elements whose interval is a single value map to 0. Requires finite bounds.
    public func normalize(_ point: [Double]) -> [Double] {
        precondition(point.count == count, "point has \(point.count) elements, the box \(count)")
        return (0..<count).map { index in
            let half = (high[index] - low[index]) / 2
            guard half > 0 else { return 0 }
            return (point[index] - low[index]) / half - 1
        }
    }

    /// Maps a point of `[-1, 1]ⁿ` back into the box (−1 ↦ low, +1 ↦ high); the inverse of ``normalize(_:)``.
    public func denormalize(_ unit: [Double]) -> [Double] {
        precondition(unit.count == count, "point has \(unit.count) elements, the box \(count)")
        return (0..<count).map { index -> Double in
            let halfWidth: Double = (high[index] - low[index]) / 2
            return low[index] + (unit[index] + 1) * halfWidth
        }
    }

    /// Whether the bounds are exactly `[-1, 1]` in every element (Gymnasium's advice for continuous actions).
    public var isNormalized: Bool {
        low.allSatisfy { $0 == -1 } && high.allSatisfy { $0 == 1 }
    }

    /// The problems with this box, if any: shape mismatch, non-finite or unordered bounds.
    ///
    /// - Parameter allowInfinite: observation spaces may be unbounded; optimisation and action spaces may not.
    public func problems(allowInfinite: Bool = false) -> [String] {
        var found: [String] = []
        if low.count != high.count {
            found.append("low has \(low.count) elements but high has \(high.count)")
            return found
        }
        if low.isEmpty { found.append("the box has no elements") }
        if shape.reduce(1, *) != low.count {
            found.append("shape \(shape) holds \(shape.reduce(1, *)) elements but the bounds have \(low.count)")
        }
        for index in 0..<low.count {
            let (lower, upper) = (low[index], high[index])
            if lower.isNaN || upper.isNaN {
                found.append("element \(index): bound is NaN (low \(lower), high \(upper))")
            } else if !allowInfinite && (!lower.isFinite || !upper.isFinite) {
                found.append("element \(index): bound is not finite (low \(lower), high \(upper))")
            } else if lower > upper {
                found.append("element \(index): low \(lower) is above high \(upper)")
            }
        }
        return found
    }
}

/// One draw from the standard normal distribution by the Box–Muller transform.
///
/// Kept here (not in VernierMath) so that `Box.sample` works with any generator; the hot paths use
/// VernierMath's cached-pair sampler instead.
func standardNormal(using generator: inout some RandomNumberGenerator) -> Double {
    let u1 = Double.random(in: Double.ulpOfOne...1, using: &generator)
    let u2 = Double.random(in: 0..<1, using: &generator)
    return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
}
