import Testing
@testable import VernierCache

/// Each eviction policy on traces worked out by hand (unit sizes unless said; capacity in bytes).
struct EvictionPolicyTests {
    static func pattern(_ trace: String, _ eviction: EvictionPolicy, capacity: Int64,
                        sizes: [Character: Int64] = [:]) -> String {
        TraceBuilder.hitPattern(TraceBuilder.requests(trace, sizes: sizes), policy: CachePolicy(eviction: eviction),
                                capacity: capacity)
    }

    // A B A C B A with room for two files.
    // LRU: C evicts B (A was used later), B evicts A, A evicts C → only the first A repeats hits.
    @Test func lruEvictsTheLeastRecentlyUsed() {
        #expect(Self.pattern("ABACBA", .lru, capacity: 2) == "mmhmmm")
    }

    // FIFO: the hit on A does not refresh it, so C evicts A; B then hits; A evicts B.
    @Test func fifoEvictsTheFirstInserted() {
        #expect(Self.pattern("ABACBA", .fifo, capacity: 2) == "mmhmhm")
    }

    // LFU: A has two requests when C comes, so C evicts B; B then evicts C (one request each, C reached it
    // later but is the only one at count 1); A hits.
    @Test func lfuEvictsTheLeastFrequent() {
        #expect(Self.pattern("ABACBA", .lfu, capacity: 2) == "mmhmmh")
    }

    // LFU ties: A and B both reach two requests; A reached it first, so C evicts A (libCacheSim's bucket order),
    // and the last A misses. Evicting the later one (B) would have made it hit.
    @Test func lfuBreaksTiesByWhoReachedTheCountFirst() {
        #expect(Self.pattern("ABABCA", .lfu, capacity: 2) == "mmhhmm")
        #expect(Self.pattern("ABABCB", .lfu, capacity: 2) == "mmhhmh")
    }

    // LFU forgets counts on eviction: A is hit twice, evicted, and re-enters at count 1.
    @Test func lfuCountsOnlyWhileCached() {
        // cap 1: A A A B A → A's count is lost when B evicts it; A re-enters and the trace ends.
        #expect(Self.pattern("AAABA", .lfu, capacity: 1) == "mhhmm")
    }

    // LFU-DA, room for 2: A reaches key 3; B enters at 1 and C's miss evicts it (L = 1); C enters at 2 and D's
    // miss evicts C (L = 2); D enters at 3, tying A, and E's miss evicts A (it reached 3 first): A has aged out.
    // Plain LFU keeps A (three requests) and evicts D, so the last A hits.
    @Test func lfuWithDynamicAgingLetsOldPopularityAgeOut() {
        #expect(Self.pattern("AAABCDEA", .lfuda, capacity: 2) == "mhhmmmmm")
        #expect(Self.pattern("AAABCDEA", .lfu, capacity: 2) == "mhhmmmmh")
    }

    // Belady: at C (A next at 3, B next at 4) it evicts B; A hits; B evicts C (never again).
    @Test func beladyEvictsTheFurthestNextAccess() {
        #expect(Self.pattern("ABCAB", .belady, capacity: 2) == "mmmhm")
        // A B C D A B C D with room for 3: D evicts C (furthest), A and B hit, C evicts A or B (never again),
        // D hits — 3 hits, where LRU hits none.
        #expect(Self.pattern("ABCDABCD", .belady, capacity: 3) == "mmmmhhmh")
        #expect(Self.pattern("ABCDABCD", .lru, capacity: 3).filter { $0 == "h" }.count == 0)
    }

    // Sizes A 3, B 1, C 2, capacity 4. Size Big: C evicts A (the largest); A evicts C; B hits.
    @Test func sizeBigEvictsTheLargest() {
        #expect(Self.pattern("ABCAB", .sizeBig, capacity: 4, sizes: ["A": 3, "B": 1, "C": 2]) == "mmmmh")
    }

    // Size Small: C evicts B (smallest), still short, then A; A evicts C; B fits beside A.
    @Test func sizeSmallEvictsTheSmallest() {
        #expect(Self.pattern("ABCAB", .sizeSmall, capacity: 4, sizes: ["A": 3, "B": 1, "C": 2]) == "mmmmm")
    }

    // A file larger than the cache is a miss that stores nothing and evicts nothing (libCacheSim's rule).
    @Test(arguments: EvictionPolicy.allCases)
    func aFileLargerThanTheCacheIsNeverStored(_ eviction: EvictionPolicy) {
        let requests = TraceBuilder.requests("AXA", sizes: ["A": 1, "X": 3])
        let simulator = TraceBuilder.simulate(requests, policy: CachePolicy(eviction: eviction), capacity: 2)
        #expect(simulator.total.hits == 1)
        #expect(simulator.total.written == 1)
        #expect(simulator.total.deleted == 0)
        #expect(simulator.metrics.byteHitRatio == 0.2)
    }

    // The occupancy never exceeds the capacity, whatever the policy.
    @Test(arguments: EvictionPolicy.allCases)
    func occupancyStaysWithinCapacity(_ eviction: EvictionPolicy) {
        let requests = TraceBuilder.requests("ABCDEAFBGCAHDBEA", sizes: ["A": 3, "B": 2, "C": 4, "D": 1, "E": 5, "F": 2, "G": 3, "H": 1])
        var simulator = CacheSimulator(policy: CachePolicy(eviction: eviction), configuration: CacheConfiguration(capacity: 7))
        for request in requests {
            simulator.process(request)
            #expect(simulator.occupied <= 7)
        }
        let total = simulator.total
        #expect(total.written - total.deleted == simulator.occupied)
    }
}
