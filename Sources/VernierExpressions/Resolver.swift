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
