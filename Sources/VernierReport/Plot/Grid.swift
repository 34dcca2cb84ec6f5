/// Values on a rectangular grid: `values[j][i]` at (`xs[i]`, `ys[j]`); NaN marks a point with no value.
public struct Grid: Sendable, Hashable, Codable {
    /// The x coordinates of the columns, ascending.
    public var xs: [Double]
    /// The y coordinates of the rows, ascending.
    public var ys: [Double]
    /// One row per y, one value per x.
    public var values: [[Double]]

    /// A grid; `values` must have `ys.count` rows of `xs.count` values each.
    public init(xs: [Double], ys: [Double], values: [[Double]]) {
        precondition(values.count == ys.count && values.allSatisfy { $0.count == xs.count },
                     "a grid needs one row of \(xs.count) values per y")
        self.xs = xs
        self.ys = ys
        self.values = values
    }

    /// The smallest and largest finite values, or `nil` when there is none.
    public var finiteRange: ClosedRange<Double>? {
        var low = Double.infinity, high = -Double.infinity
        for row in values { for v in row where v.isFinite { low = min(low, v); high = max(high, v) } }
        return low <= high ? low...high : nil
    }
}
