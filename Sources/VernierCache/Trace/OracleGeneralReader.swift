/// Reads libCacheSim's `oracleGeneral` binary traces, so its public trace collections work as they are.
///
/// Each request is a 24-byte little-endian record (libCacheSim `traceReader/customizedReader/oracle/
/// oracleGeneralBin.h`): `uint32` clock time (s), `uint64` object id, `uint32` object size (bytes), `int64`
/// next access virtual time (the request index of the object's next request; −1 or `INT64_MAX` when there is
/// none). Requests of size 0 are skipped, as libCacheSim does by default, and recorded in ``diagnostics`` with
/// their record number and byte offset. The next-access field is kept, so Belady needs no pre-pass. Records are
/// decoded a chunk (up to 1 MiB) at a time. Refused: a file that is not a whole number of records (naming the
/// offset of the one cut short), a file with no record of size > 0, and one whose sizes add up to 2⁶³ bytes or
/// more (the simulator counts bytes in 64 bits).
public struct OracleGeneralReader: TraceSource {
    public static let recordSize = 24

    public let path: String
    public private(set) var diagnostics = TraceDiagnostics()
    public var providesNextAccess: Bool { true }
    public var objectCount: Int { objects.count }

    private let reader: ByteChunkReader
    private var objects = ObjectTable()
    private var record = 0
    private var validRecords = 0
    /// The sizes of the requests decoded so far, in bytes (below 2⁶³).
    public private(set) var totalBytes: Int64 = 0
    private var batch: [CacheRequest] = []
    private var batchPosition = 0

    public init(path: String) throws(TraceError) {
        self.path = path
        reader = try ByteChunkReader(path: path)
        let bytes = reader.fileSize()
        guard bytes % Int64(Self.recordSize) == 0 else {
            throw .truncatedRecord(path: path, bytes: bytes, recordSize: Self.recordSize)
        }
        guard bytes > 0 else { throw .noValidRows(path: path, problems: ["the file is empty"]) }
        batch.reserveCapacity(ByteChunkReader.chunkSize / Self.recordSize)
    }

    public mutating func next() throws -> CacheRequest? {
        while batchPosition == batch.count {
            guard try refill() else {
                try refuseWithoutValidRecords()
                return nil
            }
        }
        defer { batchPosition += 1 }
        return batch[batchPosition]
    }

    public mutating func nextBatch(into buffer: inout [CacheRequest], maximum: Int) throws -> Int {
        buffer.removeAll(keepingCapacity: true)
        while buffer.count < maximum {
            if batchPosition == batch.count {
                guard try refill() else {
                    try refuseWithoutValidRecords()
                    break
                }
                continue
            }
            let take = min(maximum - buffer.count, batch.count - batchPosition)
            buffer.append(contentsOf: batch[batchPosition..<(batchPosition + take)])
            batchPosition += take
        }
        return buffer.count
    }

    /// At the end of the file: a trace whose every record had size 0 holds no request to simulate.
    private func refuseWithoutValidRecords() throws(TraceError) {
        guard validRecords == 0 else { return }
        throw .noValidRows(path: path, problems: diagnostics.report)
    }

    /// Decodes every whole record in the reader's buffer; `false` at the end of the file.
    private mutating func refill() throws -> Bool {
        batch.removeAll(keepingCapacity: true)
        batchPosition = 0
        guard try reader.ensure(Self.recordSize) else { return false }
        let start = reader.position
        let records = reader.available / Self.recordSize
        reader.position += records * Self.recordSize
        var overflowRecord: Int?
        reader.buffer.withUnsafeBytes { raw in
            for index in 0..<records {
                let base = start + index * Self.recordSize
                let time = UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: base, as: UInt32.self))
                let id = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: base + 4, as: UInt64.self))
                let size = UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: base + 12, as: UInt32.self))
                let nextAccess = Int64(littleEndian: raw.loadUnaligned(fromByteOffset: base + 16, as: Int64.self))
                record += 1
                guard size > 0 else {
                    diagnostics.record(record: record, byteOffset: Int64(record - 1) * Int64(Self.recordSize),
                                       "size 0 (skipped, as libCacheSim does)")
                    continue
                }
                let (sum, overflow) = totalBytes.addingReportingOverflow(Int64(size))
                if overflow {
                    overflowRecord = record
                    break
                }
                totalBytes = sum
                validRecords += 1
                batch.append(CacheRequest(time: Double(time), object: objects.index(of: id), size: Int64(size),
                                          nextAccess: nextAccess < 0 ? CacheRequest.neverAgain : nextAccess))
            }
        }
        if let overflowRecord {
            throw TraceError.tooManyBytes(path: path, place: "record \(overflowRecord) at byte offset "
                + "\(Int64(overflowRecord - 1) * Int64(Self.recordSize))")
        }
        return true
    }
}
