import ArgumentParser
import Foundation
import VernierCore
import VernierStore

/// `vernier runs record-synthetic` (hidden): records a run of synthetic evaluations, announcing each one on
/// standard output as soon as it is committed.
///
/// It exists for the crash-safety test, which kills this process with SIGKILL mid-run and then checks that
/// every evaluation announced as committed is in the store. Evaluation `i` has parameters
/// `[i, -0.0, i / 3]`, objective `i / 2 - 1`, constraint values `[i - 5]`, observables `["i": i]`, wall time
/// `i / 1000` s and is feasible when `i` is even; the summary, updated in the same commit, names evaluation 0
/// as the best. The test recomputes them.
struct RecordSyntheticRunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record-synthetic",
        abstract: "Record synthetic evaluations, printing 'committed I' after each commit (for tests).",
        shouldDisplay: false)

    @OptionGroup var store: RunStoreOptions

    @Option(help: "How many evaluations to record; without it, record until killed.")
    var count: Int?

    func validate() throws {
        if let count, count < 0 { throw ValidationError("--count must be ≥ 0, not \(count)") }
    }

    func run() throws {
        let opened = try store.openForRecording()
        let run = try opened.createRun(NewRun(
            kind: .run, plant: "synthetic", algorithm: "record-synthetic",
            configurationJSON: #"{"count": \#(count.map(String.init) ?? "null")}"#, seed: nil))
        Self.announce("run \(run.id)")
        var index = 0
        var summary = RunSummary.empty
        while count.map({ index < $0 }) ?? true {
            let i = Double(index)
            let parameters = [i, -0.0, i / 3]
            let objective = i / 2 - 1
            if objective < summary.bestObjective ?? .infinity {
                summary = RunSummary(bestObjective: objective, bestParameters: parameters, bestEvaluationIndex: index)
            }
            let record = try opened.appendEvaluation(
                to: run.id, parameters: parameters,
                evaluation: Evaluation(objective: objective, constraints: [i - 5], observables: ["i": i]),
                wallTime: i / 1000, isFeasible: index.isMultiple(of: 2), summary: summary)
            Self.announce("committed \(record.index)")
            index += 1
        }
        try opened.finishRun(run.id, outcome: .completed)
    }

    /// Writes `line` to standard output at once (not buffered): what was announced was committed.
    static func announce(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }
}
