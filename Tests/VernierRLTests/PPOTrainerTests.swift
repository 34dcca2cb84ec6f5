import Foundation
import Testing
import VernierCore
import VernierMath
import VernierNN
@testable import VernierRL

/// A small, quick configuration for tests.
func testConfiguration(envs: Int = 2, steps: Int = 64, batch: Int = 32) -> PPOConfiguration {
    var configuration = PPOConfiguration()
    configuration.environmentCount = envs
    configuration.stepsPerEnvironment = steps
    configuration.minibatchSize = batch
    configuration.hiddenSizes = [16, 16]
    return configuration
}

/// Sets the critic to the constant `value`: last layer's weights 0, bias `value`.
func makeCriticConstant<Env>(_ trainer: PPOTrainer<Env>, value: Double) {
    let critic = trainer.model.critic
    let last = critic.layers.count - 1
    let offset = trainer.model.criticOffset + critic.weightOffset(ofLayer: last)
    for index in 0..<critic.layers[last].weightCount { trainer.parameters[offset + index] = 0 }
    trainer.parameters[offset + critic.layers[last].weightCount] = value
}

/// The deterministic policy's mean return over `episodes` seeded episodes.
func deterministicReturn<Env: Environment>(_ trainer: PPOTrainer<Env>, environment: Env, episodes: Int = 20) throws -> Double {
    var environment = environment
    let policy = try Policy(trainer.policyFile())
    return try PolicyEvaluator.evaluate(policy, on: &environment, episodes: episodes, seed: 99, maxSteps: 100).meanReturn
}

@Suite struct PPOTrainerTests {
    /// A truncated episode's last reward gets γ·V(final observation); a terminated one does not (SB3 #633).
    @Test(arguments: [true, false])
    func truncationBootstrapsTheLastReward(truncates: Bool) throws {
        var configuration = testConfiguration(envs: 1, steps: 8, batch: 8)
        configuration.discount = 0.9
        configuration.gaeLambda = 0.95
        let trainer = try PPOTrainer(environments: [LastStepPays(length: 4, truncates: truncates)],
                                     configuration: configuration, plantID: "test/LastStepPays-v0", seed: 1)
        let c = 0.5
        makeCriticConstant(trainer, value: c)
        try trainer.collectRollouts()
        let rollout = trainer.rollout
        let lastReward = truncates ? 1 + 0.9 * c : 1
        let expectedRewards = [0, 0, 0, lastReward, 0, 0, 0, lastReward]
        for t in 0..<8 {
            #expect(abs(rollout.rewards[t] - expectedRewards[t]) < 1e-12, "r_\(t)")
            #expect(rollout.episodeStarts[t] == (t % 4 == 0 ? 1 : 0))
            #expect(abs(rollout.values[t] - c) < 1e-12)
        }
        // GAE within each episode: δ = γc − c before the last step, r_last − c at it; nothing crosses episodes.
        let deltas = [0.9 * c - c, 0.9 * c - c, 0.9 * c - c, lastReward - c]
        for t in 0..<8 {
            var expected = 0.0
            for k in (t % 4)..<4 { expected += pow(0.9 * 0.95, Double(k - t % 4)) * deltas[k] }
            #expect(abs(rollout.advantages[t] - expected) < 1e-12, "A_\(t)")
        }
    }

    /// Reward 1 forever behind a time limit: the learned value approaches 1/(1 − γ) = 10 in every state,
    /// including the states just before the time limit (which a learner that treats truncation as terminal
    /// would value at about 1).
    @Test func valueOfConstantRewardApproachesOneOverOneMinusGamma() throws {
        var configuration = testConfiguration(envs: 2, steps: 100, batch: 50)
        configuration.discount = 0.9
        configuration.learningRate = 3e-3
        configuration.epochs = 10
        configuration.maxGradientNorm = 10
        let trainer = try PPOTrainer(environments: [ConstantReward(length: 20), ConstantReward(length: 20)],
                                     configuration: configuration, plantID: "test/Constant-v0", seed: 3)
        try trainer.train(totalSteps: 60 * configuration.rolloutSize)
        let workspace = NetworkWorkspace(for: trainer.model.critic, capacity: 1)
        for fraction in [0.0, 0.5, 0.9, 0.95] {
            let input = [fraction]
            input.withUnsafeBufferPointer { x in
                trainer.model.critic.forward(parameters: trainer.parameters.pointer + trainer.model.criticOffset,
                                             input: x.baseAddress!, rows: 1, workspace: workspace)
            }
            let value = workspace.outputs[0]
            #expect(abs(value - 10) < 0.5, "V(t/T = \(fraction)) = \(value), expected 1/(1 − 0.9) = 10")
        }
    }

