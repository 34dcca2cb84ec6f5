import Testing
@testable import VernierExpressions

/// Every error message, once each: its kind, its 1-based column and its exact text.
@Suite("Expression errors")
struct ExpressionErrorTests {
    static let names = NameTable((1...10).map { "bpm_\($0)" } + ["gain_db", "pump_dbm", "loss"])
    static let existing = "the names that exist are bpm_1..bpm_10, gain_db, pump_dbm, loss"
    static let functions = "the functions are rms, mean, max, min, sum (one or more arguments, ranges allowed); "
        + "abs, sqrt, log10 (one argument)"

    /// One refused expression and what the refusal must say.
    struct Case: CustomTestStringConvertible, Sendable {
        var text: String
        var kind: ExpressionError.Kind
        var column: Int
        var message: String
        var testDescription: String { "\(kind.rawValue): \(text.isEmpty ? "(empty)" : text)" }

        init(_ text: String, _ kind: ExpressionError.Kind, _ column: Int, _ message: String) {
            self.text = text
            self.kind = kind
            self.column = column
            self.message = message
        }
    }

    static func check(_ expected: Case, comparison: Bool = false) {
        do {
            if comparison {
                _ = try CompiledComparison(expected.text, names: names)
            } else {
                _ = try CompiledExpression(expected.text, names: names)
            }
            Issue.record("'\(expected.text)' was accepted")
        } catch {
            #expect(error.kind == expected.kind)
            #expect(error.column == expected.column)
            #expect(error.message == expected.message)
            #expect(error.expression == expected.text)
            #expect(error.description == "column \(expected.column): \(expected.message)")
        }
    }

    @Test("malformed: characters and tokens that cannot stand where they are", arguments: [
        Case("a ** 2", .unexpectedToken, 3, "'**' is not an operator: write powers with '^', e.g. x^2"),
        Case("bpm_1 < 2", .unexpectedToken, 7, "'<' is not an operator: limits are inclusive, write '<='"),
        Case("bpm_1 > 2", .unexpectedToken, 7, "'>' is not an operator: limits are inclusive, write '>='"),
        Case("bpm_1 == 2", .unexpectedToken, 7, "'==' is not an operator: a constraint is written with '<=' or '>='"),
        Case("bpm_1 != 2", .unexpectedToken, 7, "'!=' is not an operator: a constraint is written with '<=' or '>='"),
        Case("2 $ 3", .unexpectedToken, 3, "unexpected character '$'; expressions use numbers, names, + - * / ^, "
             + "parentheses, commas, ranges a_1..a_N, and <= or >= in constraints"),
        Case("bpm_1 . 2", .unexpectedToken, 7, "unexpected '.': a number needs a digit after its point, a range is written a_1..a_N"),
        Case("2.5e+ 1", .unexpectedToken, 1, "'2.5e+' is not a number: an exponent needs digits, e.g. 1e-3"),
        Case("`bpm_1 + 1", .unexpectedToken, 1, "the name quoted with '`' at column 1 is never closed; add a closing '`'"),
        Case("`` + 1", .unexpectedToken, 1, "'``' quotes an empty name"),
        Case("bpm_1 + * 2", .unexpectedToken, 9, "unexpected '*': expected a number, a name, '-' or '('"),
        Case("bpm_1 +", .unexpectedToken, 8, "the expression ends after '+': expected a number, a name or '('"),
        Case("..", .unexpectedToken, 1, "'..' must stand between two names, e.g. bpm_1..bpm_10"),
        Case("rms(bpm_1..3)", .unexpectedToken, 12, "expected a name after 'bpm_1..', found '3'; write e.g. bpm_1..bpm_10"),
        Case("rms(bpm_1 bpm_2)", .unexpectedToken, 11,
             "unexpected 'bpm_2' inside the parentheses opened at column 4: an operator or ',' is missing"),
        Case("(bpm_1, 2)", .unexpectedToken, 7, "unexpected ',': expected ')' to close the '(' at column 1"),
    ])
    func unexpectedToken(_ expected: Case) {
        Self.check(expected)
    }

    @Test("malformed: an empty expression", arguments: [
        Case("", .emptyExpression, 1, "the expression is empty; write e.g. rms(bpm_1..bpm_10)"),
        Case("   ", .emptyExpression, 1, "the expression is empty; write e.g. rms(bpm_1..bpm_10)"),
    ])
    func empty(_ expected: Case) {
        Self.check(expected)
    }

