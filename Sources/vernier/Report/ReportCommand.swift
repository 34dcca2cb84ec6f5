import ArgumentParser
import Foundation
import VernierReport
import VernierStore

/// `vernier report RUN`: what an operator looks at after a run — one self-contained HTML page of plots (or a
/// Markdown summary, or the JSON of every series).
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write a run's report: one self-contained HTML page of plots, a Markdown summary, or the series as JSON.",
        discussion: """
            Tuning runs: objective per evaluation with the best so far, constraints against their limits, each \
            parameter inside its bounds, the settings, and the plant's own picture (AWAKE: BPM readings before \
            and after; JPA: the gain trace at the operating point found). Training runs: return (and success, \
            when recorded) against steps, and the learner's statistics per update. Evaluation runs: histograms of \
            return and steps to success. Cache studies (`vernier cache simulate`, `cache advise`): the policy table \
            with the recommendation, one bar chart per metric, and daily hit ratio, byte hit ratio and occupancy \
            (one line per policy).

            The page needs nothing from the network (inline SVG and CSS, no scripts) and prints well. Long \
            series are thinned for drawing; --format json (to a file) and --json (on standard output) keep every \
            point. RUN may be `latest` (the store's newest run).

            Examples:
              vernier report r12
              vernier report latest --format md --out logbook/r12.md
              vernier report --compare r12 r13 r14 --out compare.html
              vernier report r4                    # a cache study: vernier cache advise / simulate
            """)

    @Argument(help: "The run id (e.g. r12, or latest); with --compare, two or more.")
    var runs: [String] = []

    @Flag(help: "Compare tuning runs (their best-so-far curves on one plot) or cache runs (their policies in one table).")
    var compare = false

    @Option(help: "The file to write (default: report-RUN.html, .md or .json in the current folder).")
    var out: String?

    @Option(help: "html (one self-contained page), md (a Markdown summary beside the HTML page it links to) or json (every series).")
    var format: ReportFormat = .html

    @OptionGroup var store: RunStoreOptions

    @OptionGroup var output: OutputOptions

    func validate() throws {
        if compare {
            guard runs.count >= 2 else { throw ValidationError("--compare needs two or more runs, e.g. `vernier report --compare r12 r13`") }
        } else {
            guard runs.count == 1 else {
                throw ValidationError(runs.isEmpty ? "name the run to report, e.g. `vernier report r12` (see `vernier runs`)"
                                                   : "one run at a time; use --compare to put several on one plot")
            }
        }
        for run in runs where run != "latest" && RunID(run) == nil {
            throw ValidationError(RunStoreError.malformedRunID(run).description)
        }
    }

    func run() throws {
        let (opened, location) = try store.openForReading()
        guard let opened else {
            throw ValidationError("no runs to report: the run store \(location) does not exist yet (nothing has been recorded)")
        }
        let records = try RunStoreOptions.reporting { try runs.map { try resolve($0, in: opened) } }
        let document = try compare
            ? Self.comparison(records, in: opened)
            : ReportInputs.document(for: records[0], in: opened)
        if output.json {
            // The series behind every plot, for replotting; a file only when --out asks for one.
            print(try Self.json(document), terminator: "")
            if out == nil { return }
        }
        let stem = compare ? "compare-" + records.map(\.id.description).joined(separator: "-") : "report-\(records[0].id)"
        let path = CommandFiles.absolutePath(out ?? "\(stem).\(format.fileExtension)")
        var htmlPath: String?
        let text: String
        switch format {
        case .html:
            text = HTMLReport.render(document)
        case .json:
            text = try Self.json(document)
        case .md:
            let html = URL(fileURLWithPath: path).deletingPathExtension().appendingPathExtension("html").path
            try Self.write(HTMLReport.render(document), to: html)
            htmlPath = html
            text = MarkdownReport.render(document, htmlLink: URL(fileURLWithPath: html).lastPathComponent)
        }
        try Self.write(text, to: path)
        if !output.json {
            let what = compare ? "comparison of \(records.map(\.id.description).joined(separator: ", "))" : "report of run \(records[0].id)"
            print("wrote the \(what) (\(document.plots.count) plots, \(Self.size(text.utf8.count))) to \(path)")
            if let htmlPath { print("plots: \(htmlPath)") }
        }
    }

    /// Tuning runs' best-so-far curves on one plot, or cache runs' policies in one table; a mix is refused, since
    /// a cache study has no objective to put beside a tuning run's.
    static func comparison(_ records: [Run], in store: RunStore) throws -> ReportDocument {
        let cache = records.filter(ReportInputs.isCacheRun)
        if cache.count == records.count { return try ReportInputs.cacheComparison(records, in: store) }
        if !cache.isEmpty {
            let others = records.filter { !ReportInputs.isCacheRun($0) }
            let cacheIs: String = cache.count == 1 ? "is a cache study" : "are cache studies"
            let othersAre: String = others.count == 1 ? "is not" : "are not"
            let cacheIDs: String = cache.map(\.id.description).joined(separator: " ")
            var message = "--compare puts runs of one sort side by side, but \(list(cache)) \(cacheIs) (policies scored on a trace)"
            message += " and \(list(others)) \(othersAre) (no cache policies to compare); compare the cache runs alone"
            message += " (`vernier report --compare \(cacheIDs)`) or report each run on its own"
            throw ValidationError(message)
        }
        return try RunComparison.document(records.map { try ReportInputs.comparisonEntry($0, in: store) })
    }

    /// `r3 (cache-simulate)`, `r3 (cache-simulate) and r4 (tune)`.
    static func list(_ runs: [Run]) -> String {
        let items = runs.map { "\($0.id) (\($0.kind))" }
        return items.count <= 1 ? items.joined() : items.dropLast().joined(separator: ", ") + " and " + (items.last ?? "")
    }

    func resolve(_ text: String, in store: RunStore) throws -> Run {
        if text == "latest" {
            guard let newest = try store.runs(limit: 1).last?.run else {
                throw ValidationError("the run store holds no runs yet; `latest` names none")
            }
            return newest
        }
        return try store.run(named: text)
    }

    static func json(_ document: ReportDocument) throws -> String {
        let data = try JSONOutput.encoder().encode(ReportData(document))
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    static func write(_ text: String, to path: String) throws {
        do {
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            throw ValidationError("cannot write the report to '\(path)': \(error.localizedDescription); check that its folder exists")
        }
    }

    static func size(_ bytes: Int) -> String {
        bytes < 10_000 ? "\(bytes) bytes" : "\(Int((Double(bytes) / 1000).rounded())) kB"
    }
}
