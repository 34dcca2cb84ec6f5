import VernierExpressions
import Yams

extension YAMLCursor {
    /// The expression in this scalar, compiled against `names`.
    func expression(names: NameTable, lines: [Substring]?) throws(RegisterMapError) -> CompiledExpression {
        let text = try scalarText(expected: "an expression, e.g. rms(bpm_1..bpm_10)")
        do {
            return try CompiledExpression(text, names: names)
        } catch {
            throw failure(error, lines: lines)
        }
    }

    /// The comparison in this scalar, compiled against `names`.
    func comparison(names: NameTable, lines: [Substring]?) throws(RegisterMapError) -> CompiledComparison {
        let text = try scalarText(expected: "a comparison, e.g. beam_loss <= 0.2")
        do {
            return try CompiledComparison(text, names: names)
        } catch {
            throw failure(error, lines: lines)
        }
    }

    /// The indices of the name or range in this scalar.
    func nameList(names: NameTable, lines: [Substring]?) throws(RegisterMapError) -> [Int] {
        let text = try scalarText(expected: "a name or a range such as bpm_1..bpm_10")
        do {
            return try names.indices(listedIn: text)
        } catch {
            throw failure(error, lines: lines)
        }
    }

    /// An expression error as a map error: at the offending column in the file when the expression can be
    /// found there, else at the start of the value; the message gives the expression's own column either way.
    func failure(_ error: ExpressionError, lines: [Substring]?) -> RegisterMapError {
        RegisterMapError(source: source, location: fileLocation(ofExpressionColumn: error.column, lines: lines),
                         message: "\(path): column \(error.column) of '\(error.expression)': \(error.message)")
    }

    /// The file position of column `column` of this scalar's text.
    ///
    /// Exact when the text stands on the scalar's line as written (plain, or quoted without escapes); checked
    /// against the file's `lines` when given. Otherwise the scalar's own position.
    func fileLocation(ofExpressionColumn column: Int, lines: [Substring]?) -> SourceLocation {
        guard case .scalar(let scalar) = node, let mark = node.mark else { return location }
        let text = scalar.string
        let opening: Int
        switch scalar.style {
        case .plain: opening = 0
        case .singleQuoted where !text.contains("'"): opening = 1
        case .doubleQuoted where !text.contains(where: { $0 == "\\" || $0 == "\"" }): opening = 1
        default: return location
        }
        guard !text.contains("\n") else { return location }
        let start = mark.column + opening
        if let lines {
            guard mark.line >= 1, mark.line <= lines.count else { return location }
            let line = Array(lines[mark.line - 1].unicodeScalars)
            let expression = Array(text.unicodeScalars)
            guard start - 1 + expression.count <= line.count,
                  Array(line[(start - 1)..<(start - 1 + expression.count)]) == expression else { return location }
        }
        return SourceLocation(line: mark.line, column: start + column - 1)
    }
}
