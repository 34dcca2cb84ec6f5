import Foundation

/// The id of a run in a run store: `r` followed by a positive integer (`r1`, `r2`, … `r417`).
///
/// Ids are short enough to type at a terminal and increase with creation time, so `r12` was created after
/// `r11`. They are unique within one store and never reused, even after a run is deleted (SQLite
/// `AUTOINCREMENT`). Two stores may both hold an `r12`; the store path says which one is meant.
public struct RunID: Sendable, Hashable, Comparable, Codable, LosslessStringConvertible {
    /// The run's number in its store (≥ 1); the SQL primary key.
    public let number: Int64

    /// The run numbered `number` (≥ 1).
    public init(number: Int64) {
        precondition(number >= 1, "run numbers start at 1")
        self.number = number
    }

    /// Parses `r12`, `R12` or `12`; `nil` for anything else (including `r0` and negative numbers).
    public init?(_ description: String) {
        let trimmed = description.trimmingCharacters(in: .whitespaces)
        let digits = trimmed.first.map { $0 == "r" || $0 == "R" } == true ? trimmed.dropFirst() : Substring(trimmed)
        guard !digits.isEmpty, digits.allSatisfy(\.isASCIIDigit), let number = Int64(digits), number >= 1 else {
            return nil
        }
        self.number = number
    }

    /// `r` and the number, e.g. `r12`.
    public var description: String { "r\(number)" }

    public static func < (lhs: RunID, rhs: RunID) -> Bool { lhs.number < rhs.number }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let id = RunID(text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "'\(text)' is not a run id (ids look like r12)")
        }
        self = id
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

extension Character {
    /// Whether the character is one of the ASCII digits 0–9 (not any Unicode digit).
    fileprivate var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
