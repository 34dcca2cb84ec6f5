/// A small indentation-aware text builder for generated code: lines, nested blocks, nothing else. Emitters
/// build text by structure, never by scanning templates for markers.
public struct CodeWriter: Sendable {
    /// The text so far.
    public private(set) var text = ""
    private var depth = 0
    /// One indentation step.
    public let indentUnit: String

    public init(indentUnit: String = "    ") {
        self.indentUnit = indentUnit
    }

    /// Appends one line at the current indentation (an empty line stays empty).
    public mutating func line(_ content: String = "") {
        if !content.isEmpty { text += String(repeating: indentUnit, count: depth) + content }
        text += "\n"
    }

    /// Appends `open`, the body one level deeper, then `close`.
    public mutating func block(_ open: String, _ close: String, _ body: (inout CodeWriter) -> Void) {
        line(open)
        depth += 1
        body(&self)
        depth -= 1
        line(close)
    }
}
