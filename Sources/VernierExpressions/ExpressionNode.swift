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
