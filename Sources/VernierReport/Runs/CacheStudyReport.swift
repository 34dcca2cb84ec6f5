/// The report of a cache study: the policy table (best of each metric marked), one bar chart per metric, and the
/// daily hit-ratio and occupancy curves of every policy.
public enum CacheStudyReport {
    public static func document(_ study: CacheStudySummary) -> ReportDocument {
        let header = ["policy"] + study.metrics.map(\.name)
        let bests = study.metrics.map { metric -> Int? in
            let indexed = metric.values.enumerated().filter { $0.element.isFinite }
            let best = metric.higherIsBetter ? indexed.max { $0.element < $1.element } : indexed.min { $0.element < $1.element }
            return best?.offset
        }
        let rows = study.policies.enumerated().map { policy, name -> [String] in
            [name] + study.metrics.enumerated().map { m, metric in
                let value = policy < metric.values.count ? ReportNumber.format(metric.values[policy], digits: 4) : "—"
                return bests[m] == policy ? value + " (best)" : value
            }
        }
        let table = ReportTable(title: "Policies", header: header, rows: rows, numericColumns: Set(1..<header.count))
        let bars = study.metrics.enumerated().map { index, metric in
            Plot(title: metric.name + (metric.higherIsBetter ? " (higher is better)" : " (lower is better)"),
                 x: Axis("", categories: study.policies), y: Axis(metric.name),
                 layers: [.bars(BarLayer(name: nil, values: metric.values, colour: Palette.colour(index)))],
                 width: 320, height: 220)
        }
        func curves(_ title: String, _ label: String, _ values: (CacheStudySummary.Daily) -> [Double]) -> Plot {
            Plot(title: title, x: Axis("day"), y: Axis(label, domain: 0...1),
                 layers: study.daily.enumerated().map { index, daily in
                     let y = values(daily)
                     return .line(LineLayer(name: daily.policy, x: (0..<y.count).map { Double($0 + 1) }, y: y,
                                            colour: Palette.colour(index), width: 1.8))
                 })
        }
        var sections = [ReportSection(heading: "Policies", blocks: [.table(table), .panels(bars)])]
        var daily: [ReportBlock] = []
        if study.daily.contains(where: { !$0.hitRatio.isEmpty }) {
            daily.append(.figure(curves("Daily hit ratio", "hit ratio", \.hitRatio)))
        }
        // A simulator that does not track occupancy leaves it empty; the plot is then left out.
        if study.daily.contains(where: { !$0.occupancy.isEmpty }) {
            daily.append(.figure(curves("Cache occupancy", "occupancy (fraction of capacity)", \.occupancy)))
        }
        if !daily.isEmpty { sections.append(ReportSection(heading: "Day by day", blocks: daily)) }
        return ReportDocument(title: study.title, facts: study.facts, sections: sections)
    }
}
