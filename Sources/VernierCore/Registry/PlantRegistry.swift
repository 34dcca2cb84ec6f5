/// What kind of driving a plant supports.
public enum PlantCapability: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    /// `SingleOptimizable`: an optimiser can tune it.
    case optimizable
    /// `ContextualOptimizable`: tuned at a context value.
    case contextual
    /// `Environment`: an RL policy can be trained and run on it.
    case environment

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// One registered plant: its id, what it is, and how to build it.
public struct PlantSpec: Sendable {
    public var id: PlantID
    /// One line for `vernier envs`.
    public var summary: String
    /// The interfaces instances conform to.
    public var capabilities: Set<PlantCapability>
    /// The options file in `environments/` that documents the plant's options, if there is one.
    public var defaultOptionsFile: String?
    /// Builds an instance from options; throws `OptionsError` or `RegistryError` on bad options.
    public var make: @Sendable (PlantOptions) throws -> any Plant

    public init(
        id: PlantID,
        summary: String,
        capabilities: Set<PlantCapability>,
        defaultOptionsFile: String? = nil,
        make: @escaping @Sendable (PlantOptions) throws -> any Plant
    ) {
        self.id = id
        self.summary = summary
        self.capabilities = capabilities
        self.defaultOptionsFile = defaultOptionsFile
        self.make = make
    }
}

/// The plants Vernier knows, by id (Gymnasium's registry, COI's `coi.make`).
///
/// A value, not a global: modules contribute their plants and the command-line tool assembles one registry.
public struct PlantRegistry: Sendable {
    private var specsByID: [PlantID: PlantSpec] = [:]

    public init() {}

    /// Adds a plant; two plants under one id is a programming error reported as `duplicateID`.
    public mutating func register(_ spec: PlantSpec) throws(RegistryError) {
        guard specsByID[spec.id] == nil else { throw .duplicateID(spec.id.description) }
        specsByID[spec.id] = spec
    }

    /// Every registered plant, sorted by id.
    public var specs: [PlantSpec] {
        specsByID.values.sorted { $0.id < $1.id }
    }

    /// The plant registered as `id`, or an error naming the nearest registered ids.
    public func spec(for id: String) throws(RegistryError) -> PlantSpec {
        let known = specs.map(\.id.description)
        guard let parsed = try? PlantID(parsing: id) else {
            throw .unknownID(id, nearMatches: NearMatch.closest(to: id, among: known))
        }
        guard let spec = specsByID[parsed] else {
            // Other versions of the same plant come first, then spelling neighbours.
            let sameName = specs.filter { $0.id.namespace == parsed.namespace && $0.id.name == parsed.name }
                .map(\.id.description)
            let near = sameName + NearMatch.closest(to: id, among: known).filter { !sameName.contains($0) }
            throw .unknownID(id, nearMatches: Array(near.prefix(3)))
        }
        return spec
    }

    /// Builds the plant registered as `id` with `options`.
    public func make(_ id: String, options: PlantOptions = .none) throws -> any Plant {
        try spec(for: id).make(options)
    }
}
