/// One argument of a function call: an expression, or a range of names that expands to several arguments.
public enum ExpressionArgument: Sendable, Hashable {
    case expression(ExpressionNode)
    case range(NameRangeSyntax)
}

/// `first..last` as written, e.g. `bpm_1..bpm_10`.
public struct NameRangeSyntax: Sendable, Hashable {
    public var first: String
    public var last: String
    /// Column of `first`, from 1.
    public var column: Int
    /// Columns spanned from `first` to the end of `last`.
    public var length: Int

    public init(first: String, last: String, column: Int, length: Int) {
        self.first = first
        self.last = last
        self.column = column
        self.length = length
    }
}
