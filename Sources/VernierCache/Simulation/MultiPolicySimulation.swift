/// Several policies over one pass of a trace: each request goes to every simulator in turn.
public struct MultiPolicySimulation {
    public private(set) var simulators: [CacheSimulator]

    public init(policies: [CachePolicy], configuration: CacheConfiguration) {
        simulators = policies.map { CacheSimulator(policy: $0, configuration: configuration) }
    }

    /// Whether any policy needs next-access times (Belady).
    public var needsNextAccess: Bool { simulators.contains { $0.policy.eviction == .belady } }

    /// Requests read at a time; each policy replays the batch in turn.
    static let batchSize = 4_096

    /// Runs the whole of `source` (or its first `limit` requests); `progress` is called about every 65 536
    /// requests with the count so far. Returns the number of requests simulated.
    @discardableResult
    public mutating func run(_ source: inout any TraceSource, limit: Int = .max,
                             progress: ((Int) -> Void)? = nil) throws -> Int {
        var count = 0
        var batch: [CacheRequest] = []
        batch.reserveCapacity(Self.batchSize)
        while count < limit, try source.nextBatch(into: &batch, maximum: min(Self.batchSize, limit - count)) > 0 {
            for index in simulators.indices {
                for request in batch { simulators[index].process(request) }
            }
            let before = count
            count += batch.count
            if before >> 16 != count >> 16 { progress?(count) }
        }
        return count
    }
}
