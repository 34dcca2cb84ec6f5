/// Writes one response line of the serve protocol into a reusable byte buffer.
///
/// Numbers are written as the shortest decimal that reads back as the same `Double` (Swift's `description`,
/// e.g. `0.1`, `-0.0`, `1e-05`, `5e-324`); the non-finite ones as the strings `"nan"`, `"inf"` and `"-inf"`, as
/// `vernier … --json` writes them. Members are written in the order given; the caller keeps keys snake_case and
/// leaves out absent values (never `null`).
struct JSONLineWriter {
    /// The line so far, without its newline.
    private(set) var bytes: [UInt8] = []
    /// Whether the next value in the present object or array needs a comma before it.
    private var needsComma = false
    /// Whether ``numbers(_:)`` writes base64 of the little-endian doubles (a JSON string) instead of an array.
    var writesArraysAsBase64 = false

    init() {
        bytes.reserveCapacity(1024)
    }

    /// Starts a new line, keeping the buffer's storage.
    mutating func reset() {
        bytes.removeAll(keepingCapacity: true)
        needsComma = false
    }

    private mutating func separate() {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
        needsComma = true
    }

    mutating func beginObject() {
        separate()
        bytes.append(UInt8(ascii: "{"))
        needsComma = false
    }

    mutating func endObject() {
        bytes.append(UInt8(ascii: "}"))
        needsComma = true
    }

    mutating func beginArray() {
        separate()
        bytes.append(UInt8(ascii: "["))
        needsComma = false
    }

    mutating func endArray() {
        bytes.append(UInt8(ascii: "]"))
        needsComma = true
    }

    /// Writes `"name":`; the value follows with one of the value methods.
    mutating func key(_ name: String) {
        separate()
        appendQuoted(name)
        bytes.append(UInt8(ascii: ":"))
        needsComma = false
    }

    mutating func number(_ value: Double) {
        separate()
        if value.isFinite {
            bytes.append(contentsOf: value.description.utf8)
        } else {
            bytes.append(contentsOf: (value.isNaN ? "\"nan\"" : value > 0 ? "\"inf\"" : "\"-inf\"").utf8)
        }
    }

    mutating func integer(_ value: Int) {
        separate()
        bytes.append(contentsOf: String(value).utf8)
    }

    mutating func bool(_ value: Bool) {
        separate()
        bytes.append(contentsOf: (value ? "true" : "false").utf8)
    }

    mutating func string(_ value: String) {
        separate()
        appendQuoted(value)
    }

    mutating func numbers(_ values: [Double]) {
        if writesArraysAsBase64 {
            separate()
            bytes.append(UInt8(ascii: "\""))
            Base64Doubles.append(values, to: &bytes)
            bytes.append(UInt8(ascii: "\""))
            return
        }
        beginArray()
        for value in values { number(value) }
        endArray()
    }

    mutating func strings(_ values: [String]) {
        beginArray()
        for value in values { string(value) }
        endArray()
    }

    // Convenience for members.
    mutating func member(_ name: String, _ value: Double) { key(name); number(value) }
    mutating func member(_ name: String, _ value: Int) { key(name); integer(value) }
    mutating func member(_ name: String, _ value: Bool) { key(name); bool(value) }
    mutating func member(_ name: String, _ value: String) { key(name); string(value) }
    mutating func member(_ name: String, _ values: [Double]) { key(name); numbers(values) }
    mutating func member(_ name: String, _ values: [String]) { key(name); strings(values) }

    /// A JSON string literal: quotes, backslashes and control characters escaped (RFC 8259 §7).
    private mutating func appendQuoted(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case UInt8(ascii: "\n"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case UInt8(ascii: "\r"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case UInt8(ascii: "\t"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"),
                                          hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
