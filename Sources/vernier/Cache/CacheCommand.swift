import ArgumentParser

/// `vernier cache`: the grid-caching plant's tools: synthetic traces, simulation, the policy advisor.
struct CacheCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cache",
        abstract: "Simulate a grid site's file cache on its access log and advise on its caching policy.",
        discussion: """
            Traces are CSV with a header (time in s, file, size; optional protocol, cpu_time, io_time, …) or
            libCacheSim's oracleGeneral binary records. See environments/README.md (grid cache) for the model.
            """,
        subcommands: [CacheGenerateCommand.self, CacheSimulateCommand.self, CacheAdviseCommand.self]
    )
}
