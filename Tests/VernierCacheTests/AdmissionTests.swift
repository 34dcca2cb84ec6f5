import Foundation
import Testing
@testable import VernierCache

/// Admission rules, the learned table, and the delayed rewards of the RL view.
struct AdmissionTests {
    // Second hit within 10 s: A's first miss is skipped, its second (5 s later) stored, its third a hit;
    // B comes back after 20 s and is never stored.
    @Test func secondHitAdmitsOnlyFilesSeenWithinTheWindow() {
        var requests = TraceBuilder.requests("AAA", step: 5)
        requests += [CacheRequest(time: 20, object: 1, size: 1), CacheRequest(time: 40, object: 1, size: 1)]
        let simulator = TraceBuilder.simulate(requests, policy: CachePolicy(eviction: .lru, admission: .secondHit(window: 10)),
                                              capacity: 10)
        #expect(simulator.total.hits == 1)
        #expect(simulator.total.written == 1)
        #expect(simulator.contains(0) && !simulator.contains(1))
    }

    @Test func sizeThresholdAdmitsOnlySmallFiles() {
        let requests = TraceBuilder.requests("ABAB", sizes: ["A": 2, "B": 5])
        let simulator = TraceBuilder.simulate(requests, policy: CachePolicy(eviction: .lru, admission: .sizeAtMost(bytes: 3)),
                                              capacity: 10)
        #expect(simulator.total.hits == 1)
        #expect(simulator.total.written == 2)
    }

    @Test func policiesParseFromTheCommandLine() throws {
        #expect(CachePolicy(parsing: "lru")?.eviction == .lru)
        #expect(CachePolicy(parsing: "size-big")?.eviction == .sizeBig)
        let second = try #require(CachePolicy(parsing: "lru+second-hit:3600"))
        guard case let .secondHit(window) = second.admission else { Issue.record("not second-hit"); return }
        #expect(window == 3600)
        let size = try #require(CachePolicy(parsing: "lfu+size:10GB"))
        guard case let .sizeAtMost(bytes) = size.admission else { Issue.record("not size"); return }
        #expect(bytes == 10_000_000_000)
        #expect(CachePolicy(parsing: "lru+sometimes") == nil)
        #expect(CachePolicy(parsing: "arc") == nil)
    }

    // A table that skips every state writes nothing; one that stores everywhere is plain LRU.
    @Test func learnedTableReplaysItsDecisions() throws {
        let states = AdmissionStateEncoder().stateCount
        let requests = TraceBuilder.requests("ABACBA")
        let never = LearnedAdmission(admit: Array(repeating: false, count: states), visits: Array(repeating: 1, count: states))
        let skipping = TraceBuilder.simulate(requests, policy: CachePolicy(eviction: .lru, admission: .learned(never)), capacity: 2)
        #expect(skipping.total.written == 0)
        #expect(skipping.total.hits == 0)
        let always = LearnedAdmission(admit: Array(repeating: true, count: states), visits: Array(repeating: 0, count: states))
        let storing = TraceBuilder.simulate(requests, policy: CachePolicy(eviction: .lru, admission: .learned(always)), capacity: 2)
        let lru = TraceBuilder.simulate(requests, policy: CachePolicy(eviction: .lru), capacity: 2)
        #expect(storing.total == lru.total)
        // Saved and read back, it is the same table.
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("admission-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: url) }
        try never.jsonData().write(to: url)
        #expect(try LearnedAdmission(contentsOf: url) == never)
        try Data("{\"format\": \"other\"}".utf8).write(to: url)
        #expect(throws: (any Error).self) { try LearnedAdmission(contentsOf: url) }
    }

    // The encoder's bins: a first request of a 3 GB file in an empty cache, and a bigger, older, fuller case.
    @Test func stateEncoderBinsTheObservation() {
        let encoder = AdmissionStateEncoder()
        let first = AdmissionObservation(size: 3_000_000_000, requestCount: 1, timeSinceLastRequest: .infinity,
                                         occupancy: 0, hitRate: 0)
        // size bin: 0.25, 0.5, 1, 2 GB passed → 4; count 1 → 0; age first → 0.
        #expect(encoder.state(of: first) == ((4 * 5 + 0) * 6 + 0) * 16)
        let later = AdmissionObservation(size: 100, requestCount: 9, timeSinceLastRequest: 7_200, occupancy: 1, hitRate: 0.3)
        #expect(encoder.state(of: later) == (((0 * 5 + 4) * 6 + 2) * 4 + 3) * 4 + 1)
        #expect(encoder.stateCount == 7 * 5 * 6 * 4 * 4)
    }

    /// Records what a learner was told.
    final class RecordingLearner: AdmissionLearner, @unchecked Sendable {
        var decide: Bool
        var rewards: [(admitted: Bool, reward: Double)] = []
        init(decide: Bool) { self.decide = decide }
        func admits(state: Int) -> Bool { decide }
        func learn(state: Int, admitted: Bool, reward: Double) { rewards.append((admitted, reward)) }
    }

    // Stored files: +size (GB) when hit again, −size when evicted unused. Room for one 2 GB file: A stored, B
    // stored (evicting A unused: −2), B hit (+2), A stored again (evicting B: its decision was settled).
    @Test func storeDecisionsAreRewardedAtTheNextRequestOrEviction() {
        let learner = RecordingLearner(decide: true)
        let requests = TraceBuilder.requests("ABBA", sizes: ["A": 2_000_000_000, "B": 2_000_000_000])
        _ = TraceBuilder.simulate(requests, policy: CachePolicy(eviction: .lru, admission: .learning(learner)),
                                  capacity: 2_000_000_000)
        #expect(learner.rewards.map(\.reward) == [-2, 2])
        #expect(learner.rewards.allSatisfy { $0.admitted })
    }

    // Skipped files: −size if they come back while the cache still has room (the horizon is then unbounded),
    // +size for those that never come back, settled at the end of learning.
    @Test func skipDecisionsAreRewardedByWhetherTheFileCameBack() {
        let learner = RecordingLearner(decide: false)
        let requests = TraceBuilder.requests("ABA", sizes: ["A": 1_000_000_000, "B": 3_000_000_000])
        var simulator = CacheSimulator(policy: CachePolicy(eviction: .lru, admission: .learning(learner)),
                                       configuration: CacheConfiguration(capacity: 10_000_000_000))
        for request in requests { simulator.process(request) }
        #expect(learner.rewards.map(\.reward) == [-1])
        simulator.resolvePendingSkips()
        #expect(learner.rewards.map(\.reward).sorted() == [-1, 1, 3])
    }
}
