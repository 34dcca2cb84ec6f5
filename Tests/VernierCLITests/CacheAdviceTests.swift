import Testing
import VernierCache
@testable import vernier

/// The advisor's rule and the learned table's construction, on values worked out by hand.
struct CacheAdviceTests {
    typealias Score = CacheAdvice.Score

    // Learned: cost 20 against LRU's 50 (a 60 % cut) for 3 points of read-on-hit: recommended, with both figures.
    @Test func learnedAdmissionIsRecommendedForALargeCutAtASmallLoss() {
        let advice = CacheAdvice(scores: [Score(policy: "lru", cost: 50, readOnHit: 70),
                                          Score(policy: "belady", cost: 10, readOnHit: 90),
                                          Score(policy: "learned", cost: 20, readOnHit: 67)])
        #expect(advice.recommended == "learned")
        #expect(advice.sentence.contains("cuts cost by 60 %"))
        #expect(advice.sentence.contains("3.0 points"))
    }

    // A 6-point loss is too much: the best read-on-hit wins, the cheapest within a point of it (never Belady).
    @Test func otherwiseTheBestReadOnHitAtTheLeastCost() {
        let advice = CacheAdvice(scores: [Score(policy: "lru", cost: 50, readOnHit: 70),
                                          Score(policy: "lfu", cost: 40, readOnHit: 69.5),
                                          Score(policy: "belady", cost: 10, readOnHit: 90),
                                          Score(policy: "learned", cost: 10, readOnHit: 64)])
        #expect(advice.recommended == "lfu")
        #expect(advice.sentence.hasPrefix("lfu reads 69.5 %"))
    }

    // The greedy table stores where Q(store) ≥ Q(skip); an unvisited state takes its file group's visit-weighted
    // decision; a group never visited stores.
    @Test func trainedTableFallsBackToTheFileGroupForUnvisitedStates() {
        let agent = QLearningAdmission(seed: 1)
        let group = AdmissionStateEncoder.statesPerFileGroup
        // Group 0: state 0 visited twice preferring skip (Q skip 0.19, store 0), state 1 once preferring store (0.1).
        agent.learn(state: 0, admitted: false, reward: 1)
        agent.learn(state: 0, admitted: false, reward: 1)
        agent.learn(state: 1, admitted: true, reward: 1)
        let table = agent.trainedPolicy
        #expect(table.admit[0] == false)
        #expect(table.admit[1] == true)
        // Weighted: store 1 × 0.1 = 0.1 against skip 2 × 0.19 = 0.38 → skip.
        #expect(table.admit[2] == false)
        #expect(table.admit[group - 1] == false)
        #expect(table.admit[group] == true)
        #expect(table.visits[0] == 2 && table.visits[2] == 0)
    }
}
