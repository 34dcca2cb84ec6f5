import Foundation
import VernierCore
import Yams

/// A YAML (or JSON, which is YAML too) options document: the parser behind ``PlantOptions`` for every
/// configuration file Vernier reads, kept out of Core so that learners and plants do not inherit Yams.
// Yams.Node is an immutable value tree (enums and structs of strings) that Yams has not marked Sendable.
public struct YAMLOptionsDocument: OptionsDocument, @unchecked Sendable {
    /// The parsed YAML mapping.
    public let node: Yams.Node

    public init(node: Yams.Node) {
        self.node = node
    }

    public var keys: [String] {
        node.mapping?.keys.compactMap(\.string) ?? []
    }

    public func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try YAMLDecoder().decode(type, from: node)
    }
}
