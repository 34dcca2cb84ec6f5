import ArgumentParser

/// What `vernier report` writes.
enum ReportFormat: String, ExpressibleByArgument, CaseIterable {
    /// One self-contained HTML page with inline SVG plots.
    case html
    /// A Markdown summary for a logbook, beside the HTML page it links to.
    case md
    /// The series behind every plot (every point), snake_case keys.
    case json

    var fileExtension: String { rawValue }
}
