/// Why a trace cannot be read.
public enum TraceError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file cannot be opened or read.
    case unreadable(path: String, reason: String)
    /// The CSV header lacks a required column (time, file or size) under any known alias.
    case missingColumn(role: String, header: [String], aliases: [String])
    /// A `--columns` mapping names a column the header does not have, or a role Vernier does not know.
    case badColumnMapping(String)
    /// Not one row of the trace could be read.
    case noValidRows(path: String, problems: [String])
    /// A binary trace's length is not a whole number of records.
    case truncatedRecord(path: String, bytes: Int64, recordSize: Int)
    /// The sizes of the trace's requests add up to 2⁶³ bytes or more (the simulator counts bytes in 64 bits);
    /// `place` names the row (`line N`) or record (`record N at byte offset K`) that got there.
    case tooManyBytes(path: String, place: String)

    public var description: String {
        switch self {
        case let .unreadable(path, reason):
            "cannot read trace '\(path)': \(reason)"
        case let .missingColumn(role, header, aliases):
            "the trace has no \(role) column (header: \(header.joined(separator: ","))); name it one of "
                + "\(aliases.joined(separator: ", ")) or map it with --columns \(role)=COLUMN"
        case let .badColumnMapping(text):
            text
        case let .noValidRows(path, problems):
            (["trace '\(path)' has no valid row; it needs time (s), file and size (bytes, or --size-unit)"]
                + problems).joined(separator: "\n  ")
        case let .truncatedRecord(path, bytes, recordSize):
            "'\(path)' is \(bytes) bytes, not a whole number of \(recordSize)-byte oracleGeneral records: record "
                + "\(bytes / Int64(recordSize) + 1), at byte offset \(bytes / Int64(recordSize) * Int64(recordSize)), has "
                + "only \(bytes % Int64(recordSize)) bytes (was the file cut short, or is it another format? --format csv)"
        case let .tooManyBytes(path, place):
            "trace '\(path)', \(place): the requests' sizes add up to 2^63 bytes (8 EiB) or more, past what the "
                + "simulator counts; check the size column's unit (--size-unit) or cut the trace"
        }
    }
}
