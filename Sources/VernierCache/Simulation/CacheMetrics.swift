/// The HEP cache metrics (SCDL, Tracolli et al. 2020; Tedeschi et al. 2021), for one day or a whole run.
///
/// With `H` read on hit, `M` read on miss, `W` written, `D` deleted, `C` capacity and `B` the daily bandwidth
/// budget (all bytes), in percent unless said:
/// - `throughputHitPerWrite` = H/W (the 2020 definition; a ratio, absent when nothing was written),
/// - `throughput` = (H − W)/C (the later definition),
/// - `cost` = (W + D)/C,
/// - `readOnHit` = H/(H + M),
/// - `bandwidth` = M/B (saturation; absent without a link),
/// - `cpuEfficiency` = mean over requests with CPU data of CPU/(CPU + IO), +Δ for a remote-protocol hit, −Δ for
///   a local-protocol miss (absent when the trace has no CPU data),
/// - `hitRatio`, `byteHitRatio` (fractions in [0, 1]).
///
/// Over a whole run the capacity- and budget-normalised metrics (throughput, cost, bandwidth) are the mean of
/// the daily values, as the papers report them; the ratios (H/W, read-on-hit, CPU efficiency, hit ratios) are
/// taken over the run's totals.
public struct CacheMetrics: Sendable, Hashable, Codable {
    public var requests: Int
    public var hitRatio: Double
    public var byteHitRatio: Double
    public var throughputHitPerWrite: Double?
    public var throughput: Double
    public var cost: Double
    public var readOnHit: Double
    public var bandwidth: Double?
    public var cpuEfficiency: Double?
    public var redirected: Int
    /// Days the metrics span (1 for a day's metrics).
    public var days: Int

    /// One day's (or one span's) metrics from its tally.
    public init(tally: CacheTally, capacity: Int64, bytesPerDay: Double?) {
        requests = tally.requests
        hitRatio = tally.requests > 0 ? Double(tally.hits) / Double(tally.requests) : 0
        byteHitRatio = tally.bytesRequested > 0 ? Double(tally.bytesHit) / Double(tally.bytesRequested) : 0
        throughputHitPerWrite = tally.written > 0 ? Double(tally.readOnHit) / Double(tally.written) : nil
        let c = Double(capacity)
        throughput = 100 * Double(tally.readOnHit - tally.written) / c
        cost = 100 * Double(tally.written + tally.deleted) / c
        let read = tally.readOnHit + tally.readOnMiss
        readOnHit = read > 0 ? 100 * Double(tally.readOnHit) / Double(read) : 0
        bandwidth = bytesPerDay.map { 100 * Double(tally.readOnMiss) / $0 }
        cpuEfficiency = tally.cpuRequests > 0 ? tally.cpuEfficiencySum / Double(tally.cpuRequests) : nil
        redirected = tally.redirected
        days = 1
    }

    /// A run's metrics: ratios over `total`, normalised metrics averaged over `daily`.
    public init(total: CacheTally, daily: [CacheTally], capacity: Int64, bytesPerDay: Double?) {
        self.init(tally: total, capacity: capacity, bytesPerDay: bytesPerDay)
        let perDay = daily.map { CacheMetrics(tally: $0, capacity: capacity, bytesPerDay: bytesPerDay) }
        guard !perDay.isEmpty else { return }
        let n = Double(perDay.count)
        throughput = perDay.map(\.throughput).reduce(0, +) / n
        cost = perDay.map(\.cost).reduce(0, +) / n
        if bytesPerDay != nil { bandwidth = perDay.compactMap(\.bandwidth).reduce(0, +) / n }
        days = perDay.count
    }
}
