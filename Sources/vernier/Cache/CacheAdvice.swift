import Foundation

/// The advisor's recommendation: which realisable policy (not Belady, which needs the future) to run, and why,
/// in one sentence.
///
/// Rule: learned admission is recommended when it cuts cost (W+D)/C versus LRU by at least 10 % while losing
/// at most 5 points of read-on-hit (SCDL's trade); otherwise the policy with the highest read-on-hit, with the
/// lowest cost among those within 1 point of it.
struct CacheAdvice {
    var recommended: String
    var sentence: String

    /// What the rule reads of a policy's results.
    struct Score {
        var policy: String
        /// (W+D)/C, percent of capacity per day.
        var cost: Double
        /// H/(H+M), percent.
        var readOnHit: Double
    }

    init(reports: [CachePolicyReport]) {
        self.init(scores: reports.map { Score(policy: $0.policy, cost: $0.cost, readOnHit: $0.readOnHit) })
    }

    init(scores: [Score]) {
        let candidates = scores.filter { $0.policy != "belady" }
        let lru = candidates.first { $0.policy == "lru" }
        if let learned = candidates.first(where: { $0.policy == "learned" }), let lru, lru.cost > 0 {
            let cut = 100 * (lru.cost - learned.cost) / lru.cost
            let loss = lru.readOnHit - learned.readOnHit
            if cut >= 10 && loss <= 5 {
                recommended = "learned"
                sentence = loss > 0
                    ? String(format: "learned admission cuts cost by %.0f %% for %.1f points of read-on-hit (versus LRU).", cut, loss)
                    : String(format: "learned admission cuts cost by %.0f %% and gains %.1f points of read-on-hit (versus LRU).", cut, -loss)
                return
            }
        }
        let bestRead = candidates.map(\.readOnHit).max() ?? 0
        let best = candidates.filter { $0.readOnHit >= bestRead - 1 }.min { $0.cost < $1.cost } ?? candidates[0]
        recommended = best.policy
        if let lru, best.policy != "lru" {
            sentence = String(format: "%@ reads %.1f %% of bytes from the cache (LRU %.1f %%) at cost %.0f %% of capacity a day (LRU %.0f %%).",
                              best.policy, best.readOnHit, lru.readOnHit, best.cost, lru.cost)
        } else {
            sentence = String(format: "%@ is as good as any: read-on-hit %.1f %% at cost %.0f %% of capacity a day; learned admission did not cut cost enough to trade hits for it.",
                              best.policy, best.readOnHit, best.cost)
        }
    }
}