    @Test func sameSeedGivesBitIdenticalWeights() throws {
        func train(seed: UInt64) throws -> [Double] {
            let trainer = try PPOTrainer(environments: [Reach(), Reach()], configuration: testConfiguration(),
                                         plantID: "test/Reach-v0", seed: seed)
            try trainer.train(totalSteps: 3 * 128)
            return trainer.parameterVector
        }
        let first = try train(seed: 7)
        let second = try train(seed: 7)
        let other = try train(seed: 8)
        #expect(first.map(\.bitPattern) == second.map(\.bitPattern))
        #expect(first != other)
    }

    /// PPO learns the contextual bandit: the deterministic return rises from about −10/3 towards 0.
    @Test(arguments: [false, true])
    func improvesOnReach(useSDE: Bool) throws {
        var configuration = testConfiguration(envs: 4, steps: 64, batch: 64)
        configuration.learningRate = 3e-3
        configuration.useSDE = useSDE
        configuration.sdeSampleFrequency = useSDE ? 4 : -1
        let trainer = try PPOTrainer(environments: Array(repeating: Reach(), count: 4),
                                     configuration: configuration, plantID: "test/Reach-v0", seed: 11)
        let before = try deterministicReturn(trainer, environment: Reach())
        try trainer.train(totalSteps: 40 * configuration.rolloutSize)
        let after = try deterministicReturn(trainer, environment: Reach())
        #expect(before < -2.5, "untrained return \(before)")
        #expect(after > -0.5, "trained return \(after), untrained \(before)")
    }

    /// The categorical head learns to choose by the sign of the observation (space starting at 3).
    @Test func categoricalHeadLearnsToChoose() throws {
        var configuration = testConfiguration(envs: 2, steps: 64, batch: 32)
        configuration.learningRate = 3e-3
        configuration.entropyCoefficient = 0.01
        let environment = Choose(start: 3)
        let trainer = try PPOTrainer(environments: [environment, environment], configuration: configuration,
                                     plantID: "test/Choose-v0", seed: 5)
        try trainer.train(totalSteps: 30 * configuration.rolloutSize)
        let after = try deterministicReturn(trainer, environment: environment)
        #expect(after > 9.5, "trained return \(after) of 10")
        #expect(trainer.policyFile().actionScaling == .discrete(choices: 2, start: 3))
    }

    /// The hand-derived gradient of the PPO loss (clipped surrogate, log-probability and entropy of each head,
    /// clipped value loss) against central finite differences of the loss, for every parameter.
    @Test(arguments: ["gaussian", "gsde", "categorical"])
    func lossGradientMatchesFiniteDifferences(head: String) throws {
        var configuration = testConfiguration(envs: 2, steps: 16, batch: 16)
        configuration.hiddenSizes = [5, 4]
        configuration.entropyCoefficient = 0.05
        configuration.valueClipRange = 0.2
        configuration.clipRange = 0.1
        configuration.learningRate = 0.05
        configuration.useSDE = head == "gsde"
        configuration.logStdInit = -0.5
        let trainer: any GradientProbe = head == "categorical"
            ? try PPOTrainer(environments: [Choose(), Choose()], configuration: configuration, plantID: "t/C-v0", seed: 2)
            : try PPOTrainer(environments: [Reach(), Reach()], configuration: configuration, plantID: "t/R-v0", seed: 2)
        try trainer.probe()
    }

    @Test func checkpointRoundTripsAndResumes() throws {
        let configuration = testConfiguration()
        let trainer = try PPOTrainer(environments: [Reach(), Reach()], configuration: configuration,
                                     plantID: "test/Reach-v0", seed: 4)
        try trainer.train(totalSteps: 2 * configuration.rolloutSize)
        let checkpoint = trainer.checkpoint()
        let decoded = try PPOCheckpoint.decode(checkpoint.encoded())
        #expect(decoded == checkpoint)
        #expect(decoded.parameters.map(\.bitPattern) == trainer.parameterVector.map(\.bitPattern))
        #expect(decoded.steps == 2 * configuration.rolloutSize && decoded.updates == 2)

        let resumed = try PPOTrainer(resuming: decoded, environments: [Reach(), Reach()])
        #expect(resumed.parameterVector == trainer.parameterVector)
        #expect(resumed.steps == trainer.steps)
        try resumed.train(totalSteps: 3 * configuration.rolloutSize)
        #expect(resumed.steps == 3 * configuration.rolloutSize && resumed.updates == 3)
        #expect(resumed.parameterVector != trainer.parameterVector)

        // Another plant's spaces do not fit the checkpoint.
        #expect(throws: PPOCheckpointError.self) { try PPOTrainer(resuming: decoded, environments: [Choose(), Choose()]) }
        #expect(throws: PPOCheckpointError.self) { try PPOCheckpoint.decode(Data("{\"format\": \"x\"}".utf8)) }
    }

