import ArgumentParser
import Foundation
import VernierStore

/// `vernier runs show RUN`: one run — configuration, status, best point and evaluations.
struct RunsShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show one run: its configuration, status, best point and evaluations.",
        discussion: "The human listing abbreviates long runs (use --all); --json always includes every evaluation.")

    @Argument(help: "The run id, e.g. r12 (see `vernier runs`).")
    var id: String

    @OptionGroup var store: RunStoreOptions

    @Flag(help: "List every evaluation, not the first and last ten.")
    var all = false

    @OptionGroup var output: OutputOptions

    /// Evaluations the human listing shows at each end of a long run.
    static let shownAtEachEnd = 10

    /// What `vernier runs show --json` prints: the run as `vernier runs` lists it, and everything it recorded.
    struct Output: Encodable {
        var run: RunJSON
        var store: String
        var configuration: JSONValue
        var bestEvaluationIndex: Int?
        var evaluations: [EvaluationJSON]
        var episodes: [EpisodeEntry]
        var latestCheckpoint: CheckpointEntry?

        enum CodingKeys: String, CodingKey {
            case store, configuration, bestEvaluationIndex, evaluations, episodes, latestCheckpoint
        }

        func encode(to encoder: any Encoder) throws {
            try run.encode(to: encoder)
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(store, forKey: .store)
            try container.encode(configuration, forKey: .configuration)
            try container.encodeIfPresent(bestEvaluationIndex, forKey: .bestEvaluationIndex)
            try container.encode(evaluations, forKey: .evaluations)
            try container.encode(episodes, forKey: .episodes)
            try container.encodeIfPresent(latestCheckpoint, forKey: .latestCheckpoint)
        }
    }

    struct EpisodeEntry: Encodable {
        var index: Int
        var `return`: Double
        var length: Int
        var success: Bool?
        var seed: UInt64?
        var recordedAt: String
    }

    struct CheckpointEntry: Encodable {
        var sequence: Int
        var bytes: Int
        var recordedAt: String
    }

    func validate() throws {
        guard RunID(id) != nil else { throw ValidationError(RunStoreError.malformedRunID(id).description) }
    }

    func run() throws {
        let (opened, location) = try store.openForReading()
        guard let opened else {
            throw ValidationError("no run \(id): the run store \(location) does not exist yet (nothing has been recorded)")
        }
        let (run, evaluations, episodes, checkpoint, checkpointCount) = try RunStoreOptions.reporting {
            let run = try opened.run(named: id)
            return (run, try opened.evaluations(of: run.id), try opened.episodes(of: run.id, includingTraces: false),
                    try opened.latestCheckpoint(of: run.id), try opened.checkpointSequences(of: run.id).count)
        }
        if output.json {
            let overview = RunOverview(run: run, evaluationCount: evaluations.count, episodeCount: episodes.count,
                                       checkpointCount: checkpointCount)
            try JSONOutput.print(Output(
                run: RunJSON(overview), store: location.displayName,
                configuration: JSONValue(parsing: run.configuration) ?? .string(run.configuration),
                bestEvaluationIndex: run.summary.bestEvaluationIndex,
                evaluations: evaluations.map(EvaluationJSON.init),
                episodes: episodes.map {
                    EpisodeEntry(index: $0.index, return: $0.result.episodeReturn, length: $0.result.length,
                                 success: $0.result.success, seed: $0.result.seed,
                                 recordedAt: Format.isoTime($0.recordedAt))
                },
                latestCheckpoint: checkpoint.map {
                    CheckpointEntry(sequence: $0.sequence, bytes: $0.state.count, recordedAt: Format.isoTime($0.recordedAt))
                }))
            return
        }
        printHuman(run: run, location: location, evaluations: evaluations, episodes: episodes,
                   checkpoint: checkpoint, checkpointCount: checkpointCount)
    }

    private func printHuman(
        run: Run, location: RunStoreLocation, evaluations: [EvaluationRecord], episodes: [EpisodeRecord],
        checkpoint: Checkpoint?, checkpointCount: Int
    ) {
        let seed = run.seed.map { ", seed \($0)" } ?? ""
        print("Run \(run.id): \(run.kind) of \(run.plant) with \(run.algorithm)\(seed)")
        print("  store          \(location)")
        print("  status         \(run.status)\(run.statusMessage.map { " — \($0)" } ?? "")")
        print("  created        \(Format.localTime(run.createdAt)), last recorded \(Format.localTime(run.updatedAt))")
        if let best = run.summary.bestObjective {
            let at = run.summary.bestEvaluationIndex.map { " at evaluation \($0)" } ?? ""
            print("  best           objective \(Format.number(best))\(at)")
            if let parameters = run.summary.bestParameters {
                print("                 parameters \(Format.vector(parameters, digits: 6))")
            }
        }
        for (name, value) in run.summary.metrics.sorted(by: { $0.key < $1.key }) {
            print("  \(name.padding(toLength: 13, withPad: " ", startingAt: 0))  \(Format.number(value))")
        }
        print("  configuration")
        print(Self.indented(Self.prettyJSON(run.configuration), by: 4))
        print("  evaluations    \(evaluations.count)")
        if !evaluations.isEmpty {
            let abbreviate = !all && evaluations.count > 2 * Self.shownAtEachEnd
            let shown = abbreviate
                ? Array(evaluations.prefix(Self.shownAtEachEnd)) + Array(evaluations.suffix(Self.shownAtEachEnd))
                : evaluations
            let rows = shown.map { record -> [String] in
                [String(record.index), Format.number(record.objective), record.isFeasible ? "yes" : "no",
                 Format.number(record.wallTime, digits: 3), Format.vector(record.parameters)]
            }
            var lines = Format.table(header: ["index", "objective", "feasible", "wall s", "parameters"],
                                     rows: rows, rightAligned: [0])
                .split(separator: "\n").map(String.init)
            if abbreviate {
                let hidden = evaluations.count - 2 * Self.shownAtEachEnd
                // After the header and the first rows.
                lines.insert("    …  \(hidden) more (--all lists them)", at: 1 + Self.shownAtEachEnd)
            }
            print(Self.indented(lines.joined(separator: "\n"), by: 4))
        }
        if !episodes.isEmpty {
            let returns = episodes.map(\.result.episodeReturn)
            let mean = returns.reduce(0, +) / Double(returns.count)
            print("  episodes       \(episodes.count), mean return \(Format.number(mean))")
        }
        if let checkpoint {
            print("  checkpoints    \(checkpointCount), latest at sequence \(checkpoint.sequence) (\(checkpoint.state.count) bytes)")
        }
    }

    /// JSON text re-indented for reading; the text itself when it does not parse.
    static func prettyJSON(_ text: String) -> String {
        guard let value = JSONValue(parsing: text) else { return text }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(value) else { return text }
        return String(decoding: data, as: UTF8.self)
    }

    static func indented(_ text: String, by spaces: Int) -> String {
        let padding = String(repeating: " ", count: spaces)
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { padding + $0 }.joined(separator: "\n")
    }
}
