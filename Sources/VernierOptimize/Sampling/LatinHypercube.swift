import VernierMath

/// Latin hypercube designs in the unit cube (McKay, Beckman & Conover 1979).
///
/// Each of the `count` points falls in a different one of `count` equal strata along every axis, at a uniform
/// position inside its stratum; strata are matched across axes by independent random permutations. Better
/// coverage than independent uniform draws for the same number of points, which is why it starts a BO run.
public enum LatinHypercube {
    /// `count` points in `[0, 1]^dimension`, drawn with `generator`.
    ///
    /// - Parameters:
    ///   - count: number of points (≥ 0).
    ///   - dimension: number of coordinates (≥ 1).
    public static func sample(
        count: Int, dimension: Int, using generator: inout some RandomNumberGenerator
    ) -> [[Double]] {
        guard count > 0 else { return [] }
        var points = Array(repeating: Array(repeating: 0.0, count: dimension), count: count)
        var strata = Array(0..<count)
        for axis in 0..<dimension {
            strata.shuffle(using: &generator)
            for index in 0..<count {
                let offset = Double(generator.next() >> 11) * 0x1.0p-53
                points[index][axis] = (Double(strata[index]) + offset) / Double(count)
            }
        }
        return points
    }
}
