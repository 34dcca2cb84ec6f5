import Foundation

/// Numbers as reports print them: significant digits (`%g`), a true minus sign, `—` for a value that is not there.
public enum ReportNumber {
    /// `value` with `digits` significant digits; `nan`, `∞`, `−∞` for the non-finite ones.
    public static func format(_ value: Double, digits: Int = 6) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value > 0 ? "∞" : "−∞" }
        let text = String(format: "%.\(digits)g", value)
        return text.hasPrefix("-") ? "−" + text.dropFirst() : text
    }

    /// `value` formatted, or `—` when `nil`.
    public static func format(_ value: Double?, digits: Int = 6) -> String {
        value.map { format($0, digits: digits) } ?? "—"
    }
}
