import Foundation

/// A binary operator, by precedence from low to high: `+ -`, then `* /`, then `^` (right-associative).
public enum BinaryOperator: String, Sendable, Hashable, CaseIterable {
    case add = "+"
    case subtract = "-"
    case multiply = "*"
    case divide = "/"
    case power = "^"
}

extension BinaryOperator {
    /// `a op b` in IEEE 754 double precision; `a ^ 2` is exactly `a * a`.
    @inline(__always)
    func apply(_ a: Double, _ b: Double) -> Double {
        switch self {
        case .add: a + b
        case .subtract: a - b
        case .multiply: a * b
        case .divide: a / b
        case .power: b == 2 ? a * a : Foundation.pow(a, b)
        }
    }
}
