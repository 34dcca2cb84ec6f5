/// One self-contained HTML page: inline SVG and CSS, no scripts, no fonts, images or styles fetched from
/// anywhere, so it opens offline and prints (figures are kept whole across pages).
public enum HTMLReport {
    static let style = """
        :root { color-scheme: light; }
        body { font-family: system-ui, -apple-system, 'Segoe UI', sans-serif; margin: 24px auto; max-width: 1000px;
               padding: 0 16px; color: #1a1a1a; background: #ffffff; line-height: 1.4; }
        h1 { font-size: 1.5em; margin: 0 0 0.4em; }
        h2 { font-size: 1.15em; margin: 1.6em 0 0.5em; border-bottom: 1px solid #dddddd; padding-bottom: 0.2em; }
        dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 0; }
        dl.facts dt { color: #555555; }
        dl.facts dd { margin: 0; font-variant-numeric: tabular-nums; overflow-wrap: anywhere; }
        figure { margin: 0.6em 0; break-inside: avoid; page-break-inside: avoid; }
        svg.plot { max-width: 100%; height: auto; display: block; }
        .panels { display: flex; flex-wrap: wrap; gap: 8px; }
        .panels figure { margin: 0; }
        table { border-collapse: collapse; margin: 0.4em 0 1em; font-variant-numeric: tabular-nums; break-inside: avoid; }
        caption { text-align: left; font-weight: 600; padding-bottom: 4px; }
        th, td { border-bottom: 1px solid #e3e3e3; padding: 3px 10px; text-align: left; }
        td.number { text-align: right; }
        th { background: #f4f4f4; }
        p.note { color: #444444; }
        footer { margin-top: 2em; color: #777777; font-size: 0.85em; }
        @media print { body { margin: 0; max-width: none; } h2 { break-after: avoid; page-break-after: avoid; } }
        """

    /// The page for `document`; `renderer` draws the plots.
    public static func render(_ document: ReportDocument, renderer: PlotRenderer = PlotRenderer(),
                              footer: String = "Written by vernier report.") -> String {
        var out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        out += "<title>\(SVGText.escape(document.title))</title>\n<style>\n\(style)\n</style>\n</head>\n<body>\n"
        out += "<h1>\(SVGText.escape(document.title))</h1>\n"
        if !document.facts.isEmpty {
            out += "<dl class=\"facts\">\n"
            for fact in document.facts {
                out += "<dt>\(SVGText.escape(fact.label))</dt><dd>\(SVGText.escape(fact.value))</dd>\n"
            }
            out += "</dl>\n"
        }
        var plotNumber = 0
        func figure(_ plot: Plot) -> String {
            plotNumber += 1
            return "<figure>\(renderer.svg(plot, id: "p\(plotNumber)"))</figure>\n"
        }
        for section in document.sections {
            out += "<section>\n<h2>\(SVGText.escape(section.heading))</h2>\n"
            for block in section.blocks {
                switch block {
                case .figure(let plot):
                    out += figure(plot)
                case .panels(let plots):
                    out += "<div class=\"panels\">\n"
                    for plot in plots { out += figure(plot) }
                    out += "</div>\n"
                case .table(let table):
                    out += html(table)
                case .note(let text):
                    out += "<p class=\"note\">\(SVGText.escape(text))</p>\n"
                }
            }
            out += "</section>\n"
        }
        out += "<footer>\(SVGText.escape(footer))</footer>\n</body>\n</html>\n"
        return out
    }

    static func html(_ table: ReportTable) -> String {
        var out = "<table>\n<caption>\(SVGText.escape(table.title))</caption>\n<thead><tr>"
        for cell in table.header { out += "<th>\(SVGText.escape(cell))</th>" }
        out += "</tr></thead>\n<tbody>\n"
        for row in table.rows {
            out += "<tr>"
            for (index, cell) in row.enumerated() {
                out += table.numericColumns.contains(index)
                    ? "<td class=\"number\">\(SVGText.escape(cell))</td>" : "<td>\(SVGText.escape(cell))</td>"
            }
            out += "</tr>\n"
        }
        return out + "</tbody>\n</table>\n"
    }
}
