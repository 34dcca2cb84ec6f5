import Foundation

/// The JSON the store writes into its text columns: sorted keys, shortest round-trip numbers, and the
/// non-finite numbers JSON lacks written as the strings `inf`, `-inf` and `nan`.
///
/// Foundation prints every finite `Double` in its shortest form that reads back to the same bits (`-0`,
/// `5e-324`, `1.7976931348623157e+308`), so values round-trip bit for bit; the store's tests check it.
enum StoredJSON {
    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return encoder
    }

    static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return decoder
    }

    /// `values` as a JSON array, written directly: the vectors of every evaluation take this path, and
    /// `JSONEncoder` costs several microseconds per call. `Double.description` is the shortest text that reads
    /// back to the same bits (`-0.0`, `5e-324`) and is valid JSON for every finite value.
    static func text(_ values: [Double]) -> String {
        var text = "["
        for (position, value) in values.enumerated() {
            if position > 0 { text += "," }
            append(value, to: &text)
        }
        return text + "]"
    }

    /// `values` as a JSON object with sorted keys, written directly (see ``text(_:)-([Double])``).
    static func text(_ values: [String: Double]) -> String {
        var text = "{"
        for (position, key) in values.keys.sorted().enumerated() {
            if position > 0 { text += "," }
            appendString(key, to: &text)
            text += ":"
            append(values[key] ?? .nan, to: &text)
        }
        return text + "}"
    }

    /// `summary` as the JSON its `Codable` conformance reads, written directly (it is rewritten with every
    /// evaluation).
    static func text(_ summary: RunSummary) -> String {
        var members: [String] = []
        if let index = summary.bestEvaluationIndex { members.append("\"best_evaluation_index\":\(index)") }
        if let objective = summary.bestObjective {
            var number = ""
            append(objective, to: &number)
            members.append("\"best_objective\":" + number)
        }
        if let parameters = summary.bestParameters { members.append("\"best_parameters\":" + text(parameters)) }
        members.append("\"metrics\":" + text(summary.metrics))
        return "{" + members.joined(separator: ",") + "}"
    }

    private static func append(_ value: Double, to text: inout String) {
        if value.isFinite {
            text += value.description
        } else {
            text += value.isNaN ? "\"nan\"" : (value > 0 ? "\"inf\"" : "\"-inf\"")
        }
    }

    /// `string` as a JSON string literal (RFC 8259 §7: quote, backslash and control characters escaped).
    private static func appendString(_ string: String, to text: inout String) {
        text += "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "\n": text += "\\n"
            case "\r": text += "\\r"
            case "\t": text += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                text += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: text.unicodeScalars.append(scalar)
            }
        }
        text += "\""
    }

    /// The object ``text(_:)-([String: Double])`` writes, read without `JSONDecoder` (which costs ~16 µs per
    /// small object: a cache study's thousands of days, a training run's progress records), exactly: numbers
    /// through `Double(_:)`, which rounds correctly, and `"nan"`, `"inf"`, `"-inf"`. `nil` for anything else this
    /// writer does not produce (whitespace, escaped keys, other values), which the caller then hands to
    /// `JSONDecoder`.
    static func numbers(from text: String) -> [String: Double]? {
        var utf8 = text.utf8[...]
        guard utf8.popFirst() == UInt8(ascii: "{") else { return nil }
        var values: [String: Double] = [:]
        if utf8.first == UInt8(ascii: "}") { return utf8.count == 1 ? values : nil }
        while true {
            guard utf8.popFirst() == UInt8(ascii: "\""),
                  let keyEnd = utf8.firstIndex(of: UInt8(ascii: "\"")) else { return nil }
            let key = utf8[utf8.startIndex..<keyEnd]
            // An escaped or control character: the general reader knows what it means.
            guard !key.contains(where: { $0 == UInt8(ascii: "\\") || $0 < 0x20 }) else { return nil }
            utf8 = utf8[utf8.index(after: keyEnd)...]
            guard utf8.popFirst() == UInt8(ascii: ":") else { return nil }
            let valueEnd = utf8.firstIndex { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "}") } ?? utf8.endIndex
            let token = utf8[utf8.startIndex..<valueEnd]
            let value: Double
            switch String(decoding: token, as: UTF8.self) {
            case "\"nan\"": value = .nan
            case "\"inf\"": value = .infinity
            case "\"-inf\"": value = -.infinity
            case let number:
                // JSON's number characters only: `Double(_:)` would also take `nan`, `0x1p3` and the like.
                guard !token.isEmpty, token.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0)
                          || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: ".")
                          || $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }),
                      let parsed = Double(number) else { return nil }
                value = parsed
            }
            values[String(decoding: key, as: UTF8.self)] = value
            utf8 = utf8[valueEnd...]
            switch utf8.popFirst() {
            case UInt8(ascii: ","): continue
            case UInt8(ascii: "}"): return utf8.isEmpty ? values : nil
            default: return nil
            }
        }
    }

    /// `value` as JSON text.
    static func text<Value: Encodable>(_ value: Value) throws -> String {
        String(decoding: try encoder().encode(value), as: UTF8.self)
    }

    /// The value of type `type` in JSON `text`.
    static func value<Value: Decodable>(_ type: Value.Type, from text: String) throws -> Value {
        try decoder().decode(type, from: Data(text.utf8))
    }
}
