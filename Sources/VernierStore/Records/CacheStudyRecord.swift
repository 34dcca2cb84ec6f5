/// What a cache run (`vernier cache simulate` or `cache advise`) found, as its report needs it: every policy
/// compared, in the order compared, and the advisor's recommendation.
public struct CacheStudyRecord: Sendable, Hashable {
    /// The policies, in the order they were compared (at least one).
    public var policies: [CachePolicyRecord]
    /// The name of the recommended policy (one of `policies`), `nil` when nothing was recommended (a simulation).
    public var recommended: String?
    /// Why, in one sentence; only with `recommended`.
    public var recommendation: String?

    public init(policies: [CachePolicyRecord], recommended: String? = nil, recommendation: String? = nil) {
        self.policies = policies
        self.recommended = recommended
        self.recommendation = recommendation
    }

    /// What is wrong with the record, in a sentence naming the fix; `nil` when it can be stored.
    var problem: String? {
        if policies.isEmpty { return "a cache study needs at least one policy" }
        var seen = Set<String>()
        for policy in policies {
            if policy.policy.isEmpty { return "a cache study's policy needs a name" }
            if !seen.insert(policy.policy).inserted {
                return "the cache study names the policy '\(policy.policy)' twice; give each policy once"
            }
            for (earlier, later) in zip(policy.days, policy.days.dropFirst()) where later.day <= earlier.day {
                return "the days of policy '\(policy.policy)' must be strictly increasing, but day \(later.day) follows day \(earlier.day)"
            }
            if let first = policy.days.first, first.day < 0 {
                return "the days of policy '\(policy.policy)' must be ≥ 0, not \(first.day)"
            }
        }
        if let recommended, !seen.contains(recommended) {
            return "the recommended policy '\(recommended)' is not one of the study's policies (\(policies.map(\.policy).joined(separator: ", ")))"
        }
        if recommendation != nil && recommended == nil {
            return "a recommendation sentence needs the recommended policy's name"
        }
        return nil
    }
}