    @Test("malformed: an unclosed parenthesis points at the '('", arguments: [
        Case("(bpm_1", .unclosedParenthesis, 1, "the '(' at column 1 is never closed; add ')'"),
        Case("2 * rms(bpm_1, bpm_2", .unclosedParenthesis, 8, "the '(' at column 8 is never closed; add ')'"),
    ])
    func unclosedParenthesis(_ expected: Case) {
        Self.check(expected)
    }

    /// Nesting is bounded (the fuzzer found a stack overflow on thousands of '('): 200 levels parse, the 201st is
    /// a clear error at the operand that goes too deep, whether the levels are parentheses or signs.
    @Test func deepNestingIsAnErrorNotACrash() throws {
        let message = "the expression nests more than 200 levels deep (parentheses, signs, '^' or calls): simplify it"
        let deep = String(repeating: "(", count: 200) + "bpm_1" + String(repeating: ")", count: 200)
        Self.check(Case(deep, .tooDeeplyNested, 201, message))
        Self.check(Case(String(repeating: "-", count: 100_000) + "1", .tooDeeplyNested, 201, message))
        let accepted = String(repeating: "(", count: 199) + "bpm_1" + String(repeating: ")", count: 199)
        #expect(throws: Never.self) { try CompiledExpression(accepted, names: Self.names) }
    }

    @Test("malformed: trailing input after a complete expression", arguments: [
        Case("bpm_1 + 2)", .trailingInput, 10, "unexpected ')': there is no '(' for it to close"),
        Case("2 bpm_1", .trailingInput, 3, "unexpected 'bpm_1' after '2': an operator is missing (e.g. '*')"),
        Case("bpm_1 ,", .trailingInput, 7, "unexpected ',' after 'bpm_1'"),
    ])
    func trailingInput(_ expected: Case) {
        Self.check(expected)
    }

    @Test("a range outside a function's arguments")
    func misplacedRange() {
        Self.check(Case("bpm_1..bpm_3 + 1", .misplacedRange, 1,
                        "the range 'bpm_1..bpm_3' is only valid as a function argument, e.g. rms(bpm_1..bpm_3)"))
    }

    @Test("comparisons outside the top of a constraint", arguments: [
        Case("bpm_1 <= 2", .misplacedComparison, 7, "a comparison ('<=') is only allowed in constraints and "
             + "terminate_when; this must be a plain expression"),
        Case("(bpm_1 <= 2)", .misplacedComparison, 8,
             "a comparison can only stand at the top of a constraint, not inside parentheses or arguments"),
        Case(">= 2", .misplacedComparison, 1, "'>=' needs a value on its left, e.g. beam_loss >= 0.2"),
    ])
    func misplacedComparison(_ expected: Case) {
        Self.check(expected)
    }

    @Test("constraints: a missing comparison, two comparisons, trailing input", arguments: [
        Case("bpm_1", .missingComparison, 6, "a constraint needs '<=' or '>=' and a limit, e.g. beam_loss <= 0.2"),
        Case("bpm_1 <= bpm_2 <= 3", .misplacedComparison, 16, "only one comparison is allowed; write each limit as its own constraint"),
        Case("bpm_1 2 <= 3", .trailingInput, 7, "unexpected '2' after 'bpm_1': an operator is missing (e.g. '*')"),
    ])
    func constraintShape(_ expected: Case) {
        Self.check(expected, comparison: true)
    }

    @Test("unknown names list the near matches and every name that exists", arguments: [
        Case("rms(bpm_1..bpm_10) + bpm_11", .unknownName, 22,
             "unknown name 'bpm_11' (did you mean 'bpm_1' or 'bpm_10' or 'bpm_2'?); \(existing)"),
        Case("-gain_bd", .unknownName, 2, "unknown name 'gain_bd' (did you mean 'gain_db'?); \(existing)"),
        Case("beam_current", .unknownName, 1, "unknown name 'beam_current'; \(existing)"),
        Case("rms + 1", .unknownName, 1, "'rms' is a function: call it with arguments, e.g. rms(…); \(existing)"),
    ])
    func unknownName(_ expected: Case) {
        Self.check(expected)
    }

    @Test("unknown functions list the functions", arguments: [
        Case("rmss(bpm_1)", .unknownFunction, 1, "unknown function 'rmss' (did you mean 'rms'?); \(functions)"),
        Case("1 + loss(2)", .unknownFunction, 5,
             "unknown function 'loss' ('loss' is a reading or parameter, not a function); \(functions)"),
        Case("exp(loss)", .unknownFunction, 1, "unknown function 'exp'; \(functions)"),
    ])
    func unknownFunction(_ expected: Case) {
        Self.check(expected)
    }

