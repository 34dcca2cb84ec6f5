/// The recursive-descent parser: text → ``ExpressionNode`` (or ``Comparison``).
///
/// Grammar (lowest precedence first; `^` binds tighter than unary minus and is right-associative, so
/// `-x^2 = -(x^2)` and `2^3^2 = 2^9`, as in mathematics and Python):
/// ```
/// comparison := sum ("<=" | ">=") sum
/// sum        := product (("+" | "-") product)*
/// product    := unary (("*" | "/") unary)*
/// unary      := ("-" | "+") unary | power
/// power      := primary ("^" unary)?
/// primary    := NUMBER | NAME | NAME "(" arguments ")" | "(" sum ")"
/// arguments  := argument ("," argument)*
/// argument   := NAME ".." NAME | sum
/// ```
public enum ExpressionParser {
    /// Parses a plain expression (an objective, a reward); a comparison is refused.
    public static func expression(_ text: String) throws(ExpressionError) -> ExpressionNode {
        var parser = try Parser(text: text)
        let node = try parser.sum()
        if parser.current.kind == .atMost || parser.current.kind == .atLeast {
            throw parser.error(.misplacedComparison, at: parser.current.column,
                               "a comparison ('\(parser.current.text)') is only allowed in constraints and terminate_when; "
                                   + "this must be a plain expression")
        }
        if parser.current.kind != .end { throw parser.trailing(after: node) }
        return node
    }

    /// Parses a constraint or condition `left <= right` / `left >= right`.
    public static func comparison(_ text: String) throws(ExpressionError) -> Comparison {
        var parser = try Parser(text: text)
        let left = try parser.sum()
        let relation: Relation
        switch parser.current.kind {
        case .atMost: relation = .atMost
        case .atLeast: relation = .atLeast
        case .end:
            throw parser.error(.missingComparison, at: parser.current.column,
                               "a constraint needs '<=' or '>=' and a limit, e.g. beam_loss <= 0.2")
        default:
            throw parser.trailing(after: left)
        }
        let column = parser.current.column
        parser.advance()
        let right = try parser.sum()
        if parser.current.kind == .atMost || parser.current.kind == .atLeast {
            throw parser.error(.misplacedComparison, at: parser.current.column,
                               "only one comparison is allowed; write each limit as its own constraint")
        }
        if parser.current.kind != .end { throw parser.trailing(after: right) }
        return Comparison(left: left, relation: relation, right: right, column: column)
    }

    /// Parses a list of names: one name, or a range `first..last` (for observation and action entries).
    public static func nameOrRange(_ text: String) throws(ExpressionError) -> ExpressionArgument {
        var parser = try Parser(text: text)
        guard case .name(let first) = parser.current.kind else {
            throw parser.error(.unexpectedToken, at: parser.current.column,
                               "expected a name or a range such as bpm_1..bpm_10, found \(parser.current.quoted)")
        }
        let firstToken = parser.current
        parser.advance()
        var argument = ExpressionArgument.expression(ExpressionNode(.name(first), column: firstToken.column,
                                                                     length: firstToken.text.unicodeScalars.count))
        if parser.current.kind == .range {
            argument = .range(try parser.rangeRest(first: firstToken))
        }
        guard parser.current.kind == .end else {
            throw parser.error(.trailingInput, at: parser.current.column,
                               "unexpected \(parser.current.quoted) after the name; give one name or a range such as bpm_1..bpm_10")
        }
        return argument
    }
}

/// The parser's state: the tokens and the position in them.
private struct Parser {
    let text: String
    let tokens: [Token]
    var position = 0
    /// Operands being parsed inside one another (parentheses, signs, exponents, arguments): bounded so that a
    /// pathological text is an error, not a stack overflow.
    var depth = 0
    /// The deepest nesting accepted (far beyond any hand-written expression).
    static let maximumDepth = 200

    init(text: String) throws(ExpressionError) {
        self.text = text
        tokens = try Tokenizer.tokens(of: text)
        if tokens.count == 1 {
            throw ExpressionError(kind: .emptyExpression, expression: text, column: 1,
                                  message: "the expression is empty; write e.g. rms(bpm_1..bpm_10)")
        }
    }

    var current: Token { tokens[position] }

    mutating func advance() {
        if position < tokens.count - 1 { position += 1 }
    }

    func error(_ kind: ExpressionError.Kind, at column: Int, _ message: String) -> ExpressionError {
        ExpressionError(kind: kind, expression: text, column: column, message: message)
    }

    /// Columns from the start of `node` to the end of the token before the current one.
    func span(from column: Int) -> Int {
        let previous = tokens[max(0, position - 1)]
        return previous.column + previous.text.unicodeScalars.count - column
    }

    /// The error for the text after a complete expression `node`.
    func trailing(after node: ExpressionNode) -> ExpressionError {
        let token = current
        switch token.kind {
        case .closeParenthesis:
            return error(.trailingInput, at: token.column, "unexpected ')': there is no '(' for it to close")
        case .number, .name, .openParenthesis:
            return error(.trailingInput, at: token.column,
                         "unexpected \(token.quoted) after '\(source(of: node))': an operator is missing (e.g. '*')")
        default:
            return error(.trailingInput, at: token.column, "unexpected \(token.quoted) after '\(source(of: node))'")
        }
    }

    func source(of node: ExpressionNode) -> String {
        let scalars = Array(text.unicodeScalars)
        let start = max(0, node.column - 1), end = min(scalars.count, start + node.length)
        return String(String.UnicodeScalarView(scalars[start..<end]))
    }

    // MARK: - Grammar

