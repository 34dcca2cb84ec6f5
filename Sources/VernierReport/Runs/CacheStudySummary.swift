/// What a cache-study report shows (`vernier cache simulate` and `cache advise` fill it from the run store): each
/// policy's figures, the recommendation, and per-day hit ratio, byte hit ratio and occupancy curves. The report
/// renders whatever metrics and policies it is given.
public struct CacheStudySummary: Sendable {
    /// One figure of merit across the policies, e.g. the byte hit ratio.
    public struct Metric: Sendable, Hashable {
        /// The metric's name with its definition and unit, e.g. `cost (W+D)/C (%)`.
        public var name: String
        /// One value per policy, in ``CacheStudySummary/policies`` order; NaN where a policy has none.
        public var values: [Double]
        /// Whether larger is better (hit ratios) or smaller (cost, bandwidth).
        public var higherIsBetter: Bool
        public init(name: String, values: [Double], higherIsBetter: Bool) {
            self.name = name
            self.values = values
            self.higherIsBetter = higherIsBetter
        }
    }

    /// A policy's day-by-day curves, one value per entry of `days` in each non-empty series.
    public struct Daily: Sendable, Hashable {
        public var policy: String
        /// Day numbers (days since the first scored request); empty means 1, 2, … for the values given.
        public var days: [Double]
        /// Object hit ratio of each day, 0–1.
        public var hitRatio: [Double]
        /// Byte hit ratio of each day, 0–1; empty when not recorded.
        public var byteHitRatio: [Double]
        /// Cache occupancy at the end of each day, 0–1 of the capacity; empty when the simulator does not track it.
        public var occupancy: [Double]
        public init(policy: String, days: [Double] = [], hitRatio: [Double], byteHitRatio: [Double] = [],
                    occupancy: [Double]) {
            self.policy = policy
            self.days = days
            self.hitRatio = hitRatio
            self.byteHitRatio = byteHitRatio
            self.occupancy = occupancy
        }

        /// The x values of a series of `count` values: ``days`` when it matches, else 1, 2, ….
        func x(count: Int) -> [Double] {
            days.count == count ? days : (0..<count).map { Double($0 + 1) }
        }
    }

    /// The study's title, e.g. `Run r4 — cache-advise of grid/Cache-v1`.
    public var title: String
    public var facts: [ReportFact]
    /// The policies compared, e.g. `lru`, `lfu`, `learned`.
    public var policies: [String]
    public var metrics: [Metric]
    public var daily: [Daily]
    /// The recommended policy (one of ``policies``), if the study recommends one.
    public var recommended: String?
    /// Why, in one sentence.
    public var recommendation: String?
    /// Policies shown for reference that cannot be run (Belady, the offline optimum): never marked best.
    public var referencePolicies: Set<String>
    /// Sentences shown above the table (what the numbers cover, what is missing).
    public var notes: [String]

    public init(title: String, facts: [ReportFact] = [], policies: [String], metrics: [Metric], daily: [Daily],
                recommended: String? = nil, recommendation: String? = nil, referencePolicies: Set<String> = [],
                notes: [String] = []) {
        self.title = title
        self.facts = facts
        self.policies = policies
        self.metrics = metrics
        self.daily = daily
        self.recommended = recommended
        self.recommendation = recommendation
        self.referencePolicies = referencePolicies
        self.notes = notes
    }
}
