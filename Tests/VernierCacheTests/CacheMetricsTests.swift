import Testing
@testable import VernierCache

/// The HEP cache metrics on hand-computed tallies.
struct CacheMetricsTests {
    // LRU, room for 2 unit files, A B A C B A: 1 hit (H = 1), 5 misses (M = 5), 5 writes, 3 evictions.
    @Test func metricsOfOneDayByHand() {
        let requests = TraceBuilder.requests("ABACBA")
        let simulator = TraceBuilder.simulate(requests, policy: CachePolicy(eviction: .lru), capacity: 2) {
            $0.bandwidth = Bandwidth(bytesPerSecond: 1)
        }
        let m = simulator.metrics
        #expect(m.requests == 6)
        #expect(m.hitRatio == 1.0 / 6)
        #expect(m.byteHitRatio == 1.0 / 6)
        #expect(m.throughputHitPerWrite == 1.0 / 5)
        #expect(m.throughput == 100 * (1.0 - 5) / 2)
        #expect(m.cost == 100 * (5.0 + 3) / 2)
        #expect(m.readOnHit == 100 * 1.0 / 6)
        #expect(m.bandwidth == 100 * 5.0 / 86_400)
        #expect(m.cpuEfficiency == nil)
        #expect(m.days == 1)
    }

    // The capacity-normalised metrics are means over days; the ratios are over the totals.
    // Day 0: A B (2 writes); day 1: A B A (two hits; nothing written) — cost 100 % then 0 %.
    @Test func normalisedMetricsAreDailyMeans() {
        var requests = TraceBuilder.requests("AB")
        requests += TraceBuilder.requests("ABA", start: 86_400).map { request in
            var shifted = request
            shifted.nextAccess = .max
            return shifted
        }
        let simulator = TraceBuilder.simulate(requests, policy: CachePolicy(eviction: .lru), capacity: 2)
        let m = simulator.metrics
        #expect(m.days == 2)
        #expect(m.cost == (100 + 0) / 2)
        let dayZero = 100.0 * (0 - 2) / 2, dayOne = 100.0 * (3 - 0) / 2
        #expect(m.throughput == (dayZero + dayOne) / 2)
        #expect(m.hitRatio == 3.0 / 5)
        let days = simulator.dailyMetrics
        #expect(days.map(\.day) == [0, 1])
        #expect(days.map(\.metrics.cost) == [100, 0])
        #expect(days.map(\.metrics.throughputHitPerWrite) == [0, nil])
    }

    // CPU efficiency: CPU 60 s, I/O 40 s is 60 %; a local-protocol miss loses Δ, a remote-protocol hit gains Δ.
    @Test func cpuEfficiencyMovesByDeltaForRemoteHitsAndLocalMisses() {
        let local = TraceBuilder.requests("A", access: .local, cpu: 60, io: 40)
        var remote = TraceBuilder.requests("AA", access: .remote, cpu: 60, io: 40)
        remote[0].access = .local
        let missOnly = TraceBuilder.simulate(local, policy: CachePolicy(eviction: .lru), capacity: 2).metrics
        #expect(abs((missOnly.cpuEfficiency ?? 0) - 41) < 1e-12)
        // A local miss (41) then a remote hit (79): mean 60.
        let both = TraceBuilder.simulate(remote, policy: CachePolicy(eviction: .lru), capacity: 2) {
            $0.cpuEfficiencyDelta = 19
        }.metrics
        #expect(abs((both.cpuEfficiency ?? 0) - 60) < 1e-12)
        let unknown = TraceBuilder.simulate(TraceBuilder.requests("A", cpu: 60, io: 40),
                                            policy: CachePolicy(eviction: .lru), capacity: 2).metrics
        #expect(abs((unknown.cpuEfficiency ?? 0) - 60) < 1e-12)
    }

    // A daily budget of 10 bytes redirects misses once 9.5 bytes were read: files of 5 bytes, the third miss of
    // the day is redirected (not read, not written); the next day starts afresh.
    @Test func missesAreRedirectedOnceNinetyFivePercentOfTheBudgetIsSpent() {
        var requests = TraceBuilder.requests("ABC", sizes: ["A": 5, "B": 5, "C": 5])
        var nextDay = TraceBuilder.requests("D", sizes: ["D": 5], start: 86_400)
        nextDay[0].object = 3
        requests += nextDay
        let simulator = TraceBuilder.simulate(requests, policy: CachePolicy(eviction: .lru), capacity: 100) {
            $0.bandwidth = Bandwidth(bytesPerSecond: 10 / 86_400)
        }
        let total = simulator.total
        #expect(total.redirected == 1)
        #expect(total.readOnMiss == 15)
        #expect(total.written == 15)
        #expect(!simulator.contains(2))
        #expect(simulator.contains(3))
    }

    // Watermarks: capacity 10, high 0.8, low 0.5. Unit files: the 9th write passes 80 %, evicting down to 5.
    @Test func watermarksEvictDownToTheLowMark() {
        let requests = TraceBuilder.requests("ABCDEFGHI")
        let simulator = TraceBuilder.simulate(requests, policy: CachePolicy(eviction: .lru), capacity: 10) {
            $0.highWatermark = 0.8
            $0.lowWatermark = 0.5
        }
        #expect(simulator.occupied == 5)
        #expect(simulator.total.deleted == 4)
        #expect(!simulator.contains(0) && simulator.contains(8))
    }

    @Test func configurationProblemsAreNamed() {
        #expect(CacheConfiguration(capacity: 0).problem != nil)
        #expect(CacheConfiguration(capacity: 1, highWatermark: 0.5, lowWatermark: 0.6).problem != nil)
        #expect(CacheConfiguration(capacity: 1, highWatermark: 0.5).problem != nil)
        #expect(CacheConfiguration(capacity: 1, highWatermark: 0.9, lowWatermark: 0.6).problem == nil)
    }
}

extension CacheMetricsTests {
    // Occupancy at each day's end, capacity 4 B: day 0 stores A (1 B) and B (2 B) → 3/4; day 1 hits A and B and
    // stores C (2 B), evicting A (least recently used) → 4/4; days 2 and 3 have no request; day 4 stores D (1 B),
    // evicting B → 3/4.
    @Test func dailyOccupancyIsTheFractionHeldAtEachDaysEnd() {
        let sizes: [Character: Int64] = ["A": 1, "B": 2, "C": 2, "D": 1]
        var requests = TraceBuilder.requests("AB", sizes: sizes)
        requests += TraceBuilder.requests("ABC", sizes: sizes, start: 86_400)
        requests.append(CacheRequest(time: 4 * 86_400, object: 3, size: 1))
        let simulator = TraceBuilder.simulate(requests, policy: CachePolicy(eviction: .lru), capacity: 4)
        #expect(simulator.dailyMetrics.map(\.day) == [0, 1, 4])
        #expect(simulator.dailyOccupancy == [0.75, 1, 0.75])
        #expect(CacheSimulator(policy: CachePolicy(eviction: .lru), configuration: CacheConfiguration(capacity: 4))
            .dailyOccupancy.isEmpty)
    }
}
