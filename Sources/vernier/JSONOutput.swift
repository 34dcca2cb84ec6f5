import Foundation

/// JSON for scripts: snake_case keys, sorted, pretty-printed; non-finite numbers written as strings.
enum JSONOutput {
    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return encoder
    }

    /// Prints `value` as JSON on standard output.
    static func print<T: Encodable>(_ value: T) throws {
        let data = try encoder().encode(value)
        Swift.print(String(decoding: data, as: UTF8.self))
    }
}

/// Human-readable numbers for terminal output.
enum Format {
    /// `value` with `digits` significant digits.
    static func number(_ value: Double, digits: Int = 6) -> String {
        guard value.isFinite else { return "\(value)" }
        return String(format: "%.\(digits)g", value)
    }

    /// A vector as `[a, b, c]` with `digits` significant digits each.
    static func vector(_ values: [Double], digits: Int = 4) -> String {
        "[" + values.map { number($0, digits: digits) }.joined(separator: ", ") + "]"
    }
}
