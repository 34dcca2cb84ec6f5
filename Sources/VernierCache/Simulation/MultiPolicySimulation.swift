import VernierCore

/// Several policies over one pass of a trace: the trace is read once, a batch at a time, and every policy's
/// simulator replays each batch — on up to `threads` threads, each thread simulating its own slice of the
/// policies over the same read-only batch.
///
/// A simulator's results depend only on the requests it replays, in order; so they are the same, bit for bit,
/// whatever the thread count.
public struct MultiPolicySimulation {
    public private(set) var simulators: [CacheSimulator]

    public init(policies: [CachePolicy], configuration: CacheConfiguration) {
        simulators = policies.map { CacheSimulator(policy: $0, configuration: configuration) }
    }

    /// Whether any policy needs next-access times (Belady).
    public var needsNextAccess: Bool { simulators.contains { $0.policy.eviction == .belady } }

    /// Whether any policy learns its admissions while it runs (a learner is a shared reference).
    var usesLearners: Bool {
        simulators.contains { if case .learning = $0.policy.admission { true } else { false } }
    }

    /// Requests read at a time; each policy replays the batch in turn.
    static let batchSize = 4_096

    /// Runs the whole of `source` (or its first `limit` requests); `progress` is called about every 65 536
    /// requests with the count so far, on the calling thread. Returns the number of requests simulated.
    ///
    /// - Parameters:
    ///   - threads: threads replaying each batch (≥ 1; more than the number of policies are not used). The
    ///     trace is read on the calling thread, between batches. Policies that learn while they run
    ///     (``AdmissionRule/learning(_:)``) may share their learner, so with any of them everything runs on
    ///     the calling thread.
    @discardableResult
    public mutating func run(_ source: inout any TraceSource, limit: Int = .max, threads: Int = 1,
                             progress: ((Int) -> Void)? = nil) throws -> Int {
        let threads = usesLearners ? 1 : threads
        var count = 0
        var batch: [CacheRequest] = []
        batch.reserveCapacity(Self.batchSize)
        while count < limit, try source.nextBatch(into: &batch, maximum: min(Self.batchSize, limit - count)) > 0 {
            // Shared read-only by the threads; handed back to `batch` afterwards, whose storage is then unique
            // again, so the next read reuses it instead of copying it.
            let requests = batch
            batch = []
            simulators.withUnsafeMutableBufferPointer { buffer in
                let slots = DisjointSlots(buffer)
                ParallelSlices.run(count: slots.count, threads: threads) { range in
                    for index in range {
                        for request in requests { slots[index].process(request) }
                    }
                }
            }
            batch = requests
            let before = count
            count += batch.count
            if before >> 16 != count >> 16 { progress?(count) }
        }
        return count
    }
}
