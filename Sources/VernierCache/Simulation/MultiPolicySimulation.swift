/// Several policies over one pass of a trace: each request goes to every simulator in turn.
public struct MultiPolicySimulation {
    public private(set) var simulators: [CacheSimulator]

    public init(policies: [CachePolicy], configuration: CacheConfiguration) {
        simulators = policies.map { CacheSimulator(policy: $0, configuration: configuration) }
    }

    /// Whether any policy needs next-access times (Belady).
    public var needsNextAccess: Bool { simulators.contains { $0.policy.eviction == .belady } }

    /// Runs the whole of `source` (or its first `limit` requests); `progress` is called every 65 536 requests
    /// with the count so far. Returns the number of requests simulated.
    @discardableResult
    public mutating func run(_ source: inout any TraceSource, limit: Int = .max,
                             progress: ((Int) -> Void)? = nil) throws -> Int {
        var count = 0
        while count < limit, let request = try source.next() {
            for index in simulators.indices { simulators[index].process(request) }
            count += 1
            if count & 0xFFFF == 0 { progress?(count) }
        }
        return count
    }
}
