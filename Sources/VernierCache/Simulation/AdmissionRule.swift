/// Whether a missed file is written into the cache.
public enum AdmissionRule: Sendable {
    /// Every miss is stored (when it fits the cache at all).
    case always
    /// A file is stored on a miss only if it was requested before within `window` seconds (the "second hit"
    /// filter against one-hit wonders).
    case secondHit(window: Double)
    /// Only files of at most `bytes` are stored.
    case sizeAtMost(bytes: Int64)
    /// A trained admission policy (a lookup table over discretised observations), replayed.
    case learned(LearnedAdmission)
    /// A learner deciding live (training), fed the delayed, size-weighted rewards of its decisions.
    case learning(any AdmissionLearner)
    /// The caller decides each miss itself, between ``CacheSimulator/prepare(_:)`` and
    /// ``CacheSimulator/complete(admitting:)`` (the RL view); rewards accumulate for it to collect.
    case external

    /// Short text for tables: `always`, `2nd hit < 1 d`, `≤ 5 GiB`, `learned`.
    public var displayName: String {
        switch self {
        case .always: "always"
        case let .secondHit(window): "second hit within \(window.formatted3) s"
        case let .sizeAtMost(bytes): "size ≤ \(ByteCount(bytes: bytes))"
        case .learned: "learned"
        case .learning: "learning"
        case .external: "agent"
        }
    }
}
