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
