/// One policy of a cache study: its figures over the scored requests and its day-by-day series.
public struct CachePolicyRecord: Sendable, Hashable {
    /// The policy's name as `vernier cache` spells it, e.g. `lru`, `lru+second-hit`, `learned`; not empty and
    /// unique within its study.
    public var policy: String
    /// The run's figures by name, read back bit for bit. `vernier cache` writes `requests`, `hit_ratio`,
    /// `byte_hit_ratio` (fractions 0–1), `throughput` ((H − W)/C, percent), `cost` ((W + D)/C, percent),
    /// `read_on_hit` (H/(H + M), percent), `redirected`, `days` and, when known, `throughput_hit_per_write`
    /// (H/W, a ratio), `bandwidth` (M/B, percent) and `cpu_efficiency` (percent).
    public var metrics: [String: Double]
    /// The policy's days in increasing order (day numbers strictly increasing).
    public var days: [CacheDayRecord]

    public init(policy: String, metrics: [String: Double], days: [CacheDayRecord] = []) {
        self.policy = policy
        self.metrics = metrics
        self.days = days
    }
}
