import Foundation
import Testing
@testable import VernierReport

/// Contours, decimation, histograms and smoothing against analytic answers.
struct GeometryTests {
    static func grid(_ f: (Double, Double) -> Double, n: Int, range: ClosedRange<Double>) -> Grid {
        let xs = (0..<n).map { range.lowerBound + (range.upperBound - range.lowerBound) * Double($0) / Double(n - 1) }
        return Grid(xs: xs, ys: xs, values: xs.map { y in xs.map { x in f(x, y) } })
    }

    @Test func aLinearFieldsContourIsExact() {
        // Linear interpolation is exact for a linear field: every endpoint lies on x + 2y = 0.7.
        let segments = MarchingSquares.segments(of: Self.grid({ $0 + 2 * $1 }, n: 21, range: -1...1), level: 0.7)
        #expect(segments.count >= 20)
        for segment in segments {
            for point in [segment.start, segment.end] {
                #expect(abs(point.x + 2 * point.y - 0.7) < 1e-12)
            }
        }
    }

    @Test func aCirclesContourLiesOnTheCircle() {
        // f = x² + y², level 0.25: the circle of radius 0.5. Edge interpolation of a quadratic errs by O(h²).
        let n = 81
        let h = 2.0 / Double(n - 1)
        let segments = MarchingSquares.segments(of: Self.grid({ $0 * $0 + $1 * $1 }, n: n, range: -1...1), level: 0.25)
        var length = 0.0
        for segment in segments {
            for point in [segment.start, segment.end] {
                #expect(abs((point.x * point.x + point.y * point.y).squareRoot() - 0.5) < h * h)
            }
            length += hypot(segment.end.x - segment.start.x, segment.end.y - segment.start.y)
        }
        // The polygon's perimeter approaches 2πr = π from below.
        #expect(length < Double.pi && length > Double.pi * 0.995)
    }

    @Test func saddlesAreSplitByTheCentreAndNaNCellsSkipped() {
        // One cell with corners 1, 0, 1, 0 (counter-clockwise): a saddle; its centre 0.5 ≥ level 0.4.
        let saddle = Grid(xs: [0, 1], ys: [0, 1], values: [[1, 0], [0, 1]])
        let segments = MarchingSquares.segments(of: saddle, level: 0.4)
        #expect(segments.count == 2)
        // Centre above: corners 0 and 2 are joined, so each segment cuts off a low corner (1 or 3).
        let cutsLowCorners = segments.allSatisfy { s in
            let mid = ((s.start.x + s.end.x) / 2, (s.start.y + s.end.y) / 2)
            return hypot(mid.0 - 1, mid.1) < 0.5 || hypot(mid.0, mid.1 - 1) < 0.5
        }
        #expect(cutsLowCorners)
        let missing = Grid(xs: [0, 1], ys: [0, 1], values: [[1, .nan], [0, 1]])
        #expect(MarchingSquares.segments(of: missing, level: 0.4).isEmpty)
    }

    @Test func decimationKeepsTheEndsAndTheExtremes() {
        var values = (0..<100_000).map { sin(Double($0) / 500) }
        values[31_337] = 42
        values[77_777] = -42
        let kept = Decimation.indices(of: values, limit: 1000)
        #expect(kept.count <= 1002)
        #expect(kept.first == 0 && kept.last == values.count - 1)
        #expect(kept.contains(31_337) && kept.contains(77_777))
        #expect(kept == kept.sorted())
        #expect(Decimation.indices(of: [1, 2, 3], limit: 1000) == [0, 1, 2])
    }

    @Test func histogramsCountEveryFiniteValueOnce() {
        let values = (0..<1000).map { Double($0 % 37) } + [.nan, .infinity]
        let histogram = Histogram(values: values, bins: 10)
        #expect(histogram.counts.reduce(0, +) == 1000)
        #expect(histogram.edges.allSatisfy { $0 == $0.rounded() })
        #expect(histogram.edges.first ?? 1 <= 0 && histogram.edges.last ?? 0 >= 36)
    }

    @Test func movingAveragesOfLinesAreLinesInside() {
        let line = (0..<50).map { 3 * Double($0) + 1 }
        let smoothed = Smoothing.movingAverage(line, window: 5)
        #expect(smoothed.count == 50)
        for index in 2..<48 { #expect(abs(smoothed[index] - line[index]) < 1e-12) }
        #expect(Smoothing.movingAverage([2, .nan, 4], window: 3) == [2, 3, 4])
    }

    @Test func paletteIsOkabeItoAndViridisEnds() {
        #expect(Palette.colour(0) == "#0072B2" && Palette.colour(8) == "#0072B2")
        #expect(Palette.sequential(0) == "#440154" && Palette.sequential(1) == "#fde725")
    }
}
