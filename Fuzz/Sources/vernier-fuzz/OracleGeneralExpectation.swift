import VernierCache

/// What a libCacheSim `oracleGeneral` file holds, decoded independently of ``OracleGeneralReader`` (byte by
/// byte): 24-byte little-endian records of `uint32` time (s), `uint64` id, `uint32` size (bytes), `int64` next
/// access (negative: none); size-0 records are skipped; ids get dense indices in order of first appearance
/// among the records kept.
struct OracleGeneralExpectation {
    static let recordSize = 24
    /// The requests of the records kept.
    var requests: [CacheRequest] = []
    /// 0-based indices of the records skipped (size 0).
    var skippedRecords: [Int] = []
    /// Why the whole file is refused before any record is read (empty, or not whole records), or nil.
    var refusedWhole: String?

    init(_ bytes: [UInt8]) {
        guard !bytes.isEmpty else { refusedWhole = "empty"; return }
        guard bytes.count % Self.recordSize == 0 else { refusedWhole = "cut short"; return }
        var objects: [UInt64: Int32] = [:]
        for record in 0..<(bytes.count / Self.recordSize) {
            let base = record * Self.recordSize
            func field(_ offset: Int, _ width: Int) -> UInt64 {
                (0..<width).reduce(UInt64(0)) { $0 | UInt64(bytes[base + offset + $1]) << (8 * UInt64($1)) }
            }
            let time = field(0, 4), id = field(4, 8), size = field(12, 4)
            let nextAccess = Int64(bitPattern: field(16, 8))
            guard size > 0 else { skippedRecords.append(record); continue }
            let object = objects[id] ?? Int32(objects.count)
            objects[id] = object
            requests.append(CacheRequest(time: Double(time), object: object, size: Int64(size),
                                         nextAccess: nextAccess < 0 ? CacheRequest.neverAgain : nextAccess))
        }
    }
}
