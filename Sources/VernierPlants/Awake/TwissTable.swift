import Foundation

/// A MAD-X TWISS table (TFS format): the optics of a beamline, element by element in beam order.
///
/// TFS is MAD-X's table format: `@ NAME %type value` header lines, one `*` line naming the columns, one `$`
/// line giving their formats, then one row per element with strings in double quotes. The parser reads the
/// columns a steering model needs — `NAME`, `KEYWORD`, `S`, `BETX`, `BETY`, `MUX`, `MUY` (required) and `L`,
/// `ALFX`, `ALFY`, `K1L` (optional, 0 when absent) — and ignores the others.
public struct TwissTable: Sendable, Hashable {
    /// The `@` header values by name, as written (quotes removed from strings), e.g. `SEQUENCE: TT43`.
    public var headers: [String: String]
    /// The elements in beam order.
    public var elements: [TwissElement]
    /// Whether the table had the `ALFX`, `ALFY` and `K1L` columns (needed to perturb quadrupoles).
    public var hasFocusingColumns: Bool

    public init(headers: [String: String] = [:], elements: [TwissElement], hasFocusingColumns: Bool = true) {
        self.headers = headers
        self.elements = elements
        self.hasFocusingColumns = hasFocusingColumns
    }

    /// Column names the parser needs in every table.
    public static let requiredColumns = ["NAME", "KEYWORD", "S", "BETX", "BETY", "MUX", "MUY"]

    /// Parses the text of a TWISS file.
    ///
    /// - Throws: ``TwissTableError`` naming the line and what was expected there.
    public init(parsing text: String) throws(TwissTableError) {
        var headers: [String: String] = [:]
        var columns: [String]? = nil
        var elements: [TwissElement] = []
        var index: [String: Int] = [:]
        var lineNumber = 0
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let line = rawLine.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty { continue }
            if line.hasPrefix("@") {
                let fields = try Self.tokens(of: line.dropFirst(), line: lineNumber)
                guard fields.count >= 3 else {
                    throw TwissTableError(line: lineNumber, message: "a header line reads '@ NAME %type value', got '\(line)'")
                }
                headers[fields[0]] = fields[2...].joined(separator: " ")
                continue
            }
            if line.hasPrefix("*") {
                let names = try Self.tokens(of: line.dropFirst(), line: lineNumber)
                let missing = Self.requiredColumns.filter { !names.contains($0) }
                guard missing.isEmpty else {
                    throw TwissTableError(line: lineNumber,
                        message: "the column line lacks \(missing.joined(separator: ", ")); a TWISS table for steering needs \(Self.requiredColumns.joined(separator: ", "))")
                }
                columns = names
                for (position, name) in names.enumerated() { index[name] = position }
                continue
            }
            if line.hasPrefix("$") { continue }
            guard let columns else {
                throw TwissTableError(line: lineNumber, message: "a data row comes before the '*' line naming the columns")
            }
            let fields = try Self.tokens(of: Substring(line), line: lineNumber)
            guard fields.count == columns.count else {
                throw TwissTableError(line: lineNumber, message: "the row has \(fields.count) fields, the table \(columns.count) columns")
            }
            func number(_ column: String) throws(TwissTableError) -> Double {
                guard let position = index[column] else { return 0 }
                guard let value = Double(fields[position]), value.isFinite else {
                    throw TwissTableError(line: lineNumber, message: "column \(column) holds '\(fields[position])', not a finite number")
                }
                return value
            }
            // Required columns are known to exist (checked on the '*' line), so `index[...]` finds them.
            elements.append(TwissElement(
                name: fields[index["NAME"] ?? 0],
                keyword: fields[index["KEYWORD"] ?? 1].uppercased(),
                position: try number("S"),
                length: try number("L"),
                betaX: try number("BETX"),
                betaY: try number("BETY"),
                alphaX: try number("ALFX"),
                alphaY: try number("ALFY"),
                phaseX: try number("MUX"),
                phaseY: try number("MUY"),
                k1l: try number("K1L")))
        }
        guard let columns else {
            throw TwissTableError(line: 0, message: "no '*' line naming the columns: this is not a MAD-X TWISS (TFS) table")
        }
        for (offset, element) in elements.enumerated() where !(element.betaX > 0 && element.betaY > 0) {
            throw TwissTableError(line: 0,
                message: "element \(offset + 1) (\(element.name)) has β = (\(element.betaX), \(element.betaY)) m; β functions must be positive")
        }
        self.init(headers: headers, elements: elements,
                  hasFocusingColumns: ["ALFX", "ALFY", "K1L"].allSatisfy(columns.contains))
    }

    /// Reads and parses a TWISS file.
    public init(contentsOf url: URL) throws(TwissTableError) {
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw TwissTableError(line: 0, message: "cannot read \(url.path): \(error.localizedDescription)")
        }
        try self.init(parsing: text)
    }

    /// Splits a TFS line into fields: whitespace separates them, double quotes enclose strings.
    static func tokens(of line: Substring, line lineNumber: Int) throws(TwissTableError) -> [String] {
        var fields: [String] = []
        var current = ""
        var inQuotes = false
        var hasField = false
        for character in line {
            if character == "\"" {
                inQuotes.toggle()
                hasField = true
            } else if !inQuotes && (character == " " || character == "\t" || character == "\r") {
                if hasField { fields.append(current) }
                current = ""
                hasField = false
            } else {
                current.append(character)
                hasField = true
            }
        }
        guard !inQuotes else { throw TwissTableError(line: lineNumber, message: "a string is not closed by a double quote") }
        if hasField { fields.append(current) }
        return fields
    }
}
