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
