/// One day of one policy in a cache study: that day's figures by name.
public struct CacheDayRecord: Sendable, Hashable {
    /// Days since the first scored request (day 0 holds its first 86 400 s); ≥ 0. Days without requests are
    /// absent, so the numbers may skip.
    public var day: Int
    /// The day's figures by name, read back bit for bit. `vernier cache` writes `requests`, `hit_ratio`,
    /// `byte_hit_ratio` (fractions 0–1), `occupancy` (fraction of the capacity held at the day's end, 0–1),
    /// `throughput`, `cost`, `read_on_hit` (percent) and, when known, `throughput_hit_per_write`, `bandwidth`
    /// and `cpu_efficiency`.
    public var statistics: [String: Double]

    public init(day: Int, statistics: [String: Double]) {
        self.day = day
        self.statistics = statistics
    }
}
