/// A parsed expression: a typed syntax tree whose every node knows the columns it came from.
///
/// The tree's types carry the grammar's rules: a range (``ExpressionArgument/range(_:)``) can only be a
/// function argument, and a comparison (``Comparison``) only the root of a constraint, so a tree that type-checks
/// is well-formed. Names are still text here; ``CompiledExpression`` resolves them against the names that exist.
public struct ExpressionNode: Sendable, Hashable {
    /// What the node computes.
    public indirect enum Kind: Sendable, Hashable {
        /// A literal number.
        case number(Double)
        /// A reading or parameter, by name.
        case name(String)
        /// Unary minus.
        case negation(ExpressionNode)
        /// `left op right`.
        case binary(BinaryOperator, ExpressionNode, ExpressionNode)
        /// `function(arguments…)`, function still by name.
        case call(function: String, arguments: [ExpressionArgument])
    }

    /// What the node computes.
    public var kind: Kind
    /// First column of the node's text, from 1.
    public var column: Int
    /// Number of columns the node's text spans (for quoting a part of the expression in a message).
    public var length: Int

    public init(_ kind: Kind, column: Int, length: Int) {
        self.kind = kind
        self.column = column
        self.length = length
    }
}

/// A binary operator, by precedence from low to high: `+ -`, then `* /`, then `^` (right-associative).
public enum BinaryOperator: String, Sendable, Hashable, CaseIterable {
    case add = "+"
    case subtract = "-"
    case multiply = "*"
    case divide = "/"
    case power = "^"
}

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

/// `left <= right` or `left >= right`: the root of a constraint or a termination condition.
public struct Comparison: Sendable, Hashable {
    public var left: ExpressionNode
    public var relation: Relation
    public var right: ExpressionNode
    /// Column of the operator, from 1.
    public var column: Int

    public init(left: ExpressionNode, relation: Relation, right: ExpressionNode, column: Int) {
        self.left = left
        self.relation = relation
        self.right = right
        self.column = column
    }
}

/// The two inclusive comparisons.
public enum Relation: String, Sendable, Hashable, CaseIterable {
    /// `<=`: the value must not exceed the limit.
    case atMost = "<="
    /// `>=`: the value must reach the limit.
    case atLeast = ">="

    /// The relation with its sides swapped: `a <= b` is `b >= a`.
    public var flipped: Relation { self == .atMost ? .atLeast : .atMost }
}
