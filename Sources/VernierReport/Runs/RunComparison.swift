/// Several tuning runs side by side: their best-so-far curves on one plot (what an optimiser comparison shows
/// first) and a table of what each found.
public enum RunComparison {
    /// One run to compare.
    public struct Entry: Sendable, Hashable {
        /// The legend text, e.g. `r12 bo`.
        public var label: String
        public var objectiveName: String
        public var objectives: [Double]
        public var feasible: [Bool]
        public var status: String
        public init(label: String, objectiveName: String, objectives: [Double], feasible: [Bool], status: String) {
            self.label = label
            self.objectiveName = objectiveName
            self.objectives = objectives
            self.feasible = feasible
            self.status = status
        }
    }

    public static func document(_ entries: [Entry]) -> ReportDocument {
        let curves = entries.map { BestSoFar.values(objectives: $0.objectives, feasible: $0.feasible) }
        let names = Set(entries.map(\.objectiveName))
        let objectiveName = names.count == 1 ? names.first ?? "objective" : "objective"
        let layers = entries.enumerated().map { index, entry in
            PlotLayer.line(LineLayer(name: entry.label, x: (0..<entry.objectives.count).map(Double.init), y: curves[index],
                                     colour: Palette.colour(index), interpolation: .step, dashed: index >= Palette.categorical.count, width: 2))
        }
        let plot = Plot(title: "Best-so-far objective", x: Axis("evaluation"),
                        y: Axis(objectiveName, scale: TuningReport.scale(for: curves.flatMap { $0 })), layers: layers)
        let rows = entries.enumerated().map { index, entry -> [String] in
            let best = curves[index].last { !$0.isNaN }
            let at = best.flatMap { value in curves[index].firstIndex(of: value) }
            return [entry.label, entry.status, String(entry.objectives.count), ReportNumber.format(best),
                    at.map(String.init) ?? "—"]
        }
        var blocks: [ReportBlock] = [.figure(plot),
                                     .table(ReportTable(title: "Runs", header: ["run", "status", "evaluations", "best", "reached at"],
                                                        rows: rows, numericColumns: [2, 3, 4]))]
        if names.count > 1 {
            blocks.insert(.note("The runs minimise different objectives (\(names.sorted().joined(separator: "; "))): their curves are not comparable."), at: 0)
        }
        return ReportDocument(title: "Comparison of \(entries.map(\.label).joined(separator: ", "))",
                              facts: [ReportFact("runs", String(entries.count))],
                              sections: [ReportSection(heading: "Best so far", blocks: blocks)])
    }
}
