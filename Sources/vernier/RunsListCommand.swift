import ArgumentParser
import Foundation
import VernierStore

/// `vernier runs` (`vernier runs list`): every run in the store.
struct RunsListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the runs: id, kind, plant, algorithm, status, evaluations, best objective, created.")

    @OptionGroup var store: RunStoreOptions

    @OptionGroup var output: OutputOptions

    func run() throws {
        let (opened, location) = try store.openForReading()
        let overviews = try opened?.runs() ?? []
        if output.json {
            try JSONOutput.print(overviews.map(RunJSON.init))
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
}
