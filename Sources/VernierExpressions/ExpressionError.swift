/// An expression that cannot be used, with the 1-based column at fault and what to write instead.
///
/// Every error names its place in the expression text (``column``, counted in Unicode scalars from 1) and,
/// where names or functions are involved, the ones that exist. A caller that knows where the expression sits in
/// a file (a YAML line) adds that itself; ``caretLine`` draws a pointer under the text for terminal output.
public struct ExpressionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The class of mistake, for callers and tests that branch on it.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// Nothing but white space.
        case emptyExpression = "empty expression"
        /// A character or token that cannot stand where it is (including `**`, `<`, `=`).
        case unexpectedToken = "unexpected token"
        /// A `(` that is never closed.
        case unclosedParenthesis = "unclosed parenthesis"
        /// A complete expression followed by more text (a stray `)`, a missing operator).
        case trailingInput = "trailing input"
        /// A range `a_1..a_N` outside a function's argument list.
        case misplacedRange = "misplaced range"
        /// A comparison where only an expression is allowed, or more than one comparison.
        case misplacedComparison = "misplaced comparison"
        /// A constraint without `<=` or `>=`.
        case missingComparison = "missing comparison"
        /// A name that is neither a reading nor a parameter.
        case unknownName = "unknown name"
        /// A call of a function that does not exist.
        case unknownFunction = "unknown function"
        /// A call with the wrong number of arguments.
        case wrongArity = "wrong number of arguments"
        /// A range whose ends do not share a prefix, run backwards, or cover names that do not exist.
        case badRange = "bad range"
        /// A number, or a part without names, that is infinite or NaN (`1e999`, `1/0`, `log10(0)`).
        case nonFiniteConstant = "non-finite constant"
        /// More nested operands (parentheses, signs, exponents, calls) than the parser accepts.
        case tooDeeplyNested = "nested too deeply"
    }

    /// The class of mistake.
    public var kind: Kind
    /// The expression as written.
    public var expression: String
    /// Column of the offending text, from 1 (Unicode scalars).
    public var column: Int
    /// What is wrong and what would be right, without the position.
    public var message: String

    public init(kind: Kind, expression: String, column: Int, message: String) {
        self.kind = kind
        self.expression = expression
        self.column = column
        self.message = message
    }

    /// "column 5: unknown name 'bpm_11' …".
    public var description: String { "column \(column): \(message)" }

    /// The expression with a caret under the offending column, e.g. for a terminal:
    /// ```
    /// rms(bpm_1..bpm_11)
    ///            ^
    /// ```
    public var caretLine: String {
        expression + "\n" + String(repeating: " ", count: max(0, column - 1)) + "^"
    }
}
