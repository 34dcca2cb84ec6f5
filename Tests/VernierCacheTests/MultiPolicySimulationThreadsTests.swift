import Foundation
import Testing
import VernierCore
@testable import VernierCache

/// `cache simulate --threads N`: the policies of one pass replayed on several threads give the figures of the
/// sequential pass, bit for bit.
@Suite struct MultiPolicySimulationThreadsTests {
    /// Eight policies (every eviction, both admission rules) over a 20,000-request synthetic drift trace at 1 TB,
    /// on 1, 2, 3 and 8 threads: the same totals, daily tallies, occupancy and metrics for every policy.
    @Test func everyThreadCountGivesTheSequentialFigures() throws {
        let path = try Self.syntheticTrace(requests: 20_000, seed: 7)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let names = ["lru", "lfu", "lfuda", "fifo", "size-big", "belady", "lru+second-hit", "lfu+size:4GB"]
        let policies = try names.map { try #require(CachePolicy(parsing: $0), "policy \($0)") }

        func figures(threads: Int) throws -> [PolicyFigures] {
            var simulation = MultiPolicySimulation(policies: policies, configuration: CacheConfiguration(capacity: 1_000_000_000_000))
            var source = try TraceOpener(path: path).openWithNextAccess()
            #expect(try simulation.run(&source, threads: threads) == 20_000)
            return simulation.simulators.map(PolicyFigures.init)
        }

        let sequential = try figures(threads: 1)
        try #require(sequential.count == names.count)
        // A pass that did nothing would match itself: every policy must have hit and missed.
        for (name, policy) in zip(names, sequential) {
            #expect(policy.total.hits > 0 && policy.total.hits < policy.total.requests, "\(name): \(policy.total)")
        }
        #expect(Set(sequential.map(\.total.hits)).count > 4, "the policies should differ")
        for threads in [2, 3, 8] {
            let parallel = try figures(threads: threads)
            #expect(parallel == sequential, "\(threads) threads")
        }
    }

    /// A limit that ends inside a batch (10,001 of 20,000 requests): every thread count stops at it, with the
    /// figures of the sequential run.
    @Test func aLimitStopsEveryThreadCountAtTheSameRequest() throws {
        let path = try Self.syntheticTrace(requests: 20_000, seed: 8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let policies = [CachePolicy(eviction: .lru), CachePolicy(eviction: .lfu), CachePolicy(eviction: .fifo)]
        func figures(threads: Int) throws -> [PolicyFigures] {
            var simulation = MultiPolicySimulation(policies: policies, configuration: CacheConfiguration(capacity: 500_000_000_000))
            var source = try TraceOpener(path: path).open()
            #expect(try simulation.run(&source, limit: 10_001, threads: threads) == 10_001)
            return simulation.simulators.map(PolicyFigures.init)
        }
        let sequential = try figures(threads: 1)
        #expect(sequential.allSatisfy { $0.total.requests == 10_001 })
        for threads in [2, 4] { #expect(try figures(threads: threads) == sequential, "\(threads) threads") }
    }

    /// What a policy's run leaves, compared exactly.
    struct PolicyFigures: Equatable {
        var total: CacheTally
        var daily: [CacheTally]
        var dayNumbers: [Int]
        var occupancy: [Double]
        var metrics: CacheMetrics

        init(_ simulator: CacheSimulator) {
            total = simulator.total
            daily = simulator.daily
            dayNumbers = simulator.dayNumbers
            occupancy = simulator.dailyOccupancy
            metrics = simulator.metrics
        }
    }

    /// A synthetic drift trace as CSV in a temporary file.
    static func syntheticTrace(requests: Int, seed: UInt64) throws -> String {
        var text = SyntheticTraceGenerator.csvHeader + "\n"
        SyntheticTraceGenerator(kind: .drift, requests: requests, seed: seed).generate { row in
            text += SyntheticTraceGenerator.csvLine(row) + "\n"
        }
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("vernier-threads-\(UUID().uuidString).csv").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}
