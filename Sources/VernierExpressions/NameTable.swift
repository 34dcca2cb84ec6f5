/// The names an expression may use, each with its index in the values vector the compiled expression reads.
///
/// A Modbus device's table is its readings then its parameters, in map order. Lookup is by exact name; ranges
/// `prefix_1..prefix_N` expand to the names between their ends.
public struct NameTable: Sendable, Hashable {
    /// Every name, in values-vector order.
    public let names: [String]
    private let indexByName: [String: Int]

    /// A table of `names` (the first of two equal names wins).
    public init(_ names: [String]) {
        self.names = names
        var indexByName: [String: Int] = [:]
        for (index, name) in names.enumerated() where indexByName[name] == nil { indexByName[name] = index }
        self.indexByName = indexByName
    }

    /// The values-vector index of `name`, if it exists.
    public func index(of name: String) -> Int? {
        indexByName[name]
    }

    /// The names, with runs of numbered names collapsed to ranges: "bpm_1..bpm_10, corrector_1..corrector_10,
    /// beam_loss" — what an error message lists as "the names that exist".
    public var summary: String {
        var parts: [String] = []
        var run: (prefix: String, first: Int, last: Int, firstName: String, lastName: String)?
        func flush() {
            guard let current = run else { return }
            let count = current.last - current.first + 1
            if count >= 3 {
                parts.append("\(current.firstName)..\(current.lastName)")
            } else {
                for number in current.first...current.last { parts.append("\(current.prefix)\(number)") }
            }
            run = nil
        }
        for name in names {
            if let (prefix, number, digits) = Self.numbered(name), !digits.hasPrefix("0") || digits == "0" {
                if let current = run, current.prefix == prefix, current.last + 1 == number {
                    run?.last = number
                    run?.lastName = name
                    continue
                }
                flush()
                run = (prefix, number, number, name, name)
            } else {
                flush()
                parts.append(name)
            }
        }
        flush()
        return parts.isEmpty ? "(none)" : parts.joined(separator: ", ")
    }

    /// Expands `range` to indices, or says why it cannot be expanded.
    func expand(_ range: NameRangeSyntax, in text: String) throws(ExpressionError) -> [Int] {
        let names = try expandedNames(range, in: text)
        var indices: [Int] = []
        var missing: [String] = []
        for name in names {
            if let index = index(of: name) { indices.append(index) } else { missing.append(name) }
        }
        guard missing.isEmpty else {
            let shown = missing.count > 6 ? missing.prefix(5).joined(separator: ", ") + ", … (\(missing.count) in all)"
                : missing.joined(separator: ", ")
            throw ExpressionError(
                kind: .badRange, expression: text, column: range.column,
                message: "the range '\(range.first)..\(range.last)' covers \(shown), which do\(missing.count == 1 ? "es" : "") "
                    + "not exist; the names that exist are \(summary)")
        }
        return indices
    }

    /// The names `range` stands for, before checking that they exist.
    func expandedNames(_ range: NameRangeSyntax, in text: String) throws(ExpressionError) -> [String] {
        func fail(_ message: String) -> ExpressionError {
            ExpressionError(kind: .badRange, expression: text, column: range.column,
                            message: "the range '\(range.first)..\(range.last)' \(message)")
        }
        guard let (firstPrefix, firstNumber, firstDigits) = Self.numbered(range.first),
              let (lastPrefix, lastNumber, _) = Self.numbered(range.last) else {
            throw fail("needs names that end in a number, e.g. bpm_1..bpm_10")
        }
        guard firstPrefix == lastPrefix else {
            throw fail("has ends with different prefixes ('\(firstPrefix)' and '\(lastPrefix)'); both ends must "
                       + "share the text before the number, e.g. \(firstPrefix)\(firstNumber)..\(firstPrefix)\(lastNumber)")
        }
        guard firstNumber <= lastNumber else {
            throw fail("runs backwards (from \(firstNumber) down to \(lastNumber)); write "
                       + "\(range.last)..\(range.first)")
        }
        guard lastNumber - firstNumber < 100_000 else { throw fail("covers more than 100000 names") }
        // Zero-padded ends ("bpm_01..bpm_10") keep their width.
        let width = firstDigits.hasPrefix("0") && firstDigits.count > 1 ? firstDigits.count : 0
        return (firstNumber...lastNumber).map { number in
            let digits = String(number)
            return firstPrefix + String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
    }

    /// `name` split into the text before its trailing decimal digits, their value, and the digits as written.
    static func numbered(_ name: String) -> (prefix: String, number: Int, digits: String)? {
        let digits = name.reversed().prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, digits.count < 10 else { return nil }
        let digitText = String(digits.reversed())
        guard let number = Int(digitText) else { return nil }
        return (String(name.dropLast(digits.count)), number, digitText)
    }
}
