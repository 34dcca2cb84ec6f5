import ArgumentParser

/// `vernier store`: work on run stores as a whole.
struct StoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store",
        abstract: "Work on run stores as a whole: copy runs between SQLite files and PostgreSQL servers.",
        subcommands: [StoreCopyCommand.self])
}
