import Foundation
import Testing
import VernierCore
import VernierMath
import VernierNN
import VernierPlants
@testable import VernierRL

/// `vernier train --threads N`: the environment copies of a rollout stepped on several threads give the same
/// training, bit for bit — returns, losses, weights, normaliser statistics, generator state — as one thread.
@Suite struct ParallelSteppingTests {
    /// Everything a short training run leaves behind.
    struct Outcome: Equatable {
        /// The whole resumable state: weights, Adam moments, normalisers, generator, episodes, counters.
        var checkpoint: PPOCheckpoint
        /// Its bytes, so that −0 and 0 (equal as numbers) would still differ.
        var checkpointBytes: Data
        /// The losses and diagnostics of every update.
        var updates: [PPOUpdateStatistics]
        /// The returns of the finished episodes, in the order they were recorded.
        var returns: [Double]
        var policy: PolicyFile
    }

    static func train<Env: Environment>(copies: [Env], plantID: String, configuration: PPOConfiguration,
                                        threads: Int, seed: UInt64) throws -> Outcome {
        let trainer = try PPOTrainer(environments: copies, configuration: configuration, plantID: plantID, seed: seed)
        trainer.environmentThreads = threads
        #expect(trainer.environmentThreads == threads)
        var updates: [PPOUpdateStatistics] = []
        try trainer.train(totalSteps: configuration.totalSteps) { updates.append($0.statistics) }
        let checkpoint = trainer.checkpoint()
        return Outcome(checkpoint: checkpoint, checkpointBytes: try checkpoint.encoded(), updates: updates,
                       returns: trainer.episodes.recentReturns, policy: trainer.policyFile())
    }

    /// Pendulum, 5 copies (slices of 2, 1, 1, 1 on 4 threads) with 50-step episodes, gSDE and both normalisers,
    /// three rollouts of 64 steps: 1, 2, 4 and 8 threads give identical outcomes, and the run is not trivial
    /// (episodes finished, the weights moved).
    @Test func pendulumTrainingIsIdenticalOnEveryThreadCount() throws {
        var configuration = PPOConfiguration()
        configuration.environmentCount = 5
        configuration.stepsPerEnvironment = 64
        configuration.minibatchSize = 64
        configuration.epochs = 3
        configuration.hiddenSizes = [16, 16]
        configuration.useSDE = true
        configuration.sdeSampleFrequency = 4
        configuration.normalizeObservations = true
        configuration.normalizeRewards = true
        configuration.totalSteps = 3 * configuration.rolloutSize
        var options = Pendulum.Options()
        options.maxEpisodeSteps = 50
        let copies = (0..<5).map { _ in Pendulum(options: options) }

        let sequential = try Self.train(copies: copies, plantID: "classic/Pendulum-v1", configuration: configuration,
                                        threads: 1, seed: 11)
        #expect(sequential.updates.count == 3)
        #expect(sequential.returns.count == 5 * (3 * 64 / 50))
        let initial = try PPOTrainer(environments: copies, configuration: configuration,
                                     plantID: "classic/Pendulum-v1", seed: 11).parameterVector
        #expect(initial != sequential.checkpoint.parameters, "training should move the weights")
        for threads in [2, 4, 8] {
            let parallel = try Self.train(copies: copies, plantID: "classic/Pendulum-v1", configuration: configuration,
                                          threads: threads, seed: 11)
            #expect(parallel == sequential, "\(threads) threads")
        }
    }

    /// AWAKE steering with its shipped preset for one rollout and update: 2 and 4 threads give what 1 gives.
    @Test func awakeTrainingIsIdenticalOnEveryThreadCount() throws {
        var configuration = try ShippedPolicyTests.preset("awake.yaml")
        configuration.totalSteps = configuration.rolloutSize
        let copies = try (0..<configuration.environmentCount).map { _ in try AwakeSteering() }
        let sequential = try Self.train(copies: copies, plantID: "awake/Steering-v1", configuration: configuration,
                                        threads: 1, seed: 3)
        #expect(!sequential.returns.isEmpty)
        for threads in [2, 4] {
            let parallel = try Self.train(copies: copies, plantID: "awake/Steering-v1", configuration: configuration,
                                          threads: threads, seed: 3)
            #expect(parallel == sequential, "\(threads) threads")
        }
    }

    /// A copy that fails mid-rollout: on any thread count the error of the lowest-numbered failing copy is the
    /// one thrown, as on one thread.
    @Test(arguments: [1, 2, 3])
    func theLowestFailingCopysErrorIsThrown(threads: Int) throws {
        var vector = try VectorEnvironment([FailsAtStep(copy: 0, failsAt: 99), FailsAtStep(copy: 1, failsAt: 3),
                                            FailsAtStep(copy: 2, failsAt: 3)])
        vector.threadCount = threads
        try vector.reset(seed: 1)
        let actions = [0.0, 0.0, 0.0]
        for _ in 0..<2 { try vector.step(actions) }
        #expect(throws: FailsAtStep.Failure(copy: 1)) { try vector.step(actions) }
    }
}

/// Throws ``Failure`` at its `failsAt`-th step.
private struct FailsAtStep: Environment {
    struct Failure: Error, Equatable { var copy: Int }
    var copy: Int
    var failsAt: Int
    var t = 0
    var metadata: PlantMetadata { PlantMetadata(machine: "test: fails at a step") }
    var observationSpace: Space { .box(Box(low: [0], high: [100])) }
    var actionSpace: Space { .box(Box(low: [-1], high: [1])) }

    mutating func reset(seed: UInt64?, options: ResetOptions?) throws -> Reset { Reset(observation: [0]) }

    mutating func step(_ action: [Double]) throws -> Step {
        t += 1
        if t == failsAt { throw Failure(copy: copy) }
        return Step(observation: [Double(t)], reward: 0, terminated: false, truncated: false)
    }
}
