/// The counts the metrics are made of, for one day or a whole trace (bytes in bytes).
public struct CacheTally: Sendable, Hashable, Codable {
    /// Requests, and those that hit.
    public var requests = 0, hits = 0
    /// Misses redirected because the day's bandwidth budget was spent (neither read through the link nor stored).
    public var redirected = 0
    /// Bytes requested, and bytes served from the cache.
    public var bytesRequested: Int64 = 0, bytesHit: Int64 = 0
    /// `H`: bytes read on hit; `M`: bytes read on miss through the link; `W`: bytes written; `D`: bytes deleted.
    public var readOnHit: Int64 = 0, readOnMiss: Int64 = 0, written: Int64 = 0, deleted: Int64 = 0
    /// Sum of the per-request CPU efficiencies (percent, Δ-adjusted) over `cpuRequests` requests with CPU data.
    public var cpuEfficiencySum = 0.0
    public var cpuRequests = 0

    public init() {}

    /// Adds `other`'s counts.
    public mutating func add(_ other: CacheTally) {
        requests += other.requests; hits += other.hits; redirected += other.redirected
        bytesRequested += other.bytesRequested; bytesHit += other.bytesHit
        readOnHit += other.readOnHit; readOnMiss += other.readOnMiss
        written += other.written; deleted += other.deleted
        cpuEfficiencySum += other.cpuEfficiencySum; cpuRequests += other.cpuRequests
    }
}
