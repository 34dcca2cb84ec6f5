import Foundation

/// Small helpers for writing SVG and HTML text: escaping, compact coordinates, label widths.
public enum SVGText {
    /// `text` with `&`, `<`, `>`, `"` and `'` escaped for XML content and attribute values.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }

    /// A pixel coordinate with one decimal (a tenth of a pixel is below what a screen or printer shows), no
    /// trailing `.0`.
    public static func coordinate(_ value: Double) -> String {
        let tenths = (value * 10).rounded()
        guard tenths.isFinite, abs(tenths) < 1e15 else { return "0" }
        let whole = Int(tenths)
        let sign = whole < 0 ? "-" : ""
        let magnitude = abs(whole)
        let fraction = magnitude % 10
        return fraction == 0 ? "\(sign)\(magnitude / 10)" : "\(sign)\(magnitude / 10).\(fraction)"
    }

    /// An estimate of `text`'s width in pixels at `fontSize` in a sans-serif face (0.6 em per character: wide
    /// enough for digits and most Latin text, so labels spaced by it do not overlap).
    public static func width(of text: String, fontSize: Double) -> Double {
        Double(text.count) * fontSize * 0.6
    }
}
