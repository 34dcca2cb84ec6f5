/// An expression with names resolved and constant parts folded.
indirect enum Resolved: Sendable, Hashable {
    case constant(Double)
    case load(Int)
    case negate(Resolved)
    case binary(BinaryOperator, Resolved, Resolved)
    case unary(ExpressionFunction, Resolved)
    case aggregate(ExpressionFunction, [Resolved])

    var constant: Double? {
        if case .constant(let value) = self { return value }
        return nil
    }

    /// Every index the expression loads.
    var indices: [Int] {
        switch self {
        case .constant: []
        case .load(let index): [index]
        case .negate(let operand), .unary(_, let operand): operand.indices
        case .binary(_, let left, let right): left.indices + right.indices
        case .aggregate(_, let arguments): arguments.flatMap(\.indices)
        }
    }
}
