import Foundation
import CAllocationCounter
import Testing
import VernierMath
@testable import VernierNN

@Suite struct PolicyTests {
    /// The action is the clipped mean of the network on the normalised, clipped observation.
    @Test func actionIsTheClippedMeanOfTheNormalisedObservation() throws {
        let file = samplePolicyFile()
        let policy = try Policy(file)
        let network = try file.network()
        let normalization = try #require(file.observationNormalization)
        var action = [0.0, 0.0]
        for observation in [[0.1, -0.3, 2.0], [100, 0, -8], [-0.5, 0.5, 0.25]] {
            let wasClipped = policy.act(observation, into: &action)
            let normalized = (0..<3).map {
                min(max((observation[$0] - normalization.mean[$0]) / (normalization.variance[$0] + 1e-8).squareRoot(), -10), 10)
            }
            let mean = naiveForward(network, parameters: file.flatParameters, input: normalized)
            let expected = mean.map { min(max($0, -1), 1) }
            for k in 0..<2 { #expect(abs(action[k] - expected[k]) < 1e-12) }
            #expect(wasClipped == (mean != expected))
        }
    }

    @Test func discreteActionIsTheArgMaxPlusStart() throws {
        let layers: [PolicyFile.LayerRecord] = [
            .init(inputs: 2, outputs: 3, activation: .linear, weights: [1, 0, 0, 1, -1, -1], bias: [0, 0, 0]),
        ]
        let file = PolicyFile(plantID: "test/Choice-v0", observationCount: 2, layers: layers,
                              head: .init(kind: .categorical, logStd: []), observationNormalization: nil,
                              actionScaling: .discrete(choices: 3, start: 10), provenance: .init(algorithm: "ppo", steps: 0, seed: 0))
        let policy = try Policy(file)
        var action = [0.0]
        policy.act([2, 1], into: &action)
        #expect(action == [10])
        policy.act([1, 3], into: &action)
        #expect(action == [11])
        policy.act([-2, -1], into: &action)
        #expect(action == [12])
    }

    /// Single-observation inference allocates nothing: every heap allocation of this thread is counted (the
    /// test binary interposes malloc) over 10,000 calls after a warm-up call. A positive control shows the
    /// counter sees an array allocation.
    @Test func singleObservationInferenceDoesNotAllocate() throws {
        let policy = try Policy(samplePolicyFile())
        let observation = [0.1, -0.3, 2.0]
        var action = [0.0, 0.0]
        policy.act(observation, into: &action)

        vernier_allocation_counting_begin()
        var checksum = 0.0
        for index in 0..<10_000 {
            policy.act(observation, into: &action)
            checksum += action[index % 2]
        }
        let allocations = vernier_allocation_counting_end()
        #expect(allocations == 0, "\(allocations) allocations in 10,000 inferences")
        #expect(checksum.isFinite)

        vernier_allocation_counting_begin()
        let fresh = Array(repeating: checksum, count: 64 + Int(action[0].magnitude))
        let control = vernier_allocation_counting_end()
        #expect(control >= 1, "the counter missed an array allocation")
        #expect(fresh.count >= 64)
    }
}
