import Foundation
import Testing
import VernierMath
import VernierOptimize
import VernierPlants
import VernierTestSupport

/// `vernier tune --seed S`: the plant's scenario takes S, the optimiser its own stream derived from S.
@Suite struct TuneSeedStreamTests {
    @Test("the optimiser draws from SeedStreams.seed(S, .optimizer), not from the plant's stream S")
    func optimizerHasItsOwnStream() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let seed: UInt64 = 5
        let result = try Tool.run(["tune", "awake/Steering-v1", "--optimizer", "random", "--budget", "2",
                                   "--seed", "\(seed)", "--json"], store: scratch.store)
        #expect(result.status == 0, "\(result.standardError)")
        let evaluations = try #require(result.json?["evaluations"] as? [[String: Any]])
        let first = try #require(evaluations.first?["parameters"] as? [Double])

        var plant = try AwakeSteering()
        let start = try plant.initialParameters(seed: seed)
        func firstSuggestion(seed optimizerSeed: UInt64) throws -> [Double] {
            var optimizer = try AnyOptimizer(kind: .random, problem: OptimizationProblem(describing: plant, initialPoint: start),
                                             configuration: OptimizerConfiguration(), seed: optimizerSeed)
            return try #require(try optimizer.suggest(1).first)
        }
        let expected = try firstSuggestion(seed: SeedStreams.seed(seed, for: .optimizer))
        let shared = try firstSuggestion(seed: seed)
        // The envelope hands the plant its own rounding of the point (a last-bit difference, not a choice).
        let distance = zip(first, expected).map { abs($0 - $1) }.max() ?? .infinity
        let sharedDistance = zip(first, shared).map { abs($0 - $1) }.max() ?? 0
        #expect(distance < 1e-15, "\(first) vs \(expected)")
        #expect(sharedDistance > 1e-6, "the optimiser must not share the plant's stream: \(shared)")
    }
}
