/// The report of a cache study: the recommendation, the policy table (the best realisable policy of each metric
/// marked), one bar chart per metric, and the daily hit-ratio, byte-hit-ratio and occupancy curves of every
/// policy (one line each).
public enum CacheStudyReport {
    public static func document(_ study: CacheStudySummary) -> ReportDocument {
        var blocks: [ReportBlock] = []
        if let recommended = study.recommended {
            blocks.append(.note("Recommendation: \(recommended)" + (study.recommendation.map { " — " + $0 } ?? ".")))
        }
        blocks += study.notes.map(ReportBlock.note)
        guard !study.policies.isEmpty else {
            return ReportDocument(title: study.title, facts: study.facts,
                                  sections: [ReportSection(heading: "Policies", blocks: blocks)])
        }
        blocks.append(.table(table(study)))
        // Past five policies a 320-pixel panel shortens their names; a full-width one (≥ 100 pixels a bar
        // group for nine) keeps names such as `lru+second-hit` whole.
        let wide = study.policies.count > 5
        blocks.append(.panels(study.metrics.enumerated().map { index, metric in
            Plot(title: metric.name + (metric.higherIsBetter ? " (higher is better)" : " (lower is better)"),
                 x: Axis("", categories: study.policies), y: Axis(metric.name),
                 layers: [.bars(BarLayer(name: nil, values: metric.values, colour: Palette.colour(index)))],
                 width: wide ? 960 : 320, height: wide ? 200 : 220)
        }))
        var sections = [ReportSection(heading: "Policies", blocks: blocks)]
        var daily: [ReportBlock] = []
        // A series the run did not record is left out (occupancy and byte hit ratio may be missing).
        if study.daily.contains(where: { !$0.hitRatio.isEmpty }) {
            daily.append(.figure(curves(study, "Daily hit ratio", "hit ratio", \.hitRatio)))
        }
        if study.daily.contains(where: { !$0.byteHitRatio.isEmpty }) {
            daily.append(.figure(curves(study, "Daily byte hit ratio", "byte hit ratio", \.byteHitRatio)))
        }
        if study.daily.contains(where: { !$0.occupancy.isEmpty }) {
            daily.append(.figure(curves(study, "Cache occupancy", "occupancy at the day's end (fraction of capacity)", \.occupancy)))
        }
        if !daily.isEmpty { sections.append(ReportSection(heading: "Day by day", blocks: daily)) }
        return ReportDocument(title: study.title, facts: study.facts, sections: sections)
    }

    /// One row per policy; the best value of each metric among the realisable policies is marked `(best)`, the
    /// recommended policy `(recommended)`, reference policies `(offline bound)`.
    static func table(_ study: CacheStudySummary) -> ReportTable {
        let header = ["policy"] + study.metrics.map(\.name)
        let bests = study.metrics.map { metric -> Int? in
            let indexed = metric.values.enumerated().filter {
                $0.element.isFinite && $0.offset < study.policies.count
                    && !study.referencePolicies.contains(study.policies[$0.offset])
            }
            let best = metric.higherIsBetter ? indexed.max { $0.element < $1.element } : indexed.min { $0.element < $1.element }
            return best?.offset
        }
        let rows = study.policies.enumerated().map { policy, name -> [String] in
            let label = name + (name == study.recommended ? " (recommended)" : "")
                + (study.referencePolicies.contains(name) ? " (offline bound)" : "")
            return [label] + study.metrics.enumerated().map { m, metric in
                let value = policy < metric.values.count ? ReportNumber.format(metric.values[policy], digits: 4) : "—"
                return bests[m] == policy ? value + " (best)" : value
            }
        }
        return ReportTable(title: "Policies", header: header, rows: rows, numericColumns: Set(1..<header.count))
    }

    /// One line per policy (dashed once the palette's colours are used up).
    static func curves(_ study: CacheStudySummary, _ title: String, _ label: String,
                       _ values: (CacheStudySummary.Daily) -> [Double]) -> Plot {
        Plot(title: title, x: Axis("day"), y: Axis(label, domain: 0...1),
             layers: study.daily.enumerated().compactMap { index, daily in
                 let y = values(daily)
                 guard !y.isEmpty else { return nil }
                 return .line(LineLayer(name: daily.policy, x: daily.x(count: y.count), y: y, colour: Palette.colour(index),
                                        dashed: index >= Palette.categorical.count, width: 1.8))
             })
    }
}
