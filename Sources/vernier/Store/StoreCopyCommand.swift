import ArgumentParser
import Foundation
import VernierStore

/// `vernier store copy FROM TO`: copies runs with all their rows from one run store to another.
struct StoreCopyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "copy",
        abstract: "Copy runs with all their rows from one run store to another (SQLite ↔ PostgreSQL).",
        discussion: """
            FROM and TO are each an SQLite file or a postgresql://USER@HOST:PORT/DATABASE URL; TO is created (or \
            its schema set up) when missing. Each run is copied in one transaction with its evaluations, \
            checkpoints, episodes, progress and cache study, bit for bit.

            Copies get new ids in TO (the next ones it gives, in FROM's order), so they never collide with runs \
            already there; the command prints which id became which. Copying a run twice makes two copies.
            """)

    @Argument(help: ArgumentHelp("The store to copy from (a file or a postgresql:// URL).", valueName: "from"))
    var source: String

    @Argument(help: ArgumentHelp("The store to copy into (created when missing).", valueName: "to"))
    var destination: String

    @Option(name: .customLong("run"), help: ArgumentHelp("Copy only this run (repeatable), e.g. --run r3.", valueName: "id"))
    var runs: [String] = []

    @OptionGroup var output: OutputOptions

    func run() throws {
        let from = try RunStoreOptions.reporting { try RunStoreLocation.resolve(option: source) }
        let to = try RunStoreOptions.reporting { try RunStoreLocation.resolve(option: destination) }
        let selected = try runs.map { text -> RunID in
            guard let id = RunID(text) else { throw ValidationError(RunStoreError.malformedRunID(text).description) }
            return id
        }
        let sourceStore = try RunStoreOptions.reporting {
            try RunStore(location: from, options: RunStore.Options(createIfMissing: false))
        }
        let destinationStore = try RunStoreOptions.reporting { try RunStore(location: to) }
        let pairs = try RunStoreOptions.reporting {
            try sourceStore.copyRuns(selected.isEmpty ? nil : selected, to: destinationStore)
        }
        if output.json {
            try JSONOutput.print(Copied(
                from: from.displayName, to: to.displayName,
                runs: pairs.map { CopiedRun(source: $0.source.description, copy: $0.copy.description) }))
            return
        }
        print("Copied \(pairs.count) run\(pairs.count == 1 ? "" : "s") from \(from.displayName) to \(to.displayName)"
              + (pairs.isEmpty ? "." : ":"))
        for pair in pairs { print("  \(pair.source) → \(pair.copy)") }
    }

    /// The `--json` output.
    struct Copied: Encodable {
        let from: String
        let to: String
        let runs: [CopiedRun]
    }

    /// One copied run: its id in the source and in the destination.
    struct CopiedRun: Encodable {
        let source: String
        let copy: String
    }
}
