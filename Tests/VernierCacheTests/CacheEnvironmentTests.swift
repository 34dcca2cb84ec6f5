import Foundation
import Testing
import VernierCore
import VernierYAML
@testable import VernierCache

/// The RL view `grid/Cache-v1` and the synthetic trace generator.
struct CacheEnvironmentTests {
    static let small: CacheEnvironment.Options = {
        var options = CacheEnvironment.Options()
        options.requests = 3_000
        options.maxEpisodeSteps = 200
        return options
    }()

    @Test func passesTheChecker() {
        let diagnostics = PlantChecker(maxSteps: 300).check(CacheEnvironment(options: Self.small))
        #expect(diagnostics.isEmpty, "\(diagnostics)")
    }

    @Test func passesTheCheckerWithEvictionActions() {
        var options = Self.small
        options.evictionActions = true
        let environment = CacheEnvironment(options: options)
        #expect(environment.actionSpace == .discrete(Discrete(10)))
        let diagnostics = PlantChecker(maxSteps: 300).check(environment)
        #expect(diagnostics.isEmpty, "\(diagnostics)")
    }

    // Category eviction, LRU order A B C D E with A, C, E of 0.1 GB (size bin 0) and B, D of 3 GB (bin 4):
    // half of bin 0 rounds up to two files, the least recently used (A, C); "one" of bin 4 is B.
    @Test func categoryEvictionDeletesTheOldestOfTheCategory() {
        let small: Int64 = 100_000_000, large: Int64 = 3_000_000_000
        let requests = TraceBuilder.requests("ABCDE", sizes: ["A": small, "B": large, "C": small, "D": large, "E": small])
        var simulator = CacheSimulator(policy: CachePolicy(eviction: .lru, admission: .external),
                                       configuration: CacheConfiguration(capacity: 100_000_000_000))
        for request in requests where simulator.prepare(request) != nil { simulator.complete(admitting: true) }
        #expect(simulator.evict(sizeBin: 0, share: 0.5) == 2)
        #expect(simulator.evict(sizeBin: 4, share: nil) == 1)
        #expect((0..<5).map { simulator.contains(Int32($0)) } == [false, false, false, true, true])
        #expect(simulator.total.deleted == 2 * small + large)
        #expect(simulator.evict(sizeBin: 2, share: 1) == 0)
    }

    @Test func isRegisteredAsGridCache() throws {
        var registry = PlantRegistry()
        try CacheCatalog.register(into: &registry)
        let plant = try registry.make("grid/Cache-v1")
        #expect((plant as? CacheEnvironment)?.options == CacheEnvironment.Options())
        let decoded = try JSONDecoder().decode(CacheEnvironment.Options.self,
                                               from: Data(#"{"requests": 500, "eviction_actions": true}"#.utf8))
        #expect(decoded.requests == 500 && decoded.evictionActions)
        #expect(throws: (any Error).self) {
            try JSONDecoder().decode(CacheEnvironment.Options.self, from: Data(#"{"requests": 5}"#.utf8))
        }
        #expect(throws: (any Error).self) {
            try JSONDecoder().decode(CacheEnvironment.Options.self, from: Data(#"{"capacity_fraction": 2}"#.utf8))
        }
    }

    // Storing everything is LRU: the agent's hit ratio equals LRU's on the same trace prefix. Skipping
    // everything never hits.
    @Test func actionsStoreOrSkip() throws {
        for (action, expectHits) in [(0.0, false), (1.0, true)] {
            var environment = CacheEnvironment(options: Self.small)
            _ = try environment.reset(seed: 3)
            var last = Step(observation: [], reward: 0, terminated: false, truncated: false)
            repeat { last = try environment.step([action]) } while !last.isDone
            let hitRatio = try #require(last.info.values["hit_ratio"])
            #expect((hitRatio > 0) == expectHits)
        }
        var environment = CacheEnvironment(options: Self.small)
        _ = try environment.reset(seed: 3)
        #expect(throws: CacheEnvironmentError.self) { try environment.step([2]) }
    }

    @Test func generatorIsDeterministicWithTheDocumentedSizes() {
        var first: [SyntheticTraceGenerator.Row] = [], second: [SyntheticTraceGenerator.Row] = []
        SyntheticTraceGenerator(kind: .drift, requests: 20_000, seed: 4).generate { first.append($0) }
        SyntheticTraceGenerator(kind: .drift, requests: 20_000, seed: 4).generate { second.append($0) }
        #expect(first == second)
        #expect(first.count == 20_000)
        #expect(zip(first, first.dropFirst()).allSatisfy { $0.time <= $1.time })
        var sizes: [UInt64: Int64] = [:]
        for row in first { sizes[row.file] = row.size }
        let sorted = sizes.values.sorted()
        let median = Double(sorted[sorted.count / 2])
        #expect(median > 2.5e9 && median < 3.1e9)
    }
}
