import Foundation

/// A registry id of the form `namespace/Name-vN`, e.g. `awake/Steering-v1`.
public struct PlantID: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// Family of plants, lower-case, e.g. "awake".
    public var namespace: String
    /// The plant's name, e.g. "Steering".
    public var name: String
    /// Version, bumped whenever the plant's behaviour changes.
    public var version: Int

    public init(namespace: String, name: String, version: Int) {
        self.namespace = namespace
        self.name = name
        self.version = version
    }

    /// Parses `namespace/Name-vN`.
    public init(parsing text: String) throws(RegistryError) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty,
              let dash = parts[1].range(of: "-v", options: .backwards),
              let version = Int(parts[1][dash.upperBound...]), version >= 0
        else { throw .malformedID(text) }
        let name = String(parts[1][..<dash.lowerBound])
        let allowed: (Character) -> Bool = { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." }
        guard !name.isEmpty, name.allSatisfy(allowed), parts[0].allSatisfy(allowed) else {
            throw .malformedID(text)
        }
        self.init(namespace: String(parts[0]), name: name, version: version)
    }

    public var description: String { "\(namespace)/\(name)-v\(version)" }

    public static func < (lhs: PlantID, rhs: PlantID) -> Bool {
        (lhs.namespace, lhs.name, lhs.version) < (rhs.namespace, rhs.name, rhs.version)
    }
}
