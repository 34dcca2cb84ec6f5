/// The cache being simulated: its size, its link, and the constants of the metrics.
public struct CacheConfiguration: Sendable, Hashable, Codable {
    /// Capacity `C` in bytes, at least 1.
    public var capacity: Int64
    /// The site's link; misses are redirected (not read, not stored) once `redirectFraction` of the day's budget
    /// `B` is spent. `nil`: an unlimited link, and no bandwidth metric.
    public var bandwidth: Bandwidth?
    /// Fraction of the daily budget after which misses are redirected, in (0, 1]; default 0.95.
    public var redirectFraction: Double
    /// High watermark as a fraction of capacity, in (0, 1]: when occupancy exceeds it after a write, files are
    /// evicted down to `lowWatermark`. `nil`: evict only to make room (libCacheSim's behaviour).
    public var highWatermark: Double?
    /// Low watermark, a fraction of capacity below `highWatermark`.
    public var lowWatermark: Double?
    /// Δ of the CPU-efficiency metric (percentage points): added for a hit read by a remote protocol,
    /// subtracted for a miss read by a local one; default 19 (SCDL).
    public var cpuEfficiencyDelta: Double

    public init(capacity: Int64, bandwidth: Bandwidth? = nil, redirectFraction: Double = 0.95,
                highWatermark: Double? = nil, lowWatermark: Double? = nil, cpuEfficiencyDelta: Double = 19) {
        self.capacity = capacity
        self.bandwidth = bandwidth
        self.redirectFraction = redirectFraction
        self.highWatermark = highWatermark
        self.lowWatermark = lowWatermark
        self.cpuEfficiencyDelta = cpuEfficiencyDelta
    }

    /// What is wrong with the configuration, or `nil`.
    public var problem: String? {
        if capacity < 1 { return "the capacity must be at least 1 byte, got \(capacity)" }
        if !(redirectFraction > 0 && redirectFraction <= 1) { return "the redirect fraction must be in (0, 1]" }
        switch (highWatermark, lowWatermark) {
        case (nil, nil): return nil
        case let (high?, low?):
            return (0 < low && low < high && high <= 1) ? nil
                : "watermarks need 0 < low < high ≤ 1 (fractions of the capacity), got low \(low), high \(high)"
        default: return "give both watermarks (high and low) or neither"
        }
    }
}
