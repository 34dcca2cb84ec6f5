/// Reads libCacheSim's `oracleGeneral` binary traces, so its public trace collections work as they are.
///
/// Each request is a 24-byte little-endian record (libCacheSim `traceReader/customizedReader/oracle/
/// oracleGeneralBin.h`): `uint32` clock time (s), `uint64` object id, `uint32` object size (bytes), `int64`
/// next access virtual time (the request index of the object's next request; −1 or `INT64_MAX` when there is
/// none). Requests of size 0 are skipped, as libCacheSim does by default. The next-access field is kept, so
/// Belady needs no pre-pass.
public struct OracleGeneralReader: TraceSource {
    public static let recordSize = 24

    public let path: String
    public private(set) var diagnostics = TraceDiagnostics()
    public var providesNextAccess: Bool { true }
    public var objectCount: Int { objects.count }

    private let reader: ByteChunkReader
    private var objects = ObjectTable()
    private var record = 0

    public init(path: String) throws(TraceError) {
        self.path = path
        reader = try ByteChunkReader(path: path)
        let bytes = reader.fileSize()
        guard bytes % Int64(Self.recordSize) == 0 else {
            throw .truncatedRecord(path: path, bytes: bytes, recordSize: Self.recordSize)
        }
        guard bytes > 0 else { throw .noValidRows(path: path, problems: ["the file is empty"]) }
    }

    public mutating func next() throws -> CacheRequest? {
        while try reader.ensure(Self.recordSize) {
            let base = reader.position
            reader.position += Self.recordSize
            record += 1
            let (time, id, size, nextAccess) = reader.buffer.withUnsafeBytes { raw in
                (UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: base, as: UInt32.self)),
                 UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: base + 4, as: UInt64.self)),
                 UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: base + 12, as: UInt32.self)),
                 Int64(littleEndian: raw.loadUnaligned(fromByteOffset: base + 16, as: Int64.self)))
            }
            guard size > 0 else {
                diagnostics.record(line: record, "record of size 0 (skipped, as libCacheSim does)")
                continue
            }
            return CacheRequest(time: Double(time), object: objects.index(of: id), size: Int64(size),
                                nextAccess: nextAccess < 0 ? CacheRequest.neverAgain : nextAccess)
        }
        return nil
    }
}
