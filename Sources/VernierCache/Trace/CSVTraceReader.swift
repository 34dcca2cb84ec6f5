/// Reads an access log in CSV with a header row, streaming (constant memory besides one index per distinct file).
///
/// Required columns: time (s), file (a number or any text, such as a logical file name) and size; optional:
/// protocol (`local`/`remote`), CPU time (s), I/O time (s), data type, site, user and dataset (see
/// ``TraceColumns/Role/aliases``). Sizes are in `sizeUnit` (bytes by default) and may be fractional in larger
/// units; they are rounded to whole bytes and must fit 63 bits. Fields are read with surrounding spaces trimmed;
/// a file id of 1–19 digits is a number (`007` is file 7), anything else a name. Rows that cannot be read (wrong
/// number of fields, a time that is not a number of seconds within ±9.2·10¹⁸, a size that is not a number, a
/// size ≤ 0, an empty file id) are skipped and recorded in ``diagnostics`` with their 1-based line numbers; blank
/// lines are ignored. A trace with no valid row is refused, and so is one whose sizes add up to 2⁶³ bytes or
/// more (``TraceError/tooManyBytes(path:place:)``: the simulator counts bytes in 64 bits).
public struct CSVTraceReader: TraceSource {
    public let path: String
    public let columns: TraceColumns
    public let sizeUnit: SizeUnit
    public private(set) var diagnostics = TraceDiagnostics()
    public var providesNextAccess: Bool { false }
    public var objectCount: Int { objects.count }
    /// Requests read so far.
    public private(set) var validRows = 0
    /// The sizes of the requests read so far, in bytes (below 2⁶³).
    public private(set) var totalBytes: Int64 = 0

    private let reader: ByteChunkReader
    private var objects = ObjectTable()
    /// Dense indices of the dataset column's values (when the trace has one).
    private var datasets = ObjectTable()
    private var line = 1
    private var fieldStarts: [Int] = []
    private var fieldEnds: [Int] = []

    /// Opens `path` and reads its header.
    /// - Parameters:
    ///   - columns: role → column name overrides (`--columns`), on top of the aliases.
    ///   - sizeUnit: the unit of the size column.
    public init(path: String, columns mapping: [String: String] = [:], sizeUnit: SizeUnit = .bytes) throws(TraceError) {
        self.path = path
        self.sizeUnit = sizeUnit
        reader = try ByteChunkReader(path: path)
        guard let headerLine = try Self.readLine(reader) else {
            throw .noValidRows(path: path, problems: ["the file is empty (a header row is needed)"])
        }
        var header = String(decoding: reader.buffer[headerLine], as: UTF8.self)
        if header.hasPrefix("\u{FEFF}") { header.removeFirst() }
        // Split at the commas themselves, not at characters: a comma followed by a combining mark is one
        // Character but still ends a field, as it does in every row.
        columns = try TraceColumns(header: header.unicodeScalars.split(separator: ",", omittingEmptySubsequences: false)
                                       .map { String(String.UnicodeScalarView($0)) },
                                   mapping: mapping)
    }

    public mutating func next() throws -> CacheRequest? {
        while let range = try Self.readLine(reader) {
            line += 1
            if range.isEmpty { continue }
            if let request = parse(range) {
                let (sum, overflow) = totalBytes.addingReportingOverflow(request.size)
                guard !overflow else { throw TraceError.tooManyBytes(path: path, place: "line \(line)") }
                totalBytes = sum
                validRows += 1
                return request
            }
        }
        if validRows == 0 {
            throw TraceError.noValidRows(path: path, problems: diagnostics.report)
        }
        return nil
    }

