import VernierCore

/// The grid-caching plant, for the command-line tool's registry.
public enum CacheCatalog {
    public static var specs: [PlantSpec] {
        [
            PlantSpec(
                id: PlantID(namespace: "grid", name: "Cache", version: 1),
                summary: "grid site file cache (SCDL): store or skip each miss, LRU evicting; delayed size-weighted rewards",
                capabilities: [.environment],
                defaultOptionsFile: "environments/cache.yaml",
                make: { options in CacheEnvironment(options: try options.decode(CacheEnvironment.Options.self)) }
            ),
        ]
    }

    public static func register(into registry: inout PlantRegistry) throws {
        for spec in specs { try registry.register(spec) }
    }
}

