import Foundation
import Yams

/// The options a plant factory receives: a YAML mapping (from a file in `environments/`, or inline JSON,
/// which is YAML too).
///
/// Plants decode it into their own `Decodable` options struct with ``decode(_:)``; keys the struct does not
/// know are refused, so a typo such as `nosie:` is an error and not a silently ignored setting.
// Yams.Node is an immutable value tree (enums and structs of strings) that Yams has not marked Sendable.
public struct PlantOptions: @unchecked Sendable {
    /// The parsed YAML document; `nil` when no options were given.
    public let node: Yams.Node?
    /// Where the options came from, for error messages ("environments/awake.yaml", "--options").
    public let source: String
    /// The folder of the options file, against which plants resolve relative paths in it (an optics table,
    /// a trace); `nil` for inline options and defaults.
    public let directory: URL?

    /// No options: every plant uses its defaults.
    public static let none = PlantOptions(node: nil, source: "defaults")

    public init(node: Yams.Node?, source: String, directory: URL? = nil) {
        self.node = node
        self.source = source
        self.directory = directory
    }

    /// Parses YAML (or JSON) text.
    public init(yaml text: String, source: String, directory: URL? = nil) throws(OptionsError) {
        do {
            let node = try Yams.compose(yaml: text)
            if let node, node.mapping == nil, node.null == nil {
                throw OptionsError(source: source, message: "expected a mapping of option names to values at the top level")
            }
            self.init(node: node?.null == nil ? node : nil, source: source, directory: directory)
        } catch let error as OptionsError {
            throw error
        } catch {
            throw OptionsError(source: source, message: "not valid YAML: \(error)")
        }
    }

    /// Reads and parses a YAML file.
    public init(contentsOf url: URL) throws(OptionsError) {
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw OptionsError(source: url.path, message: "cannot read the file: \(error.localizedDescription)")
        }
        try self.init(yaml: text, source: url.path, directory: url.deletingLastPathComponent())
    }

    /// The top-level keys present, in document order.
    public var keys: [String] {
        node?.mapping?.keys.compactMap(\.string) ?? []
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
            return try YAMLDecoder().decode(type, from: node ?? Yams.Node.mapping([:]))
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
