/// The command-line options a `csv-trace` input carries in an optional first line,
/// `#fuzz size-unit=UNIT;columns=ROLE=COLUMN,…` (either part may be left out), standing for `--size-unit` and
/// `--columns`; without that line, the defaults (bytes, aliases only).
struct CSVFuzzOptions {
    /// `--size-unit` as typed (`B` by default).
    var sizeUnit = "B"
    /// `--columns` as typed, or nil when not given.
    var columns: String?

    static let marker = Array("#fuzz ".utf8)

    /// The options and the bytes of the CSV file that follow them.
    static func split(_ bytes: [UInt8]) -> (CSVFuzzOptions, [UInt8]) {
        var options = CSVFuzzOptions()
        guard bytes.starts(with: marker) else { return (options, bytes) }
        let end = bytes.firstIndex(of: UInt8(ascii: "\n")) ?? bytes.endIndex
        let line = String(decoding: bytes[marker.count..<end], as: UTF8.self)
        for part in line.split(separator: ";", omittingEmptySubsequences: true) {
            if part.hasPrefix("size-unit=") {
                options.sizeUnit = String(part.dropFirst("size-unit=".count))
            } else if part.hasPrefix("columns=") {
                options.columns = String(part.dropFirst("columns=".count))
            }
        }
        return (options, Array(bytes[min(end + 1, bytes.endIndex)...]))
    }
}
