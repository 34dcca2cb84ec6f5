import Foundation
import VernierCache

/// What a CSV trace holds, read independently of ``CSVTraceReader`` (slowly and plainly: bytes split at `\n`
/// and `,`, every number through `Double(String)`), as the reader documents it:
///
/// - line 1 is the header (a UTF-8 byte-order mark dropped); lines are split at `\n`, a `\r` before it dropped;
///   blank lines are ignored; line numbers are 1-based;
/// - a row needs as many fields as the header; a finite time within ±9.2·10¹⁸ s; a finite size that, times the
///   unit and rounded to whole bytes, is at least 1 and below 9.2·10¹⁸; a file id that is not blank;
/// - fields are read with surrounding spaces (and tabs) trimmed; a file id of 1 to 19 digits is a number (`007`
///   is file 7), anything else a name; files get dense indices in order of first appearance among valid rows;
/// - the protocol is `local`/`l`/`0` or `remote`/`r`/`1` in any case, anything else unknown; CPU and I/O times
///   are finite numbers ≥ 0, or 0;
/// - the sizes of the valid rows must add up to less than 2⁶³ bytes (the simulator's byte counts are 64-bit).
struct CSVTraceExpectation {
    /// The file's lines, `\r\n` and `\n` both ending a line; index 0 is line 1.
    let lines: [[UInt8]]
    let sizeUnit: SizeUnit

    /// What reading the rows gives.
    struct Reading {
        var requests: [CacheRequest] = []
        /// 1-based numbers of the lines skipped as bad rows, in order.
        var badLines: [Int] = []
        var objectCount = 0
        /// Whether the valid rows' sizes add up past 2⁶³ − 1 (reading stops at the row that does it).
        var totalOverflows = false
    }

    init(_ bytes: [UInt8], sizeUnit: SizeUnit) {
        self.sizeUnit = sizeUnit
        var lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { line in
            line.last == UInt8(ascii: "\r") ? Array(line.dropLast()) : Array(line)
        }
        // A final newline ends the last line; it does not start another.
        if bytes.last == UInt8(ascii: "\n") { lines.removeLast() }
        if let first = lines.first, first.starts(with: [0xEF, 0xBB, 0xBF]) { lines[0] = Array(first.dropFirst(3)) }
        self.lines = lines
    }

    /// The header's column names.
    var header: [String] {
        (lines.first ?? []).split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false)
            .map { String(decoding: $0, as: UTF8.self) }
    }

    /// The reader's columns agree with the header: as many, the required roles found, no column used twice,
    /// each role at a column of its mapped name or one of its aliases.
    func checkColumns(_ columns: TraceColumns, mapping: [String: String]) {
        let header = self.header
        FuzzCheck.require(columns.columnCount == header.count,
                          "\(columns.columnCount) columns read from a header of \(header.count): \(header)")
        for role in [TraceColumns.Role.time, .file, .size] {
            FuzzCheck.require(columns.index[role] != nil, "no \(role) column, yet the header was accepted")
        }
        FuzzCheck.require(Set(columns.index.values).count == columns.index.count, "a column with two roles: \(columns.index)")
        for (role, position) in columns.index {
            FuzzCheck.require(position >= 0 && position < header.count, "\(role) at column \(position) of \(header.count)")
            let name = Self.normalize(header[position])
            let mapped = mapping.first { key, _ in TraceColumns.Role(rawValue: key) == role || role.aliases.contains(key) }
            if let mapped {
                FuzzCheck.require(name == Self.normalize(mapped.value), "--columns \(mapped.key)=\(mapped.value) read column '\(header[position])'")
            } else {
                FuzzCheck.require(role.aliases.contains(name), "\(role) read from column '\(header[position])'")
            }
        }
    }

    /// The rows, read as documented above with `columns`' roles.
    func requests(columns: TraceColumns) -> Reading {
        var reading = Reading()
        var objects: [String: Int32] = [:]
        var datasets: [String: Int32] = [:]
        var total: Int64 = 0
        for (offset, line) in lines.enumerated().dropFirst() where !line.isEmpty {
            let lineNumber = offset + 1
            let fields = line.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false)
                .map { String(decoding: $0, as: UTF8.self).trimmingCharacters(in: .whitespaces) }
            guard fields.count == columns.columnCount,
                  let time = fields[columns.index[.time] ?? 0].asDouble, time.isFinite, abs(time) < 9.2e18,
                  let size = fields[columns.index[.size] ?? 0].asDouble, size.isFinite else {
                reading.badLines.append(lineNumber)
                continue
            }
            let bytes = (size * Double(sizeUnit.bytes)).rounded()
            let file = fields[columns.index[.file] ?? 0]
            guard bytes >= 1, bytes < 9.2e18, !file.isEmpty else {
                reading.badLines.append(lineNumber)
                continue
            }
            let (sum, overflow) = total.addingReportingOverflow(Int64(bytes))
            if overflow {
                reading.totalOverflows = true
                break
            }
            total = sum
            let isNumber = file.utf8.count <= 19 && file.utf8.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
            let key = isNumber ? "#\(UInt64(file) ?? 0)" : "$" + file
            let object: Int32
            if let known = objects[key] {
                object = known
            } else {
                object = Int32(objects.count)
                objects[key] = object
            }
            var request = CacheRequest(time: time, object: object, size: Int64(bytes))
            if let column = columns.index[.protocol] {
                let lowered = fields[column].utf8.map { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") ? $0 + 32 : $0 }
                if ["local", "l", "0"].contains(where: { Array($0.utf8) == lowered }) {
                    request.access = .local
                } else if ["remote", "r", "1"].contains(where: { Array($0.utf8) == lowered }) {
                    request.access = .remote
                }
            }
            if let column = columns.index[.cpuTime], let value = fields[column].asDouble, value.isFinite, value >= 0 {
                request.cpuTime = value
            }
            if let column = columns.index[.ioTime], let value = fields[column].asDouble, value.isFinite, value >= 0 {
                request.ioTime = value
            }
            if let column = columns.index[.dataset], !fields[column].isEmpty {
                // As the file id: 1–19 digits are a number, anything else a name; dense in order of first appearance.
                let name = fields[column]
                let isNumber = name.utf8.count <= 19 && name.utf8.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
                let key = isNumber ? "#\(UInt64(name) ?? 0)" : "$" + name
                if let known = datasets[key] {
                    request.dataset = known
                } else {
                    request.dataset = Int32(datasets.count)
                    datasets[key] = request.dataset
                }
            }
            reading.requests.append(request)
        }
        reading.objectCount = objects.count
        return reading
    }

    /// A header name as the reader compares it: trimmed, lowercased, spaces and dashes as `_`.
    static func normalize(_ name: String) -> String {
        String(name.trimmingCharacters(in: .whitespaces).lowercased().map { $0 == " " || $0 == "-" ? "_" : $0 })
    }
}

extension String {
    /// The text as a number, as `Double(String)` reads it.
    fileprivate var asDouble: Double? { Double(self) }
}
