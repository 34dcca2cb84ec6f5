/// The rows a reader skipped: how many, and the first few with their line numbers.
public struct TraceDiagnostics: Sendable, Hashable {
    /// How many problems are kept word for word; the rest are only counted.
    public static let keptProblems = 5

    /// Rows skipped.
    public private(set) var badRowCount = 0
    /// The first ``keptProblems`` problems, each `line N: what was wrong` (CSV) or `record N at byte offset K:
    /// what was wrong` (binary).
    public private(set) var firstProblems: [String] = []

    public init() {}

    /// Records a bad row at 1-based `line`.
    public mutating func record(line: Int, _ problem: String) {
        badRowCount += 1
        if firstProblems.count < Self.keptProblems { firstProblems.append("line \(line): \(problem)") }
    }

    /// Records a bad record of a binary trace: its 1-based number and the byte offset where it starts.
    public mutating func record(record: Int, byteOffset: Int64, _ problem: String) {
        badRowCount += 1
        if firstProblems.count < Self.keptProblems {
            firstProblems.append("record \(record) at byte offset \(byteOffset): \(problem)")
        }
    }

    /// The problems as lines for a person: the first few, then `… and N more bad rows`.
    public var report: [String] {
        var lines = firstProblems
        if badRowCount > firstProblems.count {
            lines.append("… and \(badRowCount - firstProblems.count) more bad rows (\(badRowCount) in all, skipped)")
        }
        return lines
    }
}
