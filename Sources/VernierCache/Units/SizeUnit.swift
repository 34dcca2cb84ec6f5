/// A unit of data size, as access logs and capacities are written: decimal (kB, MB, GB, TB: powers of 1000)
/// and binary (KiB, MiB, GiB, TiB: powers of 1024).
public enum SizeUnit: String, Sendable, Hashable, Codable, CaseIterable {
    case bytes = "B"
    case kilobytes = "kB"
    case megabytes = "MB"
    case gigabytes = "GB"
    case terabytes = "TB"
    case kibibytes = "KiB"
    case mebibytes = "MiB"
    case gibibytes = "GiB"
    case tebibytes = "TiB"

    /// Bytes in one of this unit.
    public var bytes: Int64 {
        switch self {
        case .bytes: 1
        case .kilobytes: 1_000
        case .megabytes: 1_000_000
        case .gigabytes: 1_000_000_000
        case .terabytes: 1_000_000_000_000
        case .kibibytes: 1 << 10
        case .mebibytes: 1 << 20
        case .gibibytes: 1 << 30
        case .tebibytes: 1 << 40
        }
    }

    /// The unit spelled `text` (case-sensitive for the `i`, so `MiB` ≠ `MB`; `KB` and `kb` read as kB).
    public init?(spelling text: String) {
        if let unit = SizeUnit(rawValue: text) { self = unit; return }
        switch text {
        case "KB", "kb": self = .kilobytes
        case "", "b", "bytes": self = .bytes
        default: return nil
        }
    }

    /// Every spelling accepted, for error messages.
    public static var spellings: String { allCases.map(\.rawValue).joined(separator: ", ") }
}
