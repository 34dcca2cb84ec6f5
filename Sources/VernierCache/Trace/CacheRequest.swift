/// One access of a trace: a job reading one file.
///
/// `object` is a dense index (0, 1, 2, … in order of first appearance) that the trace reader assigns to each
/// distinct file, so the simulator keeps its per-file state in flat arrays.
public struct CacheRequest: Sendable, Hashable {
    /// When the access started, in seconds (any origin; only differences matter).
    public var time: Double
    /// The file's dense index, 0-based, in order of first appearance in the trace.
    public var object: Int32
    /// The dense index (0-based, in order of first appearance) of the file's dataset (block, directory), or
    /// ``CacheRequest/noDataset`` when the trace does not say; only the `dataset-crf` eviction reads it.
    public var dataset: Int32
    /// The file's size in bytes (64-bit: grid files exceed 4 GiB), at least 1.
    public var size: Int64
    /// How the job read the file, when the trace says.
    public var access: AccessProtocol
    /// CPU time of the job's read (s), or 0 when the trace has none.
    public var cpuTime: Double
    /// I/O (wall minus CPU) time of the job's read (s), or 0 when the trace has none.
    public var ioTime: Double
    /// The index (0-based position in the trace) of the next request for the same file, or
    /// ``CacheRequest/neverAgain`` when there is none; ``CacheRequest/unknownNextAccess`` when not computed.
    public var nextAccess: Int64

    /// `dataset` of a request whose trace names no dataset.
    public static let noDataset = Int32(-1)
    /// `nextAccess` of a file never requested again.
    public static let neverAgain = Int64.max
    /// `nextAccess` of a trace read without its future (Belady needs a pre-pass then).
    public static let unknownNextAccess = Int64(-2)

    public init(time: Double, object: Int32, size: Int64, access: AccessProtocol = .unknown,
                cpuTime: Double = 0, ioTime: Double = 0, nextAccess: Int64 = CacheRequest.unknownNextAccess,
                dataset: Int32 = CacheRequest.noDataset) {
        self.time = time
        self.object = object
        self.dataset = dataset
        self.size = size
        self.access = access
        self.cpuTime = cpuTime
        self.ioTime = ioTime
        self.nextAccess = nextAccess
    }
}

/// How a job read a file: from the site's own storage (local) or streamed from another site (remote).
public enum AccessProtocol: UInt8, Sendable, Hashable, Codable {
    case unknown = 0, local = 1, remote = 2
}
