import Foundation

/// A parsed configuration document, whatever its syntax: Core decodes options through this protocol and never
/// sees the parser. `VernierYAML` provides the YAML (and JSON, which is YAML too) implementation.
public protocol OptionsDocument: Sendable {
    /// The top-level keys present, in document order.
    var keys: [String] { get }

    /// Decodes the whole document into `type`; throws `DecodingError` for a value of the wrong shape.
    func decode<T: Decodable>(_ type: T.Type) throws -> T
}

/// The options a plant factory receives: a mapping of option names to values (from a file in `environments/`,
/// or inline YAML/JSON), read by a parser outside Core (`VernierYAML`'s `PlantOptions(yaml:source:)`).
///
/// Plants decode it into their own `Decodable` options struct with ``decode(_:)``; keys the struct does not
/// know are refused, so a typo such as `nosie:` is an error and not a silently ignored setting.
public struct PlantOptions: Sendable {
    /// The parsed document; `nil` when no options were given.
    public let document: (any OptionsDocument)?
    /// Where the options came from, for error messages ("environments/awake.yaml", "--options").
    public let source: String
    /// The folder of the options file, against which plants resolve relative paths in it (an optics table,
    /// a trace); `nil` for inline options and defaults.
    public let directory: URL?

    /// No options: every plant uses its defaults.
    public static let none = PlantOptions(document: nil, source: "defaults")

    public init(document: (any OptionsDocument)?, source: String, directory: URL? = nil) {
        self.document = document
        self.source = source
        self.directory = directory
    }

    /// The top-level keys present, in document order.
    public var keys: [String] {
        document?.keys ?? []
    }

    /// Decodes the options into `type`, refusing keys that `type` does not list in `knownKeys`.
    ///
    /// Missing keys take the defaults of `type`'s decoder; with no options at all, `T()` is not assumed:
    /// `type` decodes from an empty mapping.
    public func decode<T: Decodable>(_ type: T.Type, knownKeys: [String]) throws(OptionsError) -> T {
        let unknown = keys.filter { !knownKeys.contains($0) }
        if let first = unknown.first {
            let near = NearMatch.closest(to: first, among: knownKeys)
            let hint = near.isEmpty ? "" : " (did you mean \(near.joined(separator: ", "))?)"
            throw OptionsError(
                source: source,
                message: "unknown option '\(first)'\(hint); known options: \(knownKeys.sorted().joined(separator: ", "))"
            )
        }
        do {
            if let document { return try document.decode(type) }
            return try T(from: EmptyMappingDecoder())
        } catch let error as DecodingError {
            throw OptionsError(source: source, message: Self.describe(error))
        } catch {
            throw OptionsError(source: source, message: "\(error)")
        }
    }

    /// Decodes the options into a type whose coding keys enumerate every option it accepts.
    public func decode<T: Decodable>(_ type: T.Type) throws(OptionsError) -> T
    where T: OptionKeyed {
        try decode(type, knownKeys: T.optionKeys)
    }

    static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let names = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
            return names.isEmpty ? "the options" : "'\(names.joined(separator: "."))'"
        }
        switch error {
        case .typeMismatch(let type, let context):
            return "\(path(context)) should be \(type): \(context.debugDescription)"
        case .valueNotFound(let type, let context):
            return "\(path(context)) needs a value of type \(type)"
        case .keyNotFound(let key, let context):
            return "missing option '\(key.stringValue)' in \(path(context))"
        case .dataCorrupted(let context):
            return "\(path(context)): \(context.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }
}

/// An options struct that lists the option keys it accepts, so unknown keys can be refused.
public protocol OptionKeyed: Decodable {
    static var optionKeys: [String] { get }
}

extension KeyedDecodingContainer {
    /// The value at `key`, or `defaultValue` when the key is absent (options structs keep their defaults).
    public func decode<T: Decodable>(_ key: Key, default defaultValue: T) throws -> T {
        try decodeIfPresent(T.self, forKey: key) ?? defaultValue
    }
}

/// Options that could not be used, with where they came from.
public struct OptionsError: Error, Equatable, CustomStringConvertible {
    /// File path or "--options".
    public var source: String
    /// What is wrong and, where possible, what would be right.
    public var message: String

    public init(source: String, message: String) {
        self.source = source
        self.message = message
    }

    public var description: String { "\(source): \(message)" }
}
