/// Splits expression text into ``Token``s.
///
/// Numbers: `12`, `1.5`, `.5`, `2.`, `1e-3`, `6.02E+23`. Names: a letter or `_`, then letters, digits, `_` and
/// single dots (`BPM.430039.H`; two dots start a range), or any text between backticks (`` `gain-dB` ``) for
/// register names that are not identifiers. Operators: `+ - * / ^ ( ) , .. <= >=`. White space separates tokens.
enum Tokenizer {
    static func tokens(of text: String) throws(ExpressionError) -> [Token] {
        let scalars = Array(text.unicodeScalars)
        var tokens: [Token] = []
        var index = 0
        func fail(_ kind: ExpressionError.Kind = .unexpectedToken, at position: Int, _ message: String) -> ExpressionError {
            ExpressionError(kind: kind, expression: text, column: position + 1, message: message)
        }
        func add(_ kind: Token.Kind, from start: Int, to end: Int) {
            tokens.append(Token(kind: kind, text: String(String.UnicodeScalarView(scalars[start..<end])), column: start + 1))
        }
        while index < scalars.count {
            let scalar = scalars[index]
            let next: Unicode.Scalar? = index + 1 < scalars.count ? scalars[index + 1] : nil
            if scalar.properties.isWhitespace {
                index += 1
                continue
            }
            if isDigit(scalar) || (scalar == "." && next.map(isDigit) == true) {
                let start = index
                index = try numberEnd(scalars, from: index, text: text)
                let spelling = String(String.UnicodeScalarView(scalars[start..<index]))
                guard let value = Double(spelling) else {
                    throw fail(at: start, "'\(spelling)' is not a number")
                }
                add(.number(value), from: start, to: index)
                continue
            }
            if isNameStart(scalar) {
                let start = index
                index += 1
                while index < scalars.count {
                    let current = scalars[index]
                    if isNameStart(current) || isDigit(current) {
                        index += 1
                    } else if current == ".", index + 1 < scalars.count, scalars[index + 1] != ".",
                              isNameStart(scalars[index + 1]) || isDigit(scalars[index + 1]) {
                        index += 1
                    } else {
                        break
                    }
                }
                add(.name(String(String.UnicodeScalarView(scalars[start..<index]))), from: start, to: index)
                continue
            }
            if scalar == "`" {
                let start = index
                guard let close = scalars[(index + 1)...].firstIndex(of: "`") else {
                    throw fail(at: start, "the name quoted with '`' at column \(start + 1) is never closed; add a closing '`'")
                }
                let name = String(String.UnicodeScalarView(scalars[(start + 1)..<close]))
                guard !name.isEmpty else { throw fail(at: start, "'``' quotes an empty name") }
                tokens.append(Token(kind: .name(name), text: String(String.UnicodeScalarView(scalars[start...close])),
                                    column: start + 1))
                index = close + 1
                continue
            }
            let start = index
            switch scalar {
            case "+": add(.plus, from: start, to: index + 1)
            case "-": add(.minus, from: start, to: index + 1)
            case "/": add(.slash, from: start, to: index + 1)
            case "^": add(.caret, from: start, to: index + 1)
            case "(": add(.openParenthesis, from: start, to: index + 1)
            case ")": add(.closeParenthesis, from: start, to: index + 1)
            case ",": add(.comma, from: start, to: index + 1)
            case "*":
                if next == "*" {
                    throw fail(at: start, "'**' is not an operator: write powers with '^', e.g. x^2")
                }
                add(.star, from: start, to: index + 1)
            case ".":
                guard next == "." else { throw fail(at: start, "unexpected '.': a number needs a digit after its point, a range is written a_1..a_N") }
                add(.range, from: start, to: index + 2)
                index += 1
            case "<", ">":
                guard next == "=" else {
                    throw fail(at: start, "'\(scalar)' is not an operator: limits are inclusive, write '\(scalar)='")
                }
                add(scalar == "<" ? .atMost : .atLeast, from: start, to: index + 2)
                index += 1
            case "=", "!":
                let spelling = next == "=" ? "\(scalar)=" : "\(scalar)"
                throw fail(at: start, "'\(spelling)' is not an operator: a constraint is written with '<=' or '>='")
            default:
                throw fail(at: start, "unexpected character '\(scalar)'; expressions use numbers, names, "
                           + "+ - * / ^, parentheses, commas, ranges a_1..a_N, and <= or >= in constraints")
            }
            index += 1
        }
        tokens.append(Token(kind: .end, text: "", column: scalars.count + 1))
        return tokens
    }

    /// The index after the number starting at `start`.
    private static func numberEnd(_ scalars: [Unicode.Scalar], from start: Int, text: String) throws(ExpressionError) -> Int {
        var index = start
        while index < scalars.count, isDigit(scalars[index]) { index += 1 }
        // A point belongs to the number unless it starts a range ("1..3" is refused later as a range of numbers).
        if index < scalars.count, scalars[index] == ".", !(index + 1 < scalars.count && scalars[index + 1] == ".") {
            index += 1
            while index < scalars.count, isDigit(scalars[index]) { index += 1 }
        }
        if index < scalars.count, scalars[index] == "e" || scalars[index] == "E" {
            var exponent = index + 1
            if exponent < scalars.count, scalars[exponent] == "+" || scalars[exponent] == "-" { exponent += 1 }
            guard exponent < scalars.count, isDigit(scalars[exponent]) else {
                let spelling = String(String.UnicodeScalarView(scalars[start..<min(exponent, scalars.count)]))
                throw ExpressionError(kind: .unexpectedToken, expression: text, column: start + 1,
                                      message: "'\(spelling)' is not a number: an exponent needs digits, e.g. 1e-3")
            }
            index = exponent
            while index < scalars.count, isDigit(scalars[index]) { index += 1 }
        }
        return index
    }

    static func isDigit(_ scalar: Unicode.Scalar) -> Bool {
        ("0"..."9").contains(scalar)
    }

    static func isNameStart(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "_" || (scalar.properties.isAlphabetic && !isDigit(scalar))
    }
}
