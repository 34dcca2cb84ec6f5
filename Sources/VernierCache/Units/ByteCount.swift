/// A number of bytes given with an optional unit (`100TiB`, `2.5GB`, `1048576`), as capacities are written.
public struct ByteCount: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The count in bytes, at least 0.
    public var bytes: Int64

    public init(bytes: Int64) { self.bytes = bytes }

    /// Parses `text`: a non-negative number followed by an optional ``SizeUnit`` (spaces allowed between).
    /// `nil` for anything else, or for a count that does not fit 63 bits.
    public init?(parsing text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let numberEnd = trimmed.firstIndex { !($0.isNumber || $0 == "." || $0 == "e" || $0 == "E" || $0 == "+") }
            ?? trimmed.endIndex
        let numberText = trimmed[..<numberEnd]
        let unitText = trimmed[numberEnd...].trimmingCharacters(in: .whitespaces)
        guard let value = Double(numberText), value.isFinite, value >= 0,
              let unit = SizeUnit(spelling: unitText) else { return nil }
        let bytes = (value * Double(unit.bytes)).rounded()
        guard bytes < 9.2e18 else { return nil }
        self.bytes = Int64(bytes)
    }

    /// The count with the largest binary unit that keeps it at least 1 (`100 TiB`, `2.61 GiB`).
    public var description: String { Self.format(Double(bytes)) }

    /// `bytes` with the largest binary unit that keeps it at least 1, three significant figures.
    public static func format(_ bytes: Double) -> String {
        let units: [SizeUnit] = [.tebibytes, .gibibytes, .mebibytes, .kibibytes]
        for unit in units where abs(bytes) >= Double(unit.bytes) {
            let value = bytes / Double(unit.bytes)
            let text = value == value.rounded() ? String(Int64(value)) : String(format3(value))
            return "\(text) \(unit.rawValue)"
        }
        return "\(Int64(bytes)) B"
    }

    private static func format3(_ value: Double) -> String {
        let digits = value >= 100 ? 0 : value >= 10 ? 1 : 2
        var text = String(Int64((value * pow10(digits)).rounded()))
        if digits > 0 {
            while text.count <= digits { text = "0" + text }
            text.insert(".", at: text.index(text.endIndex, offsetBy: -digits))
        }
        return text
    }

    private static func pow10(_ n: Int) -> Double { n == 0 ? 1 : n == 1 ? 10 : 100 }
}
