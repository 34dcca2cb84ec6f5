import VernierCore

/// Several policies over one pass of a trace: the trace is read once, a batch at a time, and every policy's
/// simulator replays each batch. On several threads, one thread reads the next batch while the others replay
/// the current one, each its own slice of the policies, sharing the batch read-only.
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
    ///   - threads: threads to use (≥ 1). With 1, reading and replaying alternate on the calling thread; with
    ///     N ≥ 2, one thread reads the next batch while up to N − 1 replay the current one (more than the number
    ///     of policies are not used). Policies that learn while they run (``AdmissionRule/learning(_:)``) may
    ///     share their learner, so with any of them everything runs on the calling thread.
    @discardableResult
    public mutating func run(_ source: inout any TraceSource, limit: Int = .max, threads: Int = 1,
                             progress: ((Int) -> Void)? = nil) throws -> Int {
        let replayThreads = usesLearners ? 0 : min(threads - 1, simulators.count)
        var reader = TraceBatchReader(source: source, limit: limit, batchSize: Self.batchSize)
        defer { source = reader.source }
        reader.readNext()
        var current: [CacheRequest] = []
        current.reserveCapacity(Self.batchSize)
        var count = 0
        while !reader.batch.isEmpty {
            swap(&current, &reader.batch)
            // Shared read-only by the replaying threads; handed back to `current` afterwards, whose storage is
            // then unique again, so the reader reuses it instead of copying it.
            let requests = current
            current = []
            if replayThreads == 0 {
                replay(requests)
                reader.readNext()
            } else {
                simulators.withUnsafeMutableBufferPointer { buffer in
                    let simulatorSlots = DisjointSlots(buffer)
                    withUnsafeMutablePointer(to: &reader) { pointer in
                        let readerSlot = DisjointSlots(UnsafeMutableBufferPointer(start: pointer, count: 1))
                        // Tasks 0 ..< replayThreads replay their slices of the policies; the last one reads.
                        ParallelSlices.concurrently(replayThreads + 1) { task in
                            if task == replayThreads {
                                readerSlot[0].readNext()
                                return
                            }
                            for index in ParallelSlices.slice(task, of: simulatorSlots.count, into: replayThreads) {
                                for request in requests { simulatorSlots[index].process(request) }
                            }
                        }
                    }
                }
            }
            current = requests
            let before = count
            count += current.count
            if before >> 16 != count >> 16 { progress?(count) }
        }
        if let failure = reader.failure { throw failure }
        return count
    }

    /// Every simulator replays `requests`, on the calling thread.
    private mutating func replay(_ requests: [CacheRequest]) {
        for index in simulators.indices {
            for request in requests { simulators[index].process(request) }
        }
    }
}
