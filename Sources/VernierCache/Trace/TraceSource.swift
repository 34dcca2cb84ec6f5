/// A stream of requests read from a trace, one at a time, in trace order.
///
/// Readers stream: they hold a fixed-size read buffer and one entry per distinct file (its dense index), never
/// the whole trace. File readers are single-pass: copies share the open file and its position, so read
/// through one variable (open the trace again for a second pass, as ``TraceOpener`` does).
public protocol TraceSource {
    /// The next request, or `nil` at the end of the trace.
    mutating func next() throws -> CacheRequest?
    /// Distinct files seen so far (the dense indices handed out are `0..<objectCount`).
    var objectCount: Int { get }
    /// Rows that could not be read so far, with the first few described.
    var diagnostics: TraceDiagnostics { get }
    /// Whether requests carry `nextAccess` (libCacheSim's oracle traces do; CSV traces do not).
    var providesNextAccess: Bool { get }
    /// Replaces `buffer`'s contents with up to `maximum` next requests; 0 at the end of the trace. Lets a hot
    /// loop pay for one dynamic call per batch instead of per request.
    mutating func nextBatch(into buffer: inout [CacheRequest], maximum: Int) throws -> Int
}

extension TraceSource {
    public mutating func nextBatch(into buffer: inout [CacheRequest], maximum: Int) throws -> Int {
        buffer.removeAll(keepingCapacity: true)
        while buffer.count < maximum, let request = try next() { buffer.append(request) }
        return buffer.count
    }
}

/// A trace held in memory (tests, the RL view, a trace split for training).
public struct ArrayTraceSource: TraceSource {
    public let requests: [CacheRequest]
    public private(set) var position = 0
    public let objectCount: Int
    public var diagnostics: TraceDiagnostics { TraceDiagnostics() }
    public let providesNextAccess: Bool

    /// - Parameter requests: with dense object indices `0..<objectCount`.
    public init(_ requests: [CacheRequest]) {
        self.requests = requests
        objectCount = Int(requests.lazy.map(\.object).max() ?? -1) + 1
        providesNextAccess = requests.allSatisfy { $0.nextAccess != CacheRequest.unknownNextAccess }
    }

    public mutating func next() throws -> CacheRequest? {
        guard position < requests.count else { return nil }
        defer { position += 1 }
        return requests[position]
    }
}
