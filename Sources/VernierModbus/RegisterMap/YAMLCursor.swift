import VernierCore
import Yams

/// A position in a parsed YAML document, for reading a register map field by field with the line and column
/// of every value at hand (Yams' node marks), so that each error names the place at fault.
struct YAMLCursor {
    /// The node here.
    let node: Node
    /// Dotted path from the document root, for messages ("parameters[2].bounds").
    let path: String
    /// The file, for errors.
    let source: String

    /// Line and column of the node (1, 1 when Yams did not record one).
    var location: SourceLocation {
        node.mark.map { SourceLocation(line: $0.line, column: $0.column) } ?? SourceLocation(line: 1, column: 1)
    }

    func error(_ message: String, at location: SourceLocation? = nil) -> RegisterMapError {
        RegisterMapError(source: source, location: location ?? self.location, message: message)
    }

    /// The scalar text, or an error saying what kind of value was expected.
    func scalarText(expected: String) throws(RegisterMapError) -> String {
        guard case .scalar(let scalar) = node else {
            throw error("'\(path)' should be \(expected), not a \(kindName)")
        }
        return scalar.string
    }

    var kindName: String {
        switch node {
        case .scalar: "single value"
        case .mapping: "mapping"
        case .sequence: "list"
        case .alias: "alias"
        }
    }

    func string() throws(RegisterMapError) -> String {
        let text = try scalarText(expected: "text")
        guard !text.isEmpty else { throw error("'\(path)' is empty") }
        return text
    }

    /// A real number: decimal, exponent, `.inf` / `-.inf` (YAML's infinity); `_` digit separators allowed.
    func number() throws(RegisterMapError) -> Double {
        let text = try scalarText(expected: "a number").replacingOccurrences(of: "_", with: "")
        switch text.lowercased() {
        case ".inf", "+.inf", "inf": return .infinity
        case "-.inf", "-inf": return -.infinity
        default: break
        }
        if let value = Double(text) { return value }
        if let value = Self.integer(text) { return Double(value) }
        throw error("'\(path)' should be a number, got '\(text)'")
    }

    /// An integer: decimal, or hexadecimal with `0x` (handy for register addresses).
    func integer() throws(RegisterMapError) -> Int {
        let text = try scalarText(expected: "a whole number").replacingOccurrences(of: "_", with: "")
        if let value = Self.integer(text) { return value }
        throw error("'\(path)' should be a whole number, got '\(text)'")
    }

    func boolean() throws(RegisterMapError) -> Bool {
        let text = try scalarText(expected: "true or false")
        switch text.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: throw error("'\(path)' should be true or false, got '\(text)'")
        }
    }

    /// One of an enumeration's raw values, with a "did you mean" for near misses.
    func choice<Choice: RawRepresentable & CaseIterable>(_ type: Choice.Type) throws(RegisterMapError) -> Choice
    where Choice.RawValue == String {
        let text = try scalarText(expected: "one of \(Self.list(Choice.allCases.map(\.rawValue)))")
        if let value = Choice(rawValue: text.lowercased()) { return value }
        let known = Choice.allCases.map(\.rawValue)
        let near = nearMatches(text, known)
        throw error("'\(path)' is '\(text)'\(near); it must be one of \(Self.list(known))")
    }

    static func integer(_ text: String) -> Int? {
        if let value = Int(text) { return value }
        let lower = text.lowercased()
        if lower.hasPrefix("0x") { return Int(lower.dropFirst(2), radix: 16) }
        if lower.hasPrefix("-0x") { return Int(lower.dropFirst(3), radix: 16).map { -$0 } }
        return nil
    }

    static func list(_ names: [String]) -> String {
        names.joined(separator: ", ")
    }

    func nearMatches(_ text: String, _ known: [String]) -> String {
        NearMatchHint.hint(text, among: known)
    }

    // MARK: - Collections

    /// The node as a list of cursors.
    func sequence() throws(RegisterMapError) -> [YAMLCursor] {
        guard case .sequence(let sequence) = node else {
            throw error("'\(path)' should be a list (entries starting with '- '), not a \(kindName)")
        }
        return sequence.enumerated().map { YAMLCursor(node: $1, path: "\(path)[\($0)]", source: source) }
    }

    /// The node as a mapping whose keys must all be in `allowed`.
    func mapping(allowed: [String]) throws(RegisterMapError) -> YAMLMappingCursor {
        guard case .mapping(let mapping) = node else {
            throw error("'\(path.isEmpty ? "the map" : path)' should be a mapping of keys to values, not a \(kindName)")
        }
        var entries: [(key: String, keyLocation: SourceLocation, value: YAMLCursor)] = []
        for (keyNode, valueNode) in mapping {
            let keyLocation = keyNode.mark.map { SourceLocation(line: $0.line, column: $0.column) } ?? location
            guard let key = keyNode.string else {
                throw error("a key in '\(path)' is not text", at: keyLocation)
            }
            let childPath = path.isEmpty ? key : "\(path).\(key)"
            if let first = entries.first(where: { $0.key == key }) {
                throw error("'\(childPath)' is given twice (first at \(first.keyLocation))", at: keyLocation)
            }
            guard allowed.contains(key) else {
                let near = nearMatches(key, allowed)
                throw error("unknown key '\(childPath)'\(near); known keys here: \(Self.list(allowed))", at: keyLocation)
            }
            entries.append((key, keyLocation, YAMLCursor(node: valueNode, path: childPath, source: source)))
        }
        return YAMLMappingCursor(cursor: self, entries: entries)
    }
}

/// A YAML mapping whose keys have been checked, read key by key.
struct YAMLMappingCursor {
    let cursor: YAMLCursor
    let entries: [(key: String, keyLocation: SourceLocation, value: YAMLCursor)]

    /// The value at `key`, or nil when absent (or explicitly null).
    func optional(_ key: String) -> YAMLCursor? {
        guard let entry = entries.first(where: { $0.key == key }) else { return nil }
        if case .scalar(let scalar) = entry.value.node, scalar.tag.rawValue == Tag.Name.null.rawValue
            || (scalar.style == .plain && ["", "~", "null"].contains(scalar.string)) {
            return nil
        }
        return entry.value
    }

    /// The value at `key`, or an error naming the key and what it is for.
    func required(_ key: String, _ purpose: String) throws(RegisterMapError) -> YAMLCursor {
        guard let value = optional(key) else {
            let place = cursor.path.isEmpty ? "the map" : "'\(cursor.path)'"
            throw cursor.error("\(place) needs '\(key)': \(purpose)")
        }
        return value
    }

    /// Where `key` is written, or the mapping's own place when absent.
    func location(of key: String) -> SourceLocation {
        entries.first(where: { $0.key == key })?.keyLocation ?? cursor.location
    }
}
