/// A report as data: a title, the facts about the run, and sections of figures and tables. Renderers turn it
/// into HTML (``HTMLReport``), Markdown (``MarkdownReport``) or the JSON of every series (``ReportData``).
public struct ReportDocument: Sendable {
    /// The page title, e.g. `Run r12 — tune of awake/Steering-v1 with bo`.
    public var title: String
    /// The run's facts as label/value pairs, in order (status, seed, stop reason, best objective, …).
    public var facts: [ReportFact]
    public var sections: [ReportSection]

    public init(title: String, facts: [ReportFact], sections: [ReportSection]) {
        self.title = title
        self.facts = facts
        self.sections = sections
    }

    /// Every plot in the document, in reading order.
    public var plots: [Plot] {
        sections.flatMap { section in
            section.blocks.flatMap { block -> [Plot] in
                switch block {
                case .figure(let plot): return [plot]
                case .panels(let plots): return plots
                case .table, .note: return []
                }
            }
        }
    }
}

/// One label and its value, as text.
public struct ReportFact: Sendable, Hashable, Codable {
    public var label: String
    public var value: String

    public init(_ label: String, _ value: String) {
        self.label = label
        self.value = value
    }
}

/// A heading and what comes under it.
public struct ReportSection: Sendable {
    public var heading: String
    public var blocks: [ReportBlock]

    public init(heading: String, blocks: [ReportBlock]) {
        self.heading = heading
        self.blocks = blocks
    }
}

/// One piece of a section.
public enum ReportBlock: Sendable {
    /// A full-width plot.
    case figure(Plot)
    /// Small plots side by side (small multiples), e.g. one per parameter.
    case panels([Plot])
    case table(ReportTable)
    /// A sentence or two.
    case note(String)
}

/// A table of text cells with a header row.
public struct ReportTable: Sendable, Hashable, Encodable {
    /// The caption above the table.
    public var title: String
    public var header: [String]
    public var rows: [[String]]
    /// Columns whose cells are numbers (right-aligned).
    public var numericColumns: Set<Int>

    public init(title: String, header: [String], rows: [[String]], numericColumns: Set<Int> = []) {
        self.title = title
        self.header = header
        self.rows = rows
        self.numericColumns = numericColumns
    }
}
