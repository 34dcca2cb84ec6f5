/// One postfix instruction.
enum Instruction: Sendable, Hashable {
    /// Push a constant.
    case constant(Double)
    /// Push `values[index]`.
    case load(Int)
    /// Negate the top.
    case negate
    /// Replace the top x by x · x (for `^2`).
    case square
    /// Pop b and a, push `a op b`.
    case binary(BinaryOperator)
    /// Replace the top by a function of it.
    case unary(ExpressionFunction)
    /// Pop `count` values, push their aggregate.
    case aggregate(ExpressionFunction, count: Int)
    /// Push the aggregate of `values[start ..< start + count]` (a range of consecutive names, read in place).
    case aggregateLoads(ExpressionFunction, start: Int, count: Int)
}
