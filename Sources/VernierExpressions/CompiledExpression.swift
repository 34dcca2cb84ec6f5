import Foundation

/// An expression checked against the names that exist and compiled to flat postfix code, evaluated over a
/// values vector without allocating.
///
/// Compiling resolves every name to its index in the ``NameTable``, expands ranges, checks every function and
/// its number of arguments, and folds each part without names to a constant (refusing it when it is infinite
/// or NaN). Evaluation runs the code on a small stack in temporary (stack) storage: no heap allocation, no
/// dictionary lookups — it sits in the measurement loop.
///
/// Semantics are IEEE 754 double precision throughout: `x^2` is `x * x` exactly, `^` otherwise is `pow`,
/// division by zero gives ±∞ (or NaN for 0/0) at run time, and NaN propagates through every function.
public struct CompiledExpression: Sendable, Hashable {
    /// The expression as written.
    public let text: String
    /// The instructions, in postfix order.
    let code: [Instruction]
    /// Deepest the evaluation stack gets.
    let stackDepth: Int
    /// The number of names in the table compiled against: the values vector must be at least this long.
    public let valueCount: Int
    /// The values-vector indices the expression reads, ascending and without repeats.
    public let indicesUsed: [Int]

    /// Parses and compiles `text` against `names`.
    ///
    /// - Throws: ``ExpressionError`` for a malformed expression, an unknown name or function, a wrong number of
    ///   arguments, a bad range or a non-finite constant part; a comparison is refused (see ``CompiledComparison``).
    public init(_ text: String, names: NameTable) throws(ExpressionError) {
        let node = try ExpressionParser.expression(text)
        let resolved = try Resolver(text: text, names: names).resolve(node)
        self.init(text: text, resolved: resolved, valueCount: names.names.count)
    }

    init(text: String, resolved: Resolved, valueCount: Int) {
        var emitter = Emitter()
        emitter.emit(resolved)
        self.text = text
        code = emitter.code
        stackDepth = max(1, emitter.maxDepth)
        self.valueCount = valueCount
        indicesUsed = Array(Set(resolved.indices)).sorted()
    }

    /// The value when the expression uses no names (it was folded to one constant), else nil.
    public var constantValue: Double? {
        if code.count == 1, case .constant(let value) = code[0] { return value }
        return nil
    }

    /// The expression's value for `values` (the names' values in table order).
    ///
    /// - Precondition: `values.count >= valueCount`.
    /// - Complexity: O(number of instructions + names read); allocates nothing.
    public func evaluate(_ values: UnsafeBufferPointer<Double>) -> Double {
        precondition(values.count >= valueCount, "\(values.count) values for an expression over \(valueCount) names")
        return run(values)
    }

    /// The expression's value for `values` (the names' values in table order).
    public func evaluate(_ values: [Double]) -> Double {
        values.withUnsafeBufferPointer { evaluate($0) }
    }

    private func run(_ values: UnsafeBufferPointer<Double>) -> Double {
        withUnsafeTemporaryAllocation(of: Double.self, capacity: stackDepth) { stack in
            var top = -1
            for instruction in code {
                switch instruction {
                case .constant(let value):
                    top += 1
                    stack[top] = value
                case .load(let index):
                    top += 1
                    stack[top] = values[index]
                case .negate:
                    stack[top] = -stack[top]
                case .square:
                    stack[top] = stack[top] * stack[top]
                case .binary(let op):
                    stack[top - 1] = op.apply(stack[top - 1], stack[top])
                    top -= 1
                case .unary(let function):
                    stack[top] = function.apply(stack[top])
                case .aggregate(let function, let count):
                    let first = top - count + 1
                    stack[first] = function.reduce(stack[first...top])
                    top = first
                case .aggregateLoads(let function, let start, let count):
                    top += 1
                    stack[top] = function.reduce(values[start..<(start + count)])
                }
            }
            return stack[0]
        }
    }
}
