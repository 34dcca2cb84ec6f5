import Foundation
import VernierCache
import VernierReport
import VernierStore

/// Cache studies (`vernier cache simulate` and `cache advise`): the report's inputs from the run's recorded
/// study and configuration.
extension ReportInputs {
    /// Whether `run` is a cache study (recorded by `vernier cache`).
    static func isCacheRun(_ run: Run) -> Bool { run.kind.rawValue.hasPrefix("cache-") }

    /// A metric of the policy table: its title (with definition and unit), the stored key, its direction and the
    /// factor from the stored value to the shown one (hit ratios are stored as fractions, shown in percent).
    struct CacheMetricColumn {
        var title: String
        var key: String
        var higherIsBetter: Bool
        var factor: Double = 1
    }

    /// The columns in the order of the issue's table (SCDL's), then the hit ratios.
    static let cacheMetricColumns = [
        CacheMetricColumn(title: "throughput H/W", key: "throughput_hit_per_write", higherIsBetter: true),
        CacheMetricColumn(title: "throughput (H−W)/C (%)", key: "throughput", higherIsBetter: true),
        CacheMetricColumn(title: "cost (W+D)/C (%)", key: "cost", higherIsBetter: false),
        CacheMetricColumn(title: "read-on-hit H/(H+M) (%)", key: "read_on_hit", higherIsBetter: true),
        CacheMetricColumn(title: "bandwidth M/B (%)", key: "bandwidth", higherIsBetter: false),
        CacheMetricColumn(title: "CPU efficiency (%)", key: "cpu_efficiency", higherIsBetter: true),
        CacheMetricColumn(title: "hit ratio (%)", key: "hit_ratio", higherIsBetter: true, factor: 100),
        CacheMetricColumn(title: "byte hit ratio (%)", key: "byte_hit_ratio", higherIsBetter: true, factor: 100),
    ]

    /// The policies that need the future (Belady): shown as the offline bound, never recommended or marked best.
    static func isOfflineBound(_ policy: String) -> Bool { policy.lowercased().hasPrefix("belady") }

    /// The report's inputs for a cache run; a run without a recorded study (recorded before stores kept one,
    /// or failed before scoring) gets its facts and a note saying so.
    static func cacheStudy(_ run: Run, study: CacheStudyRecord?) -> CacheStudySummary {
        let recipe = try? run.configuration(as: CacheRunRecipe.self)
        var runHeader = header(run)
        // An advisor's message is its recommendation, shown as a sentence of its own.
        if study?.recommendation != nil && run.status == .completed { runHeader.statusMessage = nil }
        var facts = runHeader.facts
        if let recipe {
            facts.append(ReportFact("trace", recipe.trace))
            facts.append(ReportFact("capacity", "\(ByteCount(bytes: recipe.capacityBytes)) (\(recipe.capacityBytes) bytes)"))
            facts.append(ReportFact("link", recipe.bandwidthBytesPerSecond.map { "\(Bandwidth(bytesPerSecond: $0))" }
                                    ?? "none (no bandwidth budget)"))
            if let high = recipe.highWatermark, let low = recipe.lowWatermark {
                facts.append(ReportFact("watermarks", "evict from \(ReportNumber.format(high)) down to \(ReportNumber.format(low))"))
            }
            facts.append(ReportFact("CPU efficiency Δ", ReportNumber.format(recipe.cpuDelta) + " points"))
        }
        let metrics = run.summary.metrics
        if let requests = metrics["requests"] { facts.append(ReportFact("requests in the trace", ReportNumber.format(requests))) }
        if let training = metrics["training_requests"], let recipe, let fraction = recipe.trainFraction {
            facts.append(ReportFact("trained on", "the first \(ReportNumber.format(training)) requests (\(ReportNumber.format(100 * fraction)) %)"))
        }
        if let seconds = metrics["training_seconds"] { facts.append(ReportFact("training time", ReportNumber.format(seconds, digits: 3) + " s")) }

        guard let study else {
            var notes = ["This run recorded no per-policy results: it ran before the run store kept cache studies (schema v4), or it failed before scoring. Run it again to get the table and the daily curves."]
            let figures = metrics.sorted { $0.key < $1.key }.map { "\($0.key.replacingOccurrences(of: "_", with: " ")) \(ReportNumber.format($0.value))" }
            if !figures.isEmpty { notes.append("Its summary figures: " + figures.joined(separator: ", ") + ".") }
            return CacheStudySummary(title: runHeader.title, facts: facts, policies: [], metrics: [], daily: [], notes: notes)
        }
        let names = study.policies.map(\.policy)
        let columns = cacheMetricColumns.filter { column in study.policies.contains { $0.metrics[column.key] != nil } }
        let scored = study.policies.first?.metrics["requests"].map { ReportNumber.format($0) } ?? "the"
        var notes = [run.kind.rawValue == "cache-advise"
            ? "Every policy starts from an empty cache and is scored on the \(scored) requests after the training part."
            : "Every policy replays the whole trace (\(scored) requests) from an empty cache, in one pass."]
        notes.append("Throughput, cost and bandwidth are means of the daily values (normalised by the capacity C and the daily link budget B); read-on-hit, CPU efficiency and the hit ratios are over the whole span.")
        let bounds = names.filter(isOfflineBound)
        if !bounds.isEmpty {
            notes.append("\(bounds.joined(separator: ", ")) evicts the file requested furthest in the future: the offline optimum, an upper bound no real cache reaches, never marked best or recommended.")
        }
        return CacheStudySummary(
            title: runHeader.title, facts: facts, policies: names,
            metrics: columns.map { column in
                .init(name: column.title,
                      values: study.policies.map { ($0.metrics[column.key] ?? .nan) * column.factor },
                      higherIsBetter: column.higherIsBetter)
            },
            daily: study.policies.map { policy in
                func series(_ key: String) -> [Double] {
                    policy.days.contains { $0.statistics[key] != nil } ? policy.days.map { $0.statistics[key] ?? .nan } : []
                }
                return .init(policy: policy.policy, days: policy.days.map { Double($0.day) }, hitRatio: series("hit_ratio"),
                             byteHitRatio: series("byte_hit_ratio"), occupancy: series("occupancy"))
            },
            recommended: study.recommended, recommendation: study.recommendation,
            referencePolicies: Set(bounds), notes: notes)
    }

