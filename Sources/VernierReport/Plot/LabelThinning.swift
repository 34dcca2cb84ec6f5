/// Chooses which tick labels to print so that no two overlap: every `k`th label from the first, with the
/// smallest `k` for which the kept labels, at their pixel centres and sizes, leave a gap between neighbours.
public enum LabelThinning {
    /// The stride `k` (≥ 1).
    ///
    /// - Parameters:
    ///   - centres: Each label's centre along the axis, in pixels, in tick order.
    ///   - extents: Each label's size along the axis (its width on an x axis, its height on a y axis).
    ///   - gap: The least free space between two labels, in pixels.
    public static func stride(centres: [Double], extents: [Double], gap: Double = 6) -> Int {
        guard centres.count > 1 else { return 1 }
        for stride in 1..<centres.count {
            var fits = true
            var index = stride
            while index < centres.count {
                let previous = index - stride
                let room = abs(centres[index] - centres[previous])
                if room < (extents[index] + extents[previous]) / 2 + gap { fits = false; break }
                index += stride
            }
            if fits { return stride }
        }
        return centres.count
    }
}
