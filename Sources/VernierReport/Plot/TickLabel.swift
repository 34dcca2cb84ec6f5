import Foundation

/// How tick values are written: as many fraction digits as the tick step needs, SI suffixes (k, M, G) for
/// large round values, powers of ten on log axes, and a true minus sign.
public enum TickLabel {
    /// The label of `value` on a linear axis whose ticks need `fractionDigits` fraction digits.
    public static func linear(_ value: Double, fractionDigits: Int) -> String {
        let magnitude = abs(value)
        if magnitude >= 1e4 {
            for (power, suffix) in [(1e9, "G"), (1e6, "M"), (1e3, "k")] where magnitude >= power {
                let scaled = value / power
                let digits = scaled == scaled.rounded() ? 0 : (scaled * 10 == (scaled * 10).rounded() ? 1 : 2)
                return minus(String(format: "%.\(digits)f", scaled)) + suffix
            }
        }
        if magnitude != 0 && fractionDigits > 4 {
            return minus(String(format: "%.1e", value).replacingOccurrences(of: "e-0", with: "e-"))
        }
        return minus(String(format: "%.\(fractionDigits)f", value))
    }

    /// The label of `value` on a log axis: `1`, `10`, `100`, `1000` as such, others as 10ⁿ (or 2×10ⁿ, 5×10ⁿ).
    public static func logarithmic(_ value: Double) -> String {
        let exponent = Int(log10(value).rounded(.down))
        let mantissa = Int((value / pow(10, Double(exponent))).rounded())
        if (0...3).contains(exponent) { return String(mantissa * Int(pow(10, Double(exponent)))) }
        let power = "10" + superscript(exponent)
        return mantissa == 1 ? power : "\(mantissa)×\(power)"
    }

    static func minus(_ text: String) -> String {
        text.hasPrefix("-") ? "−" + text.dropFirst() : text
    }

    static func superscript(_ number: Int) -> String {
        let digits = ["⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹"]
        let body = String(abs(number)).compactMap { $0.wholeNumberValue.map { digits[$0] } }.joined()
        return (number < 0 ? "⁻" : "") + body
    }
}
