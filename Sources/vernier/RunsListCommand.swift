import ArgumentParser
import Foundation
import VernierStore

/// `vernier runs` (`vernier runs list`): every run in the store.
struct RunsListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the runs: id, kind, plant, algorithm, status, evaluations, best objective, created.")

    @OptionGroup var store: RunStoreOptions

    @Flag(help: "Print JSON (snake_case keys): an array with one object per run.")
    var json = false

    /// One run in the JSON listing.
    struct Entry: Encodable {
        var runId: String
        var kind: String
        var plant: String
        var algorithm: String
        var status: String
        var statusMessage: String?
        var seed: UInt64?
        var evaluationCount: Int
        var episodeCount: Int
        var checkpointCount: Int
        var bestObjective: Double?
        var bestParameters: [Double]?
        var createdAt: String
        var updatedAt: String
    }

    func run() throws {
        let (opened, location) = try store.openForReading()
        let overviews = try opened?.runs() ?? []
        if json {
            try JSONOutput.print(overviews.map(Self.entry))
            return
        }
        guard opened != nil else {
            print("No runs yet: the run store \(location) does not exist; `vernier tune` and `vernier train` create it.")
            return
        }
        print("Run store: \(location)")
        guard !overviews.isEmpty else {
            print("No runs yet.")
            return
        }
        let rows = overviews.map { overview -> [String] in
            let run = overview.run
            return [run.id.description, run.kind.rawValue, run.plant, run.algorithm, run.status.rawValue,
                    "\(overview.evaluationCount)",
                    run.summary.bestObjective.map { Format.number($0) } ?? "—",
                    Format.localTime(run.createdAt)]
        }
        print(Format.table(
            header: ["id", "kind", "plant", "algorithm", "status", "evaluations", "best objective", "created"],
            rows: rows, rightAligned: [5, 6]))
    }

    static func entry(_ overview: RunOverview) -> Entry {
        let run = overview.run
        return Entry(
            runId: run.id.description, kind: run.kind.rawValue, plant: run.plant, algorithm: run.algorithm,
            status: run.status.rawValue, statusMessage: run.statusMessage, seed: run.seed,
            evaluationCount: overview.evaluationCount, episodeCount: overview.episodeCount,
            checkpointCount: overview.checkpointCount, bestObjective: run.summary.bestObjective,
            bestParameters: run.summary.bestParameters, createdAt: Format.isoTime(run.createdAt),
            updatedAt: Format.isoTime(run.updatedAt))
    }
}
