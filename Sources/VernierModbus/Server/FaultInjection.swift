/// Faults `vernier device serve` can inject, so tests see what real devices do on a bad day.
///
/// The first four are deterministic (every N-th request, once after N requests); the random ones draw from a
/// generator seeded with ``seed``, so a soak run with random faults can be repeated exactly.
public struct FaultInjection: Sendable, Hashable, Codable {
    /// Delay added before every response (s, ≥ 0): a slow device, or one beyond the client's timeout.
    public var latency: Double
    /// Every N-th request (counted over all links) gets no response at all (0 = never): a lost frame.
    public var dropEvery: Int
    /// After answering the N-th request (counted over all links) the server closes every link, once
    /// (0 = never): a device that reboots or a gateway that drops its connections.
    public var disconnectAfter: Int
    /// How long the server then stays unreachable, refusing connections (s, ≥ 0; 0 = accepts new links at once).
    /// Also the downtime after each random disconnection.
    public var downtime: Double
    /// Further delay before each response, uniform in [0, `latencyJitter`] (s, ≥ 0).
    public var latencyJitter: Double
    /// Probability (0...1) that a request gets no response at all.
    public var dropProbability: Double
    /// Probability (0...1) that, after answering a request, the server closes every link (and stays down for
    /// ``downtime``); over RTU, it goes silent for ``downtime`` instead.
    public var disconnectProbability: Double
    /// Seed of the random faults.
    public var seed: UInt64

    public init(latency: Double = 0, dropEvery: Int = 0, disconnectAfter: Int = 0, downtime: Double = 0,
                latencyJitter: Double = 0, dropProbability: Double = 0, disconnectProbability: Double = 0,
                seed: UInt64 = 1) {
        self.latency = latency
        self.dropEvery = dropEvery
        self.disconnectAfter = disconnectAfter
        self.downtime = downtime
        self.latencyJitter = latencyJitter
        self.dropProbability = dropProbability
        self.disconnectProbability = disconnectProbability
        self.seed = seed
    }

    /// No faults.
    public static let none = FaultInjection()

    /// Whether any random fault is configured.
    public var isRandom: Bool { latencyJitter > 0 || dropProbability > 0 || disconnectProbability > 0 }

    /// The problems with these settings, if any.
    public func problems() -> [String] {
        var found: [String] = []
        if !(latency >= 0 && latency.isFinite) { found.append("latency \(latency) s must be zero or positive") }
        if dropEvery < 0 { found.append("drop-every \(dropEvery) must be zero (never) or positive") }
        if disconnectAfter < 0 { found.append("disconnect-after \(disconnectAfter) must be zero (never) or positive") }
        if !(downtime >= 0 && downtime.isFinite) { found.append("downtime \(downtime) s must be zero or positive") }
        if !(latencyJitter >= 0 && latencyJitter.isFinite) {
            found.append("latency jitter \(latencyJitter) s must be zero or positive")
        }
        if !(0...1).contains(dropProbability) { found.append("drop probability \(dropProbability) must lie in 0...1") }
        if !(0...1).contains(disconnectProbability) {
            found.append("disconnect probability \(disconnectProbability) must lie in 0...1")
        }
        return found
    }
}
