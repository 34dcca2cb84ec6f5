import VernierExpressions

/// The expression language: an objective (`rms(bpm_1..bpm_4)`) or, when the text compares, a constraint.
///
/// Refused: an ``ExpressionError`` whose column lies within the text (or just after it). Accepted: the parse is
/// the same every time, and the compiled code evaluates on any values of the right count without trapping,
/// reading only the names it uses.
enum ExpressionTarget {
    static let names = NameTable(["bpm_1", "bpm_2", "bpm_3", "bpm_4", "x", "y", "gain_db", "pump_dbm"])

    static func check(_ bytes: [UInt8]) {
        let text = FuzzCheck.text(bytes)
        let length = text.unicodeScalars.count
        do {
            if text.contains("<=") || text.contains(">=") {
                let comparison = try ExpressionParser.comparison(text)
                let again = try ExpressionParser.comparison(text)
                FuzzCheck.require(comparison == again, "two parses of '\(text)' differ")
                FuzzCheck.require(comparison.column >= 1 && comparison.column <= length, "comparison at column \(comparison.column) of \(length)")
            } else {
                let node = try ExpressionParser.expression(text)
                let again = try ExpressionParser.expression(text)
                FuzzCheck.require(node == again, "two parses of '\(text)' differ")
                FuzzCheck.require(node.column >= 1 && node.column + node.length - 1 <= length,
                                  "node at columns \(node.column)+\(node.length) of a \(length)-scalar text")
                let compiled = try CompiledExpression(text, names: names)
                FuzzCheck.require(compiled.valueCount <= names.names.count, "reads \(compiled.valueCount) values of \(names.names.count)")
                FuzzCheck.require(compiled.indicesUsed.allSatisfy { names.names.indices.contains($0) },
                                  "uses indices \(compiled.indicesUsed)")
                for value in [0.0, -1.5, 1e300, .nan] {
                    _ = compiled.evaluate(Array(repeating: value, count: names.names.count))
                }
            }
        } catch {
            FuzzCheck.require(!error.message.isEmpty, "an empty refusal of '\(text)'")
            FuzzCheck.require(error.column >= 1 && error.column <= length + 1,
                              "refused at column \(error.column) of a \(length)-scalar text: \(error)")
        }
    }
}
