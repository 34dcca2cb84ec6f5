/// A place in a register-map file: line and column, both counted from 1.
public struct SourceLocation: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Line number, from 1.
    public var line: Int
    /// Column number (Unicode scalars), from 1.
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    /// "line 12, column 5".
    public var description: String { "line \(line), column \(column)" }

    public static func < (lhs: Self, rhs: Self) -> Bool { (lhs.line, lhs.column) < (rhs.line, rhs.column) }
}
