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

extension BinaryOperator {
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

// MARK: - Resolution

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

/// Turns a syntax tree into a ``Resolved`` expression, with the errors that need the names.
struct Resolver {
    let text: String
    let names: NameTable

    func resolve(_ node: ExpressionNode) throws(ExpressionError) -> Resolved {
        let resolved: Resolved
        switch node.kind {
        case .number(let value):
            guard value.isFinite else {
                throw error(.nonFiniteConstant, at: node.column,
                            "the number \(source(node)) is not finite (it overflows a double)")
            }
            return .constant(value)
        case .name(let name):
            guard let index = names.index(of: name) else { throw unknownName(name, at: node.column) }
            return .load(index)
        case .negation(let operand):
            resolved = .negate(try resolve(operand))
        case .binary(let op, let left, let right):
            resolved = .binary(op, try resolve(left), try resolve(right))
        case .call(let functionName, let arguments):
            resolved = try call(functionName, arguments, node: node)
        }
        return try fold(resolved, node: node)
    }

    private func call(_ functionName: String, _ arguments: [ExpressionArgument], node: ExpressionNode) throws(ExpressionError) -> Resolved {
        guard let function = ExpressionFunction(rawValue: functionName) else {
            var hint = ""
            if names.index(of: functionName) != nil {
                hint = " ('\(functionName)' is a reading or parameter, not a function)"
            } else {
                let near = NearNames.closest(to: functionName, among: ExpressionFunction.allCases.map(\.rawValue))
                if !near.isEmpty { hint = " (did you mean \(near.map { "'\($0)'" }.joined(separator: " or "))?)" }
            }
            throw error(.unknownFunction, at: node.column,
                        "unknown function '\(functionName)'\(hint); the functions are \(ExpressionFunction.listing)")
        }
        var operands: [Resolved] = []
        var fromRange: NameRangeSyntax?
        for argument in arguments {
            switch argument {
            case .expression(let expression):
                operands.append(try resolve(expression))
            case .range(let range):
                operands += try names.expand(range, in: text).map(Resolved.load)
                fromRange = fromRange ?? range
            }
        }
        if function.isAggregate {
            guard !operands.isEmpty else {
                throw error(.wrongArity, at: node.column,
                            "\(function.rawValue)() needs at least one argument, e.g. \(function.rawValue)(bpm_1..bpm_10)")
            }
            return .aggregate(function, operands)
        }
        guard operands.count == 1 else {
            let rangeNote = fromRange.map { " (the range \($0.first)..\($0.last) gives one argument per name)" } ?? ""
            throw error(.wrongArity, at: node.column,
                        "\(function.rawValue) takes exactly one argument, got \(operands.count)\(rangeNote); "
                            + "aggregate with rms, mean, max, min or sum first")
        }
        return .unary(function, operands[0])
    }

    /// Evaluates a part without names now; refuses it if the result is not finite.
    private func fold(_ resolved: Resolved, node: ExpressionNode) throws(ExpressionError) -> Resolved {
        let value: Double
        switch resolved {
        case .negate(let operand):
            guard let a = operand.constant else { return resolved }
            value = -a
        case .binary(let op, let left, let right):
            guard let a = left.constant, let b = right.constant else { return resolved }
            value = op.apply(a, b)
        case .unary(let function, let operand):
            guard let a = operand.constant else { return resolved }
            value = function.apply(a)
        case .aggregate(let function, let operands):
            let constants = operands.compactMap(\.constant)
            guard constants.count == operands.count else { return resolved }
            value = function.reduce(constants)
        case .constant, .load:
            return resolved
        }
        guard value.isFinite else {
            throw error(.nonFiniteConstant, at: node.column,
                        "'\(source(node))' uses no names and evaluates to \(value.isNaN ? "NaN" : "\(value)"); "
                            + "a constant part must be finite")
        }
        return .constant(value)
    }

    func unknownName(_ name: String, at column: Int) -> ExpressionError {
        if ExpressionFunction(rawValue: name) != nil {
            return error(.unknownName, at: column,
                         "'\(name)' is a function: call it with arguments, e.g. \(name)(…); the names that exist are \(names.summary)")
        }
        let near = NearNames.closest(to: name, among: names.names)
        let hint = near.isEmpty ? "" : " (did you mean \(near.map { "'\($0)'" }.joined(separator: " or "))?)"
        return error(.unknownName, at: column, "unknown name '\(name)'\(hint); the names that exist are \(names.summary)")
    }

    func error(_ kind: ExpressionError.Kind, at column: Int, _ message: String) -> ExpressionError {
        ExpressionError(kind: kind, expression: text, column: column, message: message)
    }

    func source(_ node: ExpressionNode) -> String {
        let scalars = Array(text.unicodeScalars)
        let start = max(0, node.column - 1), end = min(scalars.count, start + node.length)
        return String(String.UnicodeScalarView(scalars[start..<end]))
    }
}

// MARK: - Emission

/// Writes a ``Resolved`` expression as postfix code, tracking the stack depth.
struct Emitter {
    var code: [Instruction] = []
    var depth = 0
    var maxDepth = 0

    mutating func push() {
        depth += 1
        maxDepth = max(maxDepth, depth)
    }

    mutating func emit(_ resolved: Resolved) {
        switch resolved {
        case .constant(let value):
            code.append(.constant(value))
            push()
        case .load(let index):
            code.append(.load(index))
            push()
        case .negate(let operand):
            emit(operand)
            code.append(.negate)
        case .binary(.power, let base, .constant(2)):
            emit(base)
            code.append(.square)
        case .binary(let op, let left, let right):
            emit(left)
            emit(right)
            code.append(.binary(op))
            depth -= 1
        case .unary(let function, let operand):
            emit(operand)
            code.append(.unary(function))
        case .aggregate(let function, let operands):
            // Consecutive names (a range over neighbouring registers) are aggregated in place.
            let loads = operands.compactMap { operand -> Int? in
                if case .load(let index) = operand { return index }
                return nil
            }
            if loads.count == operands.count, let first = loads.first,
               loads.enumerated().allSatisfy({ $0.element == first + $0.offset }) {
                code.append(.aggregateLoads(function, start: first, count: loads.count))
                push()
                return
            }
            for operand in operands { emit(operand) }
            code.append(.aggregate(function, count: operands.count))
            depth -= operands.count - 1
        }
    }
}
