/// Faults `vernier device serve` can inject, so tests see what real devices do on a bad day.
public struct FaultInjection: Sendable, Hashable, Codable {
    /// Delay added before every response (s, ≥ 0): a slow device, or one beyond the client's timeout.
    public var latency: Double
    /// Every N-th request (counted over all links) gets no response at all (0 = never): a lost frame.
    public var dropEvery: Int
    /// After answering the N-th request (counted over all links) the server closes every link, once
    /// (0 = never): a device that reboots or a gateway that drops its connections.
    public var disconnectAfter: Int
    /// How long the server then stays unreachable, refusing connections (s, ≥ 0; 0 = accepts new links at once).
    public var downtime: Double

    public init(latency: Double = 0, dropEvery: Int = 0, disconnectAfter: Int = 0, downtime: Double = 0) {
        self.latency = latency
        self.dropEvery = dropEvery
        self.disconnectAfter = disconnectAfter
        self.downtime = downtime
    }

    /// No faults.
    public static let none = FaultInjection()

    /// The problems with these settings, if any.
    public func problems() -> [String] {
        var found: [String] = []
        if !(latency >= 0 && latency.isFinite) { found.append("latency \(latency) s must be zero or positive") }
        if dropEvery < 0 { found.append("drop-every \(dropEvery) must be zero (never) or positive") }
        if disconnectAfter < 0 { found.append("disconnect-after \(disconnectAfter) must be zero (never) or positive") }
        if !(downtime >= 0 && downtime.isFinite) { found.append("downtime \(downtime) s must be zero or positive") }
        return found
    }
}
