import Foundation
import Testing
import VernierStore

/// v4 records: a cache study's policies (figures, recommendation) and their days, round-tripped exactly.
struct CacheStudyRecordTests {
    /// Three policies in a deliberate (not alphabetical) order, one with no days, days that skip, and every
    /// awkward double among the figures.
    static var study: CacheStudyRecord {
        let awkward = Dictionary(uniqueKeysWithValues: awkwardDoubles.enumerated().map { ("value_\($0.offset)", $0.element) })
        return CacheStudyRecord(
            policies: [
                CachePolicyRecord(policy: "lru", metrics: ["hit_ratio": 0.25, "cost": 112.84, "bandwidth": .nan],
                                  days: [CacheDayRecord(day: 0, statistics: ["hit_ratio": 0.1, "occupancy": 0.5]),
                                         CacheDayRecord(day: 3, statistics: ["hit_ratio": 1.0 / 3, "occupancy": 1])]),
                CachePolicyRecord(policy: "belady", metrics: awkward,
                                  days: (0..<365).map { CacheDayRecord(day: $0, statistics: ["occupancy": Double($0) / 365]) }),
                CachePolicyRecord(policy: "learned", metrics: ["cost": 50.68]),
            ],
            recommended: "learned", recommendation: "learned admission cuts cost by 55 % for 6.4 points of read-on-hit (versus LRU).")
    }

    @Test func aStudyRoundTripsExactlyInTheOrderCompared() throws {
        let store = try RunStore.inMemory()
        let run = try store.createRun(sampleRun(kind: RunKind(rawValue: "cache-advise"))).id
        try store.recordCacheStudy(Self.study, of: run)
        try store.finishRun(run, outcome: .completed)
        let read = try #require(try store.cacheStudy(of: run))
        #expect(read.policies.map(\.policy) == ["lru", "belady", "learned"])
        #expect(read.recommended == "learned" && read.recommendation == Self.study.recommendation)
        #expect(read.policies[0].days.map(\.day) == [0, 3])
        #expect(read.policies[1].days.count == 365 && read.policies[2].days.isEmpty)
        for (got, want) in zip(read.policies, Self.study.policies) {
            #expect(sameBits(got.metrics, want.metrics), "\(got.policy)")
            #expect(got.days.count == want.days.count)
            for (gotDay, wantDay) in zip(got.days, want.days) {
                #expect(gotDay.day == wantDay.day && sameBits(gotDay.statistics, wantDay.statistics))
            }
        }
    }

    @Test func aSimulationHasNoRecommendationAndOtherRunsNoStudy() throws {
        let store = try RunStore.inMemory()
        let run = try store.createRun(sampleRun(kind: RunKind(rawValue: "cache-simulate"))).id
        let tune = try store.createRun(sampleRun()).id
        #expect(try store.cacheStudy(of: tune) == nil)
        let simulation = CacheStudyRecord(policies: [CachePolicyRecord(policy: "fifo", metrics: ["hit_ratio": 0.5])])
        try store.recordCacheStudy(simulation, of: run)
        #expect(try store.cacheStudy(of: run) == simulation)
    }

    @Test func recordingAgainReplacesTheEarlierStudy() throws {
        let store = try RunStore.inMemory()
        let run = try store.createRun(sampleRun(kind: RunKind(rawValue: "cache-advise"))).id
        try store.recordCacheStudy(Self.study, of: run)
        let smaller = CacheStudyRecord(policies: [CachePolicyRecord(policy: "lfu", metrics: [:],
                                                                    days: [CacheDayRecord(day: 7, statistics: [:])])])
        try store.recordCacheStudy(smaller, of: run)
        #expect(try store.cacheStudy(of: run) == smaller)
    }

    @Test(arguments: [
        (CacheStudyRecord(policies: []), "at least one policy"),
        (CacheStudyRecord(policies: [.init(policy: "", metrics: [:])]), "needs a name"),
        (CacheStudyRecord(policies: [.init(policy: "lru", metrics: [:]), .init(policy: "lru", metrics: [:])]), "twice"),
        (CacheStudyRecord(policies: [.init(policy: "lru", metrics: [:], days: [.init(day: 2, statistics: [:]),
                                                                              .init(day: 2, statistics: [:])])]),
         "strictly increasing"),
        (CacheStudyRecord(policies: [.init(policy: "lru", metrics: [:], days: [.init(day: -1, statistics: [:])])]), "≥ 0"),
        (CacheStudyRecord(policies: [.init(policy: "lru", metrics: [:])], recommended: "arc"), "not one of the study's policies"),
        (CacheStudyRecord(policies: [.init(policy: "lru", metrics: [:])], recommendation: "why"), "needs the recommended policy"),
    ])
    func invalidStudiesAreRefusedAndNothingIsRecorded(study: CacheStudyRecord, message: String) throws {
        let store = try RunStore.inMemory()
        let run = try store.createRun(sampleRun(kind: RunKind(rawValue: "cache-simulate"))).id
        let error = #expect(throws: RunStoreError.self) { try store.recordCacheStudy(study, of: run) }
        #expect(error?.description.contains(message) == true, "\(String(describing: error))")
        #expect(try store.cacheStudy(of: run) == nil)
    }

    @Test func onlyARunningRunTakesAStudy() throws {
        let store = try RunStore.inMemory()
        let run = try store.createRun(sampleRun(kind: RunKind(rawValue: "cache-simulate"))).id
        try store.finishRun(run, outcome: .completed)
        #expect(throws: RunStoreError.runNotRunning(run, status: .completed)) { try store.recordCacheStudy(Self.study, of: run) }
    }
}