    @Test("wrong numbers of arguments", arguments: [
        Case("rms()", .wrongArity, 1, "rms() needs at least one argument, e.g. rms(bpm_1..bpm_10)"),
        Case("abs(bpm_1, bpm_2)", .wrongArity, 1,
             "abs takes exactly one argument, got 2; aggregate with rms, mean, max, min or sum first"),
        Case("2 * abs(bpm_1..bpm_3)", .wrongArity, 5, "abs takes exactly one argument, got 3 (the range bpm_1..bpm_3 "
             + "gives one argument per name); aggregate with rms, mean, max, min or sum first"),
        Case("sqrt()", .wrongArity, 1, "sqrt takes exactly one argument, got 0; aggregate with rms, mean, max, min or sum first"),
    ])
    func wrongArity(_ expected: Case) {
        Self.check(expected)
    }

    @Test("bad ranges: no number, different prefixes, backwards, missing names, too long", arguments: [
        Case("rms(gain_db..loss)", .badRange, 5, "the range 'gain_db..loss' needs names that end in a number, e.g. bpm_1..bpm_10"),
        Case("rms(bpm_1..gain_3)", .badRange, 5, "the range 'bpm_1..gain_3' has ends with different prefixes ('bpm_' and "
             + "'gain_'); both ends must share the text before the number, e.g. bpm_1..bpm_3"),
        Case("rms(bpm_10..bpm_1)", .badRange, 5, "the range 'bpm_10..bpm_1' runs backwards (from 10 down to 1); write bpm_1..bpm_10"),
        Case("rms(bpm_1..bpm_12)", .badRange, 5, "the range 'bpm_1..bpm_12' covers bpm_11, bpm_12, which do not exist; \(existing)"),
        Case("max(bpm_9..bpm_11)", .badRange, 5, "the range 'bpm_9..bpm_11' covers bpm_11, which does not exist; \(existing)"),
        Case("sum(x_1..x_200000)", .badRange, 5, "the range 'x_1..x_200000' covers more than 100000 names"),
    ])
    func badRange(_ expected: Case) {
        Self.check(expected)
    }

    @Test("non-finite constants: overflowing numbers and folded parts", arguments: [
        Case("1e999 + bpm_1", .nonFiniteConstant, 1, "the number 1e999 is not finite (it overflows a double)"),
        Case("bpm_1 + 1/0", .nonFiniteConstant, 9, "'1/0' uses no names and evaluates to inf; a constant part must be finite"),
        Case("log10(0) * gain_db", .nonFiniteConstant, 1,
             "'log10(0)' uses no names and evaluates to -inf; a constant part must be finite"),
        Case("loss + sqrt(-1)", .nonFiniteConstant, 8, "'sqrt(-1)' uses no names and evaluates to NaN; a constant part must be finite"),
        Case("loss * (1e308 * 10)", .nonFiniteConstant, 8,
             "'(1e308 * 10)' uses no names and evaluates to inf; a constant part must be finite"),
    ])
    func nonFiniteConstant(_ expected: Case) {
        Self.check(expected)
    }

    @Test("name lists (observation and action entries): one name or a range")
    func nameLists() {
        #expect(throws: ExpressionError(kind: .unexpectedToken, expression: "2", column: 1,
                                        message: "expected a name or a range such as bpm_1..bpm_10, found '2'")) {
            try Self.names.indices(listedIn: "2")
        }
        #expect(throws: ExpressionError(kind: .trailingInput, expression: "bpm_1 +", column: 7,
                                        message: "unexpected '+' after the name; give one name or a range such as bpm_1..bpm_10")) {
            try Self.names.indices(listedIn: "bpm_1 +")
        }
        #expect(throws: ExpressionError(kind: .unknownName, expression: "pump", column: 1,
                                        message: "unknown name 'pump'; \(Self.existing)")) {
            try Self.names.indices(listedIn: "pump")
        }
    }

    @Test("the caret line points at the column")
    func caret() throws {
        do {
            _ = try CompiledExpression("rms(bpm_1..bpm_10) + bpm_11", names: Self.names)
        } catch {
            #expect(error.caretLine == "rms(bpm_1..bpm_10) + bpm_11\n                     ^")
        }
    }
}
