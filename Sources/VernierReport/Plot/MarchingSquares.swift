/// Contour lines of a ``Grid`` at one level, by marching squares (Lorensen & Cline's method in two dimensions).
///
/// Each cell's four corners are classed above (≥ level) or below; an edge whose ends differ is crossed where
/// the linear interpolation of its end values equals the level. The two ambiguous (saddle) cases are resolved by
/// the mean of the four corners, as in Lorensen & Cline. Cells with a NaN corner are skipped.
public enum MarchingSquares {
    /// One straight piece of a contour, in data coordinates.
    public struct Segment: Sendable, Hashable {
        public var start: (x: Double, y: Double)
        public var end: (x: Double, y: Double)

        public static func == (a: Segment, b: Segment) -> Bool {
            a.start == b.start && a.end == b.end
        }

        public func hash(into hasher: inout Hasher) {
            hasher.combine(start.x); hasher.combine(start.y); hasher.combine(end.x); hasher.combine(end.y)
        }
    }

    /// The segments of the contour `grid = level`.
    ///
    /// - Complexity: O(columns × rows).
    public static func segments(of grid: Grid, level: Double) -> [Segment] {
        guard grid.xs.count >= 2, grid.ys.count >= 2 else { return [] }
        var segments: [Segment] = []
        for j in 0..<(grid.ys.count - 1) {
            for i in 0..<(grid.xs.count - 1) {
                // Corners counter-clockwise from the lower left: 0 (i, j), 1 (i+1, j), 2 (i+1, j+1), 3 (i, j+1).
                let v = [grid.values[j][i], grid.values[j][i + 1], grid.values[j + 1][i + 1], grid.values[j + 1][i]]
                if v.contains(where: \.isNaN) { continue }
                let corners = [(grid.xs[i], grid.ys[j]), (grid.xs[i + 1], grid.ys[j]),
                               (grid.xs[i + 1], grid.ys[j + 1]), (grid.xs[i], grid.ys[j + 1])]
                var code = 0
                for k in 0..<4 where v[k] >= level { code |= 1 << k }
                if code == 0 || code == 15 { continue }
                /// Where edge k (from corner k to corner k+1) crosses the level.
                func crossing(_ k: Int) -> (x: Double, y: Double) {
                    let a = k, b = (k + 1) % 4
                    let t = (level - v[a]) / (v[b] - v[a])
                    return (corners[a].0 + t * (corners[b].0 - corners[a].0),
                            corners[a].1 + t * (corners[b].1 - corners[a].1))
                }
                // Edges crossed: edge k joins corners k and k+1; it is crossed when their classes differ.
                let crossed = (0..<4).filter { k in ((code >> k) & 1) != ((code >> ((k + 1) % 4)) & 1) }
                if crossed.count == 2 {
                    segments.append(Segment(start: crossing(crossed[0]), end: crossing(crossed[1])))
                } else {
                    // Saddle (codes 5 and 10): all four edges crossed. The centre's side decides which corners join.
                    let centreAbove = (v[0] + v[1] + v[2] + v[3]) / 4 >= level
                    let lowerLeftAbove = (code & 1) != 0
                    if centreAbove == lowerLeftAbove {
                        // Corners 0 and 2 are joined through the centre: cut off corners 1 and 3.
                        segments.append(Segment(start: crossing(0), end: crossing(1)))
                        segments.append(Segment(start: crossing(2), end: crossing(3)))
                    } else {
                        // Cut off corners 0 and 2.
                        segments.append(Segment(start: crossing(3), end: crossing(0)))
                        segments.append(Segment(start: crossing(1), end: crossing(2)))
                    }
                }
            }
        }
        return segments
    }
}
