/// A link bandwidth in bytes per second, written as network links are: `10Gbit/s`, `1Gbps`, `125MB/s`.
public struct Bandwidth: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Bytes per second, positive.
    public var bytesPerSecond: Double

    public init(bytesPerSecond: Double) { self.bytesPerSecond = bytesPerSecond }

    /// Bytes the link carries in one day (86 400 s): the daily budget `B` of the bandwidth metric.
    public var bytesPerDay: Double { bytesPerSecond * 86_400 }

    /// Parses a positive number and a rate unit: bits (`bit/s`, `bps`, with k/M/G/T decimal prefixes:
    /// `10Gbit/s`, `10Gbps`) or bytes (`B/s`, `kB/s`, `MB/s`, `GB/s`, `MiB/s`, …).
    public init?(parsing text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let numberEnd = trimmed.firstIndex { !($0.isNumber || $0 == ".") } ?? trimmed.endIndex
        guard let value = Double(trimmed[..<numberEnd]), value.isFinite, value > 0 else { return nil }
        var unit = trimmed[numberEnd...].trimmingCharacters(in: .whitespaces)
        let prefixes: [Character: Double] = ["k": 1e3, "K": 1e3, "M": 1e6, "G": 1e9, "T": 1e12]
        for suffix in ["bit/s", "bps", "b/s"] where unit.hasSuffix(suffix) {
            unit.removeLast(suffix.count)
            let scale: Double
            if unit.isEmpty { scale = 1 } else if unit.count == 1, let first = unit.first, let p = prefixes[first] {
                scale = p
            } else { return nil }
            bytesPerSecond = value * scale / 8
            return
        }
        guard unit.hasSuffix("/s"), let size = SizeUnit(spelling: String(unit.dropLast(2))) else { return nil }
        bytesPerSecond = value * Double(size.bytes)
    }

    /// In Gbit/s.
    public var description: String {
        let gigabits = bytesPerSecond * 8 / 1e9
        return gigabits >= 1 ? "\(gigabits.formatted3) Gbit/s" : "\((gigabits * 1000).formatted3) Mbit/s"
    }
}

extension Double {
    /// Up to three significant decimals, without trailing zeros (`10`, `1.25`).
    var formatted3: String {
        let rounded = (self * 1000).rounded() / 1000
        return rounded == rounded.rounded() ? String(Int64(rounded)) : String(rounded)
    }
}
