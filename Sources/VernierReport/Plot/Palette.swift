/// Colours that colour-blind readers tell apart: Okabe & Ito's eight ("Color Universal Design", 2008), in an
/// order that puts the most distinct first, and a sequential map for heatmaps.
public enum Palette {
    /// Okabe–Ito: blue, vermillion, bluish green, orange, reddish purple, sky blue, black, and yellow last (it is
    /// faint on white, so it is used only when seven colours are not enough).
    public static let categorical = ["#0072B2", "#D55E00", "#009E73", "#E69F00", "#CC79A7", "#56B4E9", "#000000", "#F0E442"]

    /// The `index`th categorical colour (cycling).
    public static func colour(_ index: Int) -> String {
        categorical[((index % categorical.count) + categorical.count) % categorical.count]
    }

    /// Grey for secondary marks (limits, raw points behind a smoothed line).
    public static let neutral = "#777777"

    /// Anchor colours of viridis (perceptually uniform, readable in grey and by colour-blind readers), at
    /// equal steps from 0 to 1.
    static let viridis: [(Double, Double, Double)] = [
        (68, 1, 84), (72, 40, 120), (62, 74, 137), (49, 104, 142), (38, 130, 142),
        (31, 158, 137), (53, 183, 121), (109, 205, 89), (180, 222, 44), (253, 231, 37),
    ]

    /// The viridis colour at `fraction` ∈ [0, 1] (clamped), as `#rrggbb`.
    public static func sequential(_ fraction: Double) -> String {
        let t = min(max(fraction.isFinite ? fraction : 0, 0), 1) * Double(viridis.count - 1)
        let index = min(Int(t), viridis.count - 2)
        let f = t - Double(index)
        let (a, b) = (viridis[index], viridis[index + 1])
        func channel(_ x: Double, _ y: Double) -> Int { Int((x + (y - x) * f).rounded()) }
        return hex(channel(a.0, b.0), channel(a.1, b.1), channel(a.2, b.2))
    }

    static func hex(_ r: Int, _ g: Int, _ b: Int) -> String {
        let digits = Array("0123456789abcdef")
        var text = "#"
        for value in [r, g, b] {
            text.append(digits[(value >> 4) & 15])
            text.append(digits[value & 15])
        }
        return text
    }
}