    /// Several cache runs side by side (`vernier report --compare` of cache runs): every policy of every run in
    /// one table and on one set of plots, labelled `RUN policy`.
    static func cacheComparison(_ runs: [Run], in store: RunStore) throws -> ReportDocument {
        var policies: [String] = [], daily: [CacheStudySummary.Daily] = [], references = Set<String>()
        var values: [String: [Double]] = [:]
        var facts = [ReportFact("runs", String(runs.count))]
        var notes = ["Policies of \(runs.count) cache runs side by side, each labelled with its run. Their figures compare only when the runs read the same trace (see each run's trace and capacity above)."]
        for run in runs {
            let study = try store.cacheStudy(of: run.id)
            let summary = cacheStudy(run, study: study)
            let recipe = try? run.configuration(as: CacheRunRecipe.self)
            facts.append(ReportFact(run.id.description, [run.kind.rawValue, recipe?.trace,
                                                         recipe.map { "capacity \(ByteCount(bytes: $0.capacityBytes))" }]
                .compactMap { $0 }.joined(separator: ", ")))
            guard study != nil else {
                notes.append("\(run.id) recorded no per-policy results (run before the store kept them, or failed): it is left out.")
                continue
            }
            if let recommended = summary.recommended {
                notes.append("\(run.id) recommends \(recommended): \(summary.recommendation ?? "")")
            }
            let offset = policies.count
            policies += summary.policies.map { "\(run.id) \($0)" }
            references.formUnion(summary.referencePolicies.map { "\(run.id) \($0)" })
            for metric in summary.metrics {
                var column = values[metric.name] ?? Array(repeating: .nan, count: offset)
                column += Array(repeating: .nan, count: offset - column.count) + metric.values
                values[metric.name] = column
            }
            daily += summary.daily.map { var day = $0; day.policy = "\(run.id) \($0.policy)"; return day }
        }
        let metrics = cacheMetricColumns.compactMap { column -> CacheStudySummary.Metric? in
            guard let known = values[column.title] else { return nil }
            return .init(name: column.title,
                         values: known + Array(repeating: .nan, count: policies.count - known.count),
                         higherIsBetter: column.higherIsBetter)
        }
        return CacheStudyReport.document(CacheStudySummary(
            title: "Comparison of cache runs \(runs.map(\.id.description).joined(separator: ", "))", facts: facts,
            policies: policies, metrics: metrics, daily: daily, referencePolicies: references, notes: notes))
    }
}