    /// The byte range of the next line (without `\n` or `\r\n`), or `nil` at the end of the file.
    private static func readLine(_ reader: ByteChunkReader) throws(TraceError) -> Range<Int>? {
        var searched = 0
        while true {
            let start = reader.position
            let end = reader.buffer.count
            var index = start + searched
            while index < end {
                if reader.buffer[index] == UInt8(ascii: "\n") {
                    reader.position = index + 1
                    var lineEnd = index
                    if lineEnd > start && reader.buffer[lineEnd - 1] == UInt8(ascii: "\r") { lineEnd -= 1 }
                    return start..<lineEnd
                }
                index += 1
            }
            searched = end - start
            if !(try reader.ensure(searched + 1)) {
                // The last line without a final newline (a `\r` still ends it, as before a newline).
                guard reader.available > 0 else { return nil }
                let start = reader.position
                reader.position = reader.buffer.count
                var lineEnd = reader.buffer.count
                if reader.buffer[lineEnd - 1] == UInt8(ascii: "\r") { lineEnd -= 1 }
                return start..<lineEnd
            }
        }
    }

    private mutating func parse(_ range: Range<Int>) -> CacheRequest? {
        fieldStarts.removeAll(keepingCapacity: true)
        fieldEnds.removeAll(keepingCapacity: true)
        var start = range.lowerBound
        for index in range where reader.buffer[index] == UInt8(ascii: ",") {
            fieldStarts.append(start)
            fieldEnds.append(index)
            start = index + 1
        }
        fieldStarts.append(start)
        fieldEnds.append(range.upperBound)
        guard fieldStarts.count == columns.columnCount else {
            diagnostics.record(line: line, "\(fieldStarts.count) fields, the header has \(columns.columnCount)")
            return nil
        }
        let timeColumn = columns.index[.time] ?? 0, fileColumn = columns.index[.file] ?? 0
        let sizeColumn = columns.index[.size] ?? 0
        guard let time = number(timeColumn), time.isFinite else {
            diagnostics.record(line: line, "time '\(text(timeColumn))' is not a number of seconds")
            return nil
        }
        guard abs(time) < Self.timeLimit else {
            diagnostics.record(line: line, "time '\(text(timeColumn))' s is beyond ±9.2e18 s (2^63)")
            return nil
        }
        guard let sizeValue = number(sizeColumn), sizeValue.isFinite else {
            diagnostics.record(line: line, "size '\(text(sizeColumn))' is not a number")
            return nil
        }
        let bytes = (sizeValue * Double(sizeUnit.bytes)).rounded()
        guard bytes >= 1, bytes < 9.2e18 else {
            diagnostics.record(line: line, "size '\(text(sizeColumn))' \(sizeUnit.rawValue) is not a positive size that fits 63 bits")
            return nil
        }
        let object: Int32
        if let key = unsignedInteger(fileColumn) {
            object = objects.index(of: key)
        } else {
            let name = text(fileColumn).trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty else {
                diagnostics.record(line: line, "the file id is empty")
                return nil
            }
            // ` 7` is file 7, as `7` is: a number once its spaces are trimmed.
            if name.utf8.count <= 19, name.utf8.allSatisfy({ $0 &- UInt8(ascii: "0") < 10 }), let key = UInt64(name) {
                object = objects.index(of: key)
            } else {
                object = objects.index(of: name)
            }
        }
        var request = CacheRequest(time: time, object: object, size: Int64(bytes))
        if let column = columns.index[.dataset] {
            // As the file id: digits are a number (` 07` is dataset 7), anything else a name; empty is none.
            if let key = unsignedInteger(column) {
                request.dataset = datasets.index(of: key)
            } else {
                let name = text(column).trimmingCharacters(in: .whitespaces)
                if name.utf8.count <= 19, name.utf8.allSatisfy({ $0 &- UInt8(ascii: "0") < 10 }), let key = UInt64(name) {
                    request.dataset = datasets.index(of: key)
                } else if !name.isEmpty {
                    request.dataset = datasets.index(of: name)
                }
            }
        }
        if let column = columns.index[.protocol] {
            request.access = accessProtocol(column)
        }
        if let column = columns.index[.cpuTime], let value = number(column), value.isFinite, value >= 0 {
            request.cpuTime = value
        }
        if let column = columns.index[.ioTime], let value = number(column), value.isFinite, value >= 0 {
            request.ioTime = value
        }
        return request
    }

    /// Times are refused at or beyond ±9.2·10¹⁸ s (2⁶³), so that day numbers from any two fit an `Int`.
    static let timeLimit = 9.2e18

