import Foundation

/// Counts of values in equal-width bins whose edges are nice numbers (``NiceTicks``).
public struct Histogram: Sendable, Hashable, Codable {
    /// The bin edges, ascending; one more than `counts`.
    public var edges: [Double]
    /// How many values fell in each bin `[edges[k], edges[k+1])` (the last bin includes its upper edge).
    public var counts: [Int]

    public init(edges: [Double], counts: [Int]) {
        precondition(edges.count == counts.count + 1, "a histogram has one more edge than bins")
        self.edges = edges
        self.counts = counts
    }

    /// Bins `values` (non-finite ones ignored) into about `bins` nice-width bins.
    public init(values: [Double], bins: Int = 20) {
        let finite = values.filter(\.isFinite)
        guard let low = finite.min(), let high = finite.max() else {
            self.init(edges: [0, 1], counts: [0])
            return
        }
        let ticks = NiceTicks(low: low, high: high == low ? low + 1 : high, count: max(bins, 1) + 1)
        // Whole-number data (episode lengths, steps) get whole-number bins.
        let step = finite.allSatisfy { $0 == $0.rounded() } ? max(ticks.step, 1) : ticks.step
        let first = (low / step).rounded(.down) * step
        let binCount = max(1, Int(((high - first) / step).rounded(.down)) + 1)
        let edges = (0...binCount).map { first + Double($0) * step }
        var counts = [Int](repeating: 0, count: binCount)
        for value in finite {
            let index = min(binCount - 1, max(0, Int(((value - first) / step).rounded(.down))))
            counts[index] += 1
        }
        self.init(edges: edges, counts: counts)
    }
}