    @Test func policyFileCarriesTheNormalisationStatistics() throws {
        var configuration = testConfiguration()
        configuration.normalizeObservations = true
        configuration.normalizeRewards = true
        let trainer = try PPOTrainer(environments: [Reach(), Reach()], configuration: configuration,
                                     plantID: "test/Reach-v0", seed: 4)
        try trainer.train(totalSteps: configuration.rolloutSize)
        let file = trainer.policyFile()
        let normalization = try #require(file.observationNormalization)
        let statistics = try #require(trainer.observationNormalizer).statistics
        #expect(normalization.mean == statistics.mean && normalization.variance == statistics.variance)
        #expect(normalization.clip == 10 && normalization.epsilon == 1e-8)
        #expect(file.plantID == "test/Reach-v0" && file.provenance.steps == trainer.steps)
        try file.validate()
    }

    /// With a tiny target KL, the first minibatch (ratio exactly 1, KL 0) takes a step and the second, now
    /// off-policy, stops the update before its step (SB3 checks before the optimiser step).
    @Test func targetKLStopsTheUpdate() throws {
        var configuration = testConfiguration()
        configuration.targetKL = 1e-12
        let trainer = try PPOTrainer(environments: [Reach(), Reach()], configuration: configuration,
                                     plantID: "test/Reach-v0", seed: 6)
        try trainer.collectRollouts()
        let statistics = trainer.update()
        #expect(statistics.gradientSteps == 1 && statistics.epochsCompleted == 0)
        configuration.targetKL = nil
        let unlimited = try PPOTrainer(environments: [Reach(), Reach()], configuration: configuration,
                                       plantID: "test/Reach-v0", seed: 6)
        try unlimited.collectRollouts()
        let full = unlimited.update()
        #expect(full.gradientSteps == 10 * 128 / 32 && full.epochsCompleted == 10)
    }

    /// Linear annealing: α · (1 − steps / total), evaluated after each rollout as SB3 does.
    @Test func learningRateAnnealsLinearly() throws {
        var configuration = testConfiguration()
        configuration.annealLearningRate = true
        configuration.learningRate = 1e-3
        let trainer = try PPOTrainer(environments: [Reach(), Reach()], configuration: configuration,
                                     plantID: "test/Reach-v0", seed: 6)
        var rates: [Double] = []
        try trainer.train(totalSteps: 4 * 128) { rates.append($0.statistics.learningRate) }
        #expect(rates.count == 4)
        for (index, rate) in rates.enumerated() {
            #expect(abs(rate - 1e-3 * (1 - Double(index + 1) / 4)) < 1e-18)
        }
    }

    @Test func badConfigurationsAreRefused() {
        var configuration = testConfiguration()
        configuration.discount = 1
        configuration.minibatchSize = 1000
        #expect { try PPOTrainer(environments: [Reach(), Reach()], configuration: configuration, plantID: "t/R-v0", seed: 1) }
            throws: { error in
                guard case PPOError.invalidConfiguration(let problems) = error else { return false }
                return problems.count == 2 && problems.contains { $0.contains("gamma") } && problems.contains { $0.contains("batch_size") }
            }
        var sde = testConfiguration()
        sde.useSDE = true
        #expect(throws: PPOError.self) { try PPOTrainer(environments: [Choose(), Choose()], configuration: sde, plantID: "t/C-v0", seed: 1) }
    }
}

/// Finite-difference check of `minibatchLossAndGradient`, generic over the environment.
protocol GradientProbe {
    func probe() throws
}

extension PPOTrainer: GradientProbe {
    func probe() throws {
        // A rollout and one update, so that ratios differ from 1 and clipping is in play.
        try collectRollouts()
        update()
        shufflePermutation()
        let rows = configuration.minibatchSize
        gatherMinibatch(start: 0, rows: rows)
        normalizeMinibatchAdvantages(rows: rows)
        _ = minibatchLossAndGradient(rows: rows)
        let analytic = gradients.array
        let h = 1e-6
        var checked = 0
        // gSDE's features are detached (SB3 learn_features=False): the hand gradient deliberately ignores how
        // the actor's hidden layers move the exploration scale, so for gSDE only the parameters downstream of
        // the features (the mean layer, log σ, the critic) are compared.
        let firstChecked: Int
        if case .stateDependent = model.head {
            firstChecked = model.actor.weightOffset(ofLayer: model.actor.layers.count - 1)
        } else {
            firstChecked = 0
        }
        for index in firstChecked..<model.parameterCount {
            let original = parameters[index]
            parameters[index] = original + h
            let plus = minibatchLossAndGradient(rows: rows).total
            parameters[index] = original - h
            let minus = minibatchLossAndGradient(rows: rows).total
            parameters[index] = original
            let numeric = (plus - minus) / (2 * h)
            #expect(abs(numeric - analytic[index]) <= 1e-6 + 1e-5 * abs(numeric),
                    "parameter \(index): numeric \(numeric), analytic \(analytic[index])")
            checked += abs(analytic[index]) > 1e-8 ? 1 : 0
        }
        #expect(checked > (model.parameterCount - firstChecked) / 2, "most gradients should be non-zero")
    }
}
