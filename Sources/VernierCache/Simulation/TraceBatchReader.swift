/// Reads a trace a batch at a time, up to a request limit, keeping a failure for the caller to throw: the reader
/// that fills the next batch on its own thread while the simulators replay the current one
/// (``MultiPolicySimulation/run(_:limit:threads:progress:)``).
struct TraceBatchReader {
    /// The trace; read through this variable only while the reader is in use.
    var source: any TraceSource
    /// The requests read last (empty at the end of the trace, at the limit, or after a failure).
    var batch: [CacheRequest] = []
    /// Requests read so far.
    private(set) var requestsRead = 0
    /// The most requests to read.
    let limit: Int
    /// Requests per batch.
    let batchSize: Int
    /// What went wrong reading, if anything; nothing more is read after it.
    private(set) var failure: (any Error)?

    init(source: any TraceSource, limit: Int, batchSize: Int) {
        self.source = source
        self.limit = limit
        self.batchSize = batchSize
        batch.reserveCapacity(batchSize)
    }

    /// Replaces ``batch`` with the next requests (none at the end, at the limit or after a failure).
    mutating func readNext() {
        guard failure == nil, requestsRead < limit else {
            batch.removeAll(keepingCapacity: true)
            return
        }
        do {
            requestsRead += try source.nextBatch(into: &batch, maximum: min(batchSize, limit - requestsRead))
        } catch {
            failure = error
            batch.removeAll(keepingCapacity: true)
        }
    }
}
