/// The data behind every plot and table of a report, for `--json`: every point, not the decimated ones drawn.
/// Encode with snake_case keys; absent values are omitted.
public struct ReportData: Sendable, Encodable {
    public struct Series: Sendable, Encodable {
        /// `line`, `step`, `scatter`, `bars`, `histogram`, `rule` or `heatmap`.
        public var kind: String
        public var name: String?
        public var x: [Double]?
        public var y: [Double]?
        /// Category names (bars).
        public var categories: [String]?
        /// Bin edges (histogram).
        public var edges: [Double]?
        /// Bin counts (histogram).
        public var counts: [Int]?
        /// Grid values, one row per y (heatmap).
        public var z: [[Double]]?
        /// The rule's value, or the heatmap's contour levels.
        public var value: Double?
        public var levels: [Double]?
    }

    public struct PlotData: Sendable, Encodable {
        public var title: String
        public var xLabel: String
        public var yLabel: String
        public var xScale: String
        public var yScale: String
        public var series: [Series]
    }

    public var title: String
    public var facts: [ReportFact]
    public var plots: [PlotData]
    public var tables: [ReportTable]

    public init(_ document: ReportDocument) {
        title = document.title
        facts = document.facts
        plots = document.plots.map(Self.data)
        tables = document.sections.flatMap { section in
            section.blocks.compactMap { block in
                if case .table(let table) = block { return table } else { return nil }
            }
        }
    }

    static func data(_ plot: Plot) -> PlotData {
        let series = plot.layers.map { layer -> Series in
            switch layer {
            case .line(let line):
                return Series(kind: line.interpolation == .step ? "step" : "line", name: line.name, x: line.x, y: line.y)
            case .scatter(let scatter):
                return Series(kind: "scatter", name: scatter.name, x: scatter.x, y: scatter.y)
            case .bars(let bars):
                return Series(kind: "bars", name: bars.name, y: bars.values, categories: plot.x.categories)
            case .histogram(let histogram):
                return Series(kind: "histogram", name: histogram.name, edges: histogram.histogram.edges,
                              counts: histogram.histogram.counts)
            case .rule(let rule):
                return Series(kind: rule.orientation == .horizontal ? "hline" : "vline", name: rule.name, value: rule.value)
            case .heatmap(let heatmap):
                return Series(kind: "heatmap", name: heatmap.valueLabel, x: heatmap.grid.xs, y: heatmap.grid.ys,
                              z: heatmap.grid.values, levels: heatmap.contours.isEmpty ? nil : heatmap.contours.map(\.level))
            }
        }
        return PlotData(title: plot.title, xLabel: plot.x.label, yLabel: plot.y.label, xScale: plot.x.scale.rawValue,
                        yScale: plot.y.scale.rawValue, series: series)
    }
}

extension ReportTable {
    enum CodingKeys: String, CodingKey { case title, header, rows }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(title, forKey: .title)
        try container.encode(header, forKey: .header)
        try container.encode(rows, forKey: .rows)
    }
}