    private func text(_ column: Int) -> String {
        String(decoding: reader.buffer[fieldStarts[column]..<fieldEnds[column]], as: UTF8.self)
    }

    /// The field as an unsigned integer when it is only digits (the fast path of numeric ids and times).
    private func unsignedInteger(_ column: Int) -> UInt64? {
        let start = fieldStarts[column], end = fieldEnds[column]
        guard start < end, end - start <= 19 else { return nil }
        var value: UInt64 = 0
        for index in start..<end {
            let digit = reader.buffer[index] &- UInt8(ascii: "0")
            guard digit < 10 else { return nil }
            value = value * 10 + UInt64(digit)
        }
        return value
    }

    /// The field as a number: plain decimals (`-12.375`) without allocating — the mantissa (< 2⁵³) and the
    /// power of ten (≤ 10²²) are exact, so one division rounds correctly, as `Double(String)` would; anything
    /// else (exponents, long mantissas, spaces) through `Double(String)`.
    private func number(_ column: Int) -> Double? {
        var index = fieldStarts[column]
        let end = fieldEnds[column]
        var negative = false
        if index < end && (reader.buffer[index] == UInt8(ascii: "-") || reader.buffer[index] == UInt8(ascii: "+")) {
            negative = reader.buffer[index] == UInt8(ascii: "-")
            index += 1
        }
        var mantissa: UInt64 = 0, digits = 0, fraction = 0, seenPoint = false
        while index < end {
            let byte = reader.buffer[index]
            if byte == UInt8(ascii: ".") && !seenPoint {
                seenPoint = true
            } else {
                let digit = byte &- UInt8(ascii: "0")
                guard digit < 10, digits < 15 else { return slowNumber(column) }
                mantissa = mantissa * 10 + UInt64(digit)
                digits += 1
                if seenPoint { fraction += 1 }
            }
            index += 1
        }
        guard digits > 0 else { return slowNumber(column) }
        let magnitude = fraction == 0 ? Double(mantissa) : Double(mantissa) / Self.powersOfTen[fraction]
        return negative ? -magnitude : magnitude
    }

    private static let powersOfTen: [Double] = (0...22).map { exponent in
        (0..<exponent).reduce(1.0) { value, _ in value * 10 }
    }

    private func slowNumber(_ column: Int) -> Double? {
        Double(text(column).trimmingCharacters(in: .whitespaces))
    }

    /// `local`/`l`/`0` or `remote`/`r`/`1`, in any case and with spaces around; anything else is unknown.
    private func accessProtocol(_ column: Int) -> AccessProtocol {
        let start = fieldStarts[column], end = fieldEnds[column]
        guard start < end else { return .unknown }
        if end - start == 1 {
            // Only letters are folded to lower case (a control character is not a digit or a letter).
            switch reader.buffer[start] {
            case UInt8(ascii: "l"), UInt8(ascii: "L"), UInt8(ascii: "0"): return .local
            case UInt8(ascii: "r"), UInt8(ascii: "R"), UInt8(ascii: "1"): return .remote
            default: return .unknown
            }
        }
        if matches(column, "local") { return .local }
        if matches(column, "remote") { return .remote }
        let trimmed = text(column).trimmingCharacters(in: .whitespaces)
        guard trimmed.utf8.count < end - start else { return .unknown }
        let lowered = trimmed.utf8.map { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") ? $0 + 32 : $0 }
        switch String(decoding: lowered, as: UTF8.self) {
        case "local", "l", "0": return .local
        case "remote", "r", "1": return .remote
        default: return .unknown
        }
    }

    /// Whether the field is `word` (lowercase ASCII) in any case, without allocating.
    private func matches(_ column: Int, _ word: StaticString) -> Bool {
        let start = fieldStarts[column], end = fieldEnds[column]
        guard end - start == word.utf8CodeUnitCount else { return false }
        let letters = word.utf8Start
        for offset in 0..<(end - start) where reader.buffer[start + offset] | 0x20 != letters[offset] { return false }
        return true
    }
}
