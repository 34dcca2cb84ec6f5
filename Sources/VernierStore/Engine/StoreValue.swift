import Foundation

/// One value in a row of the run store, whichever engine holds it: the four storage classes the store's schema
/// uses, and NULL.
///
/// SQLite hands back its storage classes as such; PostgreSQL's `bigint`/`integer`/`smallint` arrive as
/// ``integer(_:)``, `double precision` as ``real(_:)``, `text` as ``text(_:)`` and `bytea` as ``blob(_:)``.
enum StoreValue: Sendable, Equatable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob(Data)

    static func == (lhs: StoreValue, rhs: StoreValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case (.integer(let a), .integer(let b)): return a == b
        case (.real(let a), .real(let b)): return a.bitPattern == b.bitPattern
        case (.text(let a), .text(let b)): return a == b
        case (.blob(let a), .blob(let b)): return a == b
        default: return false
        }
    }
}

/// A Swift value the store binds as an SQL argument.
protocol StoreValueConvertible {
    /// The value as bound.
    var storeValue: StoreValue { get }
}

/// A Swift value the store reads from a column; `nil` when the stored value has another type.
protocol StoreColumnDecodable {
    static func decoded(from value: StoreValue) -> Self?
}

/// The arguments of one statement, bound in order to its `?` placeholders.
typealias StoreArguments = [(any StoreValueConvertible)?]

extension StoreValue: StoreValueConvertible {
    var storeValue: StoreValue { self }
}

extension Int64: StoreValueConvertible, StoreColumnDecodable {
    var storeValue: StoreValue { .integer(self) }
    static func decoded(from value: StoreValue) -> Int64? {
        if case .integer(let number) = value { return number }
        return nil
    }
}

extension Int: StoreValueConvertible, StoreColumnDecodable {
    var storeValue: StoreValue { .integer(Int64(self)) }
    static func decoded(from value: StoreValue) -> Int? {
        Int64.decoded(from: value).flatMap { Int(exactly: $0) }
    }
}

extension Int32: StoreValueConvertible, StoreColumnDecodable {
    var storeValue: StoreValue { .integer(Int64(self)) }
    static func decoded(from value: StoreValue) -> Int32? {
        Int64.decoded(from: value).flatMap { Int32(exactly: $0) }
    }
}

extension Bool: StoreValueConvertible, StoreColumnDecodable {
    /// Booleans are stored as the integers 0 and 1 on both engines (the schema's `CHECK (x IN (0, 1))`).
    var storeValue: StoreValue { .integer(self ? 1 : 0) }
    static func decoded(from value: StoreValue) -> Bool? {
        switch value {
        case .integer(0): return false
        case .integer(1): return true
        default: return nil
        }
    }
}

extension Double: StoreValueConvertible, StoreColumnDecodable {
    var storeValue: StoreValue { .real(self) }
    static func decoded(from value: StoreValue) -> Double? {
        switch value {
        case .real(let number): return number
        case .integer(let number): return Double(exactly: number)
        default: return nil
        }
    }
}

extension String: StoreValueConvertible, StoreColumnDecodable {
    var storeValue: StoreValue { .text(self) }
    static func decoded(from value: StoreValue) -> String? {
        if case .text(let text) = value { return text }
        return nil
    }
}

extension Data: StoreValueConvertible, StoreColumnDecodable {
    var storeValue: StoreValue { .blob(self) }
    static func decoded(from value: StoreValue) -> Data? {
        switch value {
        case .blob(let data): return data
        // SQLite hands back an empty blob as an empty text in some paths; a text never stands for a blob otherwise.
        case .text(let text): return Data(text.utf8)
        default: return nil
        }
    }
}

extension Optional: StoreValueConvertible where Wrapped: StoreValueConvertible {
    var storeValue: StoreValue { self?.storeValue ?? .null }
}

extension Optional: StoreColumnDecodable where Wrapped: StoreColumnDecodable {
    static func decoded(from value: StoreValue) -> Wrapped?? {
        if case .null = value { return .some(nil) }
        return Wrapped.decoded(from: value).map { .some($0) }
    }
}
