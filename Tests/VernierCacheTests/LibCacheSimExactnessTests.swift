import Foundation
import Testing
@testable import VernierCache

/// LRU, FIFO, LFU and Belady object and byte hit ratios equal libCacheSim's (its Python bindings) to 4
/// decimals, on a drift and a static synthetic trace at 5, 10 and 20 % of the working set.
/// Fixture: `Benchmarks/cache-fixture.sh` (libcachesim 0.3.5; sizes in MB so they fit its 32 bits).
struct LibCacheSimExactnessTests {
    struct Expected: Decodable {
        struct Trace: Decodable {
            var requests: Int
            var files: Int
            var working_set_mb: Int64
            var results: [Result]
        }
        struct Result: Decodable {
            var fraction: Double
            var capacity_mb: Int64
            var policy: String
            var hit_ratio: Double
            var byte_hit_ratio: Double
        }
        var traces: [String: Trace]
    }

    static let fixtures = Bundle.module.resourceURL!.appendingPathComponent("Fixtures")

    static func expected() throws -> Expected {
        try JSONDecoder().decode(Expected.self, from: Data(contentsOf: fixtures.appendingPathComponent("libcachesim-expected.json")))
    }

    @Test(arguments: ["drift", "static"])
    func hitRatiosMatchLibCacheSim(trace name: String) throws {
        let trace = try #require(try Self.expected().traces[name])
        #expect(trace.results.count == 12)
        let opener = TraceOpener(path: Self.fixtures.appendingPathComponent("\(name).csv").path, sizeUnit: .megabytes)
        for result in trace.results {
            let eviction = try #require(EvictionPolicy(rawValue: result.policy))
            var simulation = MultiPolicySimulation(
                policies: [CachePolicy(eviction: eviction)],
                configuration: CacheConfiguration(capacity: result.capacity_mb * 1_000_000))
            var source = try opener.openWithNextAccess()
            let count = try simulation.run(&source)
            #expect(count == trace.requests)
            #expect(source.objectCount == trace.files)
            let metrics = simulation.simulators[0].metrics
            let label = "\(name) \(result.policy) at \(result.fraction)"
            #expect(abs(metrics.hitRatio - result.hit_ratio) < 5e-5, "\(label): object hit ratio \(metrics.hitRatio) vs libCacheSim \(result.hit_ratio)")
            #expect(abs(metrics.byteHitRatio - result.byte_hit_ratio) < 5e-5, "\(label): byte hit ratio \(metrics.byteHitRatio) vs libCacheSim \(result.byte_hit_ratio)")
        }
    }
}