    mutating func sum() throws(ExpressionError) -> ExpressionNode {
        var left = try product()
        while true {
            let op: BinaryOperator
            switch current.kind {
            case .plus: op = .add
            case .minus: op = .subtract
            default: return left
            }
            advance()
            let right = try product()
            left = ExpressionNode(.binary(op, left, right), column: left.column, length: span(from: left.column))
        }
    }

    mutating func product() throws(ExpressionError) -> ExpressionNode {
        var left = try unary()
        while true {
            let op: BinaryOperator
            switch current.kind {
            case .star: op = .multiply
            case .slash: op = .divide
            default: return left
            }
            advance()
            let right = try unary()
            left = ExpressionNode(.binary(op, left, right), column: left.column, length: span(from: left.column))
        }
    }

    mutating func unary() throws(ExpressionError) -> ExpressionNode {
        let token = current
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maximumDepth else {
            throw error(.tooDeeplyNested, at: token.column,
                        "the expression nests more than \(Self.maximumDepth) levels deep (parentheses, signs, '^' or calls): simplify it")
        }
        switch token.kind {
        case .minus:
            advance()
            let operand = try unary()
            return ExpressionNode(.negation(operand), column: token.column, length: span(from: token.column))
        case .plus:
            advance()
            return try unary()
        default:
            return try power()
        }
    }

    mutating func power() throws(ExpressionError) -> ExpressionNode {
        let base = try primary()
        guard current.kind == .caret else { return base }
        advance()
        let exponent = try unary()
        return ExpressionNode(.binary(.power, base, exponent), column: base.column, length: span(from: base.column))
    }

    mutating func primary() throws(ExpressionError) -> ExpressionNode {
        let token = current
        switch token.kind {
        case .number(let value):
            advance()
            return ExpressionNode(.number(value), column: token.column, length: token.text.unicodeScalars.count)
        case .name(let name):
            advance()
            if current.kind == .openParenthesis { return try call(name, at: token) }
            if current.kind == .range {
                let range = try rangeRest(first: token)
                throw error(.misplacedRange, at: token.column,
                            "the range '\(range.first)..\(range.last)' is only valid as a function argument, "
                                + "e.g. rms(\(range.first)..\(range.last))")
            }
            return ExpressionNode(.name(name), column: token.column, length: token.text.unicodeScalars.count)
        case .openParenthesis:
            advance()
            let inner = try sum()
            try close(openedAt: token, after: inner)
            // The parentheses belong to the node's text, so a quoted part reads as written.
            return ExpressionNode(inner.kind, column: token.column, length: span(from: token.column))
        case .end:
            let previous = tokens[max(0, position - 1)]
            throw error(.unexpectedToken, at: token.column,
                        "the expression ends after '\(previous.text)': expected a number, a name or '('")
        case .atMost, .atLeast:
            throw error(.misplacedComparison, at: token.column,
                        "'\(token.text)' needs a value on its left, e.g. beam_loss \(token.text) 0.2")
        case .range:
            throw error(.unexpectedToken, at: token.column,
                        "'..' must stand between two names, e.g. bpm_1..bpm_10")
        default:
            throw error(.unexpectedToken, at: token.column,
                        "unexpected \(token.quoted): expected a number, a name, '-' or '('")
        }
    }

    /// `name(` has been read: the arguments and the closing parenthesis.
    mutating func call(_ function: String, at nameToken: Token) throws(ExpressionError) -> ExpressionNode {
        let open = current
        advance()
        var arguments: [ExpressionArgument] = []
        if current.kind != .closeParenthesis {
            while true {
                arguments.append(try argument())
                if current.kind == .comma {
                    advance()
                    continue
                }
                break
            }
        }
        let placeholder = ExpressionNode(.call(function: function, arguments: arguments), column: nameToken.column, length: 0)
        try close(openedAt: open, after: placeholder)
        return ExpressionNode(.call(function: function, arguments: arguments), column: nameToken.column,
                              length: span(from: nameToken.column))
    }

    mutating func argument() throws(ExpressionError) -> ExpressionArgument {
        if case .name = current.kind, tokens[position + 1].kind == .range {
            let first = current
            advance()
            return .range(try rangeRest(first: first))
        }
        return .expression(try sum())
    }

    /// `first` has been read and the current token is `..`: the second name.
    mutating func rangeRest(first: Token) throws(ExpressionError) -> NameRangeSyntax {
        guard case .name(let firstName) = first.kind else {
            throw error(.unexpectedToken, at: first.column, "a range runs between two names, e.g. bpm_1..bpm_10")
        }
        advance()
        guard case .name(let lastName) = current.kind else {
            throw error(.unexpectedToken, at: current.column,
                        "expected a name after '\(firstName)..', found \(current.quoted); write e.g. bpm_1..bpm_10")
        }
        advance()
        return NameRangeSyntax(first: firstName, last: lastName, column: first.column, length: span(from: first.column))
    }

    /// Consumes the `)` that closes `open`, or explains what is wrong.
    mutating func close(openedAt open: Token, after node: ExpressionNode) throws(ExpressionError) {
        switch current.kind {
        case .closeParenthesis:
            advance()
        case .end:
            throw error(.unclosedParenthesis, at: open.column,
                        "the '(' at column \(open.column) is never closed; add ')'")
        case .atMost, .atLeast:
            throw error(.misplacedComparison, at: current.column,
                        "a comparison can only stand at the top of a constraint, not inside parentheses or arguments")
        case .number, .name, .openParenthesis:
            throw error(.unexpectedToken, at: current.column,
                        "unexpected \(current.quoted) inside the parentheses opened at column \(open.column): "
                            + "an operator or ',' is missing")
        default:
            throw error(.unexpectedToken, at: current.column,
                        "unexpected \(current.quoted): expected ')' to close the '(' at column \(open.column)")
        }
    }
}
