/// What a cache-study report shows (the grid cache advisor fills it): each policy's figures, and per-day hit
/// ratio and occupancy curves. The report renders whatever metrics and policies it is given.
public struct CacheStudySummary: Sendable {
    /// One figure of merit across the policies, e.g. the byte hit ratio.
    public struct Metric: Sendable, Hashable {
        /// The metric's name with its unit, e.g. `byte hit ratio`.
        public var name: String
        /// One value per policy, in ``CacheStudySummary/policies`` order.
        public var values: [Double]
        /// Whether larger is better (hit ratios) or smaller (network traffic, latency).
        public var higherIsBetter: Bool
        public init(name: String, values: [Double], higherIsBetter: Bool) {
            self.name = name
            self.values = values
            self.higherIsBetter = higherIsBetter
        }
    }

    /// A policy's day-by-day curves.
    public struct Daily: Sendable, Hashable {
        public var policy: String
        /// Hit ratio of each day, 0–1.
        public var hitRatio: [Double]
        /// Cache occupancy at the end of each day, 0–1 of the capacity; empty when the simulator does not track it.
        public var occupancy: [Double]
        public init(policy: String, hitRatio: [Double], occupancy: [Double]) {
            self.policy = policy
            self.hitRatio = hitRatio
            self.occupancy = occupancy
        }
    }

    /// The study's title, e.g. `Cache study of site X, 30 days`.
    public var title: String
    public var facts: [ReportFact]
    /// The policies compared, e.g. `LRU`, `LFU`, `advisor`.
    public var policies: [String]
    public var metrics: [Metric]
    public var daily: [Daily]

    public init(title: String, facts: [ReportFact] = [], policies: [String], metrics: [Metric], daily: [Daily]) {
        self.title = title
        self.facts = facts
        self.policies = policies
        self.metrics = metrics
        self.daily = daily
    }
}
