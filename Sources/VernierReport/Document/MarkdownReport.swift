/// A Markdown summary for a logbook: the facts and the tables as text, each figure by its title, and a link to
/// the HTML report with the plots.
public enum MarkdownReport {
    public static func render(_ document: ReportDocument, htmlLink: String?) -> String {
        var out = "# \(document.title)\n\n"
        for fact in document.facts { out += "- **\(escape(fact.label))**: \(escape(fact.value))\n" }
        if let htmlLink { out += "\nPlots: [\(escape(htmlLink))](\(htmlLink))\n" }
        for section in document.sections {
            out += "\n## \(escape(section.heading))\n\n"
            for block in section.blocks {
                switch block {
                case .figure(let plot): out += "- figure: \(escape(plot.title))\n"
                case .panels(let plots): out += "- figures: \(plots.map { escape($0.title) }.joined(separator: "; "))\n"
                case .note(let text): out += "\n\(escape(text))\n\n"
                case .table(let table):
                    out += "\n**\(escape(table.title))**\n\n"
                    out += "| " + table.header.map(escape).joined(separator: " | ") + " |\n"
                    out += "|" + table.header.indices.map { table.numericColumns.contains($0) ? " ---: " : " --- " }.joined(separator: "|") + "|\n"
                    for row in table.rows { out += "| " + row.map(escape).joined(separator: " | ") + " |\n" }
                    out += "\n"
                }
            }
        }
        return out
    }

    /// `text` safe in a Markdown table cell or list item.
    static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            if "|*_`[]<>\\".contains(character) { out.append("\\") }
            out.append(character == "\n" ? " " : character)
        }
        return out
    }
}
