/// One lexical element of an expression, with the columns it spans.
struct Token: Sendable, Hashable {
    enum Kind: Sendable, Hashable {
        /// A finite or overflowing decimal number; `text` keeps the spelling for messages.
        case number(Double)
        /// A name (letters, digits, `_`, `.`; or anything between backticks).
        case name(String)
        case plus, minus, star, slash, caret
        case openParenthesis, closeParenthesis, comma
        /// `..`, between the two ends of a range.
        case range
        /// `<=`
        case atMost
        /// `>=`
        case atLeast
        /// The end of the text.
        case end
    }

    var kind: Kind
    /// The text as written.
    var text: String
    /// First column, from 1 (Unicode scalars).
    var column: Int

    /// How the token reads in a message: `'+'`, `'bpm_1'`, or "the end of the expression".
    var quoted: String {
        kind == .end ? "the end of the expression" : "'\(text)'"
    }
}
