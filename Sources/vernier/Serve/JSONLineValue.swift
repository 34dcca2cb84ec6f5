/// A JSON value as the serve protocol reads it from one request line.
///
/// Numbers keep both readings a request may need: the nearest `Double` (correctly rounded from the decimal
/// text, so a shortest round-trip decimal comes back bit for bit) and, for an integer literal, its exact
/// `UInt64` value (a 64-bit seed must not pass through a `Double`). The non-finite numbers the protocol
/// writes as the strings `"nan"`, `"inf"` and `"-inf"` — and the bare `NaN`, `Infinity` and `-Infinity`
/// Python's `json` module writes — read as numbers wherever a number is expected (see ``number``).
enum JSONLineValue: Equatable {
    case null
    case bool(Bool)
    /// A number: its `Double` value and, when the literal is a non-negative integer that fits, its exact value.
    case number(Double, exactUnsigned: UInt64?)
    case string(String)
    case array([JSONLineValue])
    /// Members in the order written; a request has few keys, so a linear search beats hashing.
    case object([(key: String, value: JSONLineValue)])

    static func == (lhs: JSONLineValue, rhs: JSONLineValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): true
        case let (.bool(a), .bool(b)): a == b
        case let (.number(a, x), .number(b, y)): a.bitPattern == b.bitPattern && x == y
        case let (.string(a), .string(b)): a == b
        case let (.array(a), .array(b)): a == b
        case let (.object(a), .object(b)): a.count == b.count && zip(a, b).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        default: false
        }
    }

    /// The member `key` of an object; `nil` for a missing key or a value that is not an object.
    subscript(key: String) -> JSONLineValue? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.key == key }?.value
    }

    /// The value as a number: a JSON number, or one of the strings `"nan"`, `"inf"`, `"-inf"`.
    var number: Double? {
        switch self {
        case .number(let value, _): value
        case .string("nan"): .nan
        case .string("inf"): .infinity
        case .string("-inf"): -.infinity
        default: nil
        }
    }

    /// A short name of the value's kind, for error messages ("a string", "an array").
    var kindName: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}
