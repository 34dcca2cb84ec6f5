import ArgumentParser
import Foundation
import VernierStore
import VernierYAML

/// `vernier sweep FILE.yaml --store URL`: put a grid of training and tuning jobs on the run store's queue.
struct SweepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Queue a grid of jobs (train: plants × configs × seeds; tune: plants × optimizers × seeds) in the run store.",
        discussion: """
            FILE.yaml names the sweep and lists the values; every combination is one job:
              sweep: pendulum-seeds
              train: {plants: [classic/Pendulum-v1], configs: [tiny.yaml], seeds: [1, 2, 3], steps: 512}
              tune: {plants: [awake/Steering-v1], optimizers: [random, bo], seeds: [1, 2], budget: 20}
            Relative config paths resolve against the sweep file's folder. Then start `vernier worker --store …` on
            as many machines as you like (docs/sweeps.md: Slurm job array, Kubernetes Job); each result is an
            ordinary run in the store. Share a PostgreSQL store (postgresql://…) between machines; an SQLite file
            serves workers on one machine.
            """)

    @Argument(help: "The sweep file (YAML).")
    var file: String

    @OptionGroup var store: RunStoreOptions

    @OptionGroup var output: OutputOptions

    /// What `vernier sweep --json` prints.
    struct Report: Encodable {
        var sweep: String
        var jobs: [Int64]
        var store: String
    }

    func run() throws {
        let sweep: SweepFile
        do {
            sweep = try SweepFile(contentsOf: file)
        } catch {
            throw ValidationError(error.description)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let specs = try sweep.jobs.map { String(decoding: try encoder.encode($0), as: UTF8.self) }
        let location = try store.location()
        let runStore = try store.openForRecording()
        let ids = try runStore.enqueueJobs(sweep: sweep.name, specs: specs)
        if output.json {
            try JSONOutput.print(Report(sweep: sweep.name, jobs: ids, store: location.displayName))
            return
        }
        let range = ids.first.map { first in ids.count == 1 ? "job \(first)" : "jobs \(first)–\(ids.last ?? first)" } ?? "no jobs"
        print("sweep \(sweep.name): \(ids.count) jobs queued (\(range)) in \(location.displayName)")
        print("start workers with: vernier worker --store \(location.displayName)")
    }
}
