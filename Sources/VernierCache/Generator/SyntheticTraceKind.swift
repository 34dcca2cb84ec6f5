/// The two synthetic workloads of `vernier cache generate`.
public enum SyntheticTraceKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// Every dataset keeps its Zipf popularity for the whole trace.
    case `static`
    /// Each dataset is hot only during an activity window of a few weeks and cold (2 % of its popularity)
    /// otherwise, so the popular set drifts.
    case drift
}
