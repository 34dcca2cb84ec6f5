import Foundation
import Testing
import VernierCore
import VernierYAML
import VernierNN
@testable import VernierRL

@Suite struct PPOConfigurationTests {
    /// The defaults are Stable-Baselines3 2.x PPO's.
    @Test func defaultsAreStableBaselines3s() {
        let c = PPOConfiguration()
        #expect(c.learningRate == 3e-4 && c.stepsPerEnvironment == 2048 && c.minibatchSize == 64 && c.epochs == 10)
        #expect(c.discount == 0.99 && c.gaeLambda == 0.95 && c.clipRange == 0.2 && c.valueClipRange == nil)
        #expect(c.normalizeAdvantage && c.entropyCoefficient == 0 && c.valueCoefficient == 0.5 && c.maxGradientNorm == 0.5)
        #expect(!c.useSDE && c.sdeSampleFrequency == -1 && c.targetKL == nil)
        #expect(c.hiddenSizes == [64, 64] && c.activation == .tanh && c.logStdInit == 0 && c.orthogonalInit)
        #expect(!c.normalizeObservations && !c.normalizeRewards && c.observationClip == 10 && c.rewardClip == 10)
        #expect(c.problems().isEmpty)
    }

    @Test func readsRLZooKeys() throws {
        let yaml = """
            n_envs: 4
            n_steps: 1024
            gae_lambda: 0.95
            gamma: 0.9
            n_epochs: 10
            ent_coef: 0.0
            learning_rate: 1e-3
            clip_range: 0.2
            use_sde: true
            sde_sample_freq: 4
            net_arch: [32, 32]
            activation_fn: relu
            target_kl: 0.05
            """
        let c = try PlantOptions(yaml: yaml, source: "test").decode(PPOConfiguration.self)
        #expect(c.environmentCount == 4 && c.stepsPerEnvironment == 1024 && c.discount == 0.9 && c.learningRate == 1e-3)
        #expect(c.useSDE && c.sdeSampleFrequency == 4 && c.hiddenSizes == [32, 32] && c.activation == .relu && c.targetKL == 0.05)
        #expect(c.minibatchSize == 64 && c.valueCoefficient == 0.5)
        #expect(c.logLines.contains("n_steps: 1024") && c.logLines.count == PPOConfiguration.optionKeys.count)
    }

    /// The shipped presets: `default.yaml` spells out exactly the defaults; `pendulum.yaml` is RL Zoo's preset.
    @Test func shippedPresetsDecode() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let defaults = try PlantOptions(contentsOf: root.appendingPathComponent("config/ppo/default.yaml")).decode(PPOConfiguration.self)
        #expect(defaults == PPOConfiguration())
        let pendulum = try PlantOptions(contentsOf: root.appendingPathComponent("config/ppo/pendulum.yaml")).decode(PPOConfiguration.self)
        var expected = PPOConfiguration()
        expected.environmentCount = 4
        expected.totalSteps = 100_000
        expected.stepsPerEnvironment = 1024
        expected.gaeLambda = 0.95
        expected.discount = 0.9
        expected.epochs = 10
        expected.entropyCoefficient = 0
        expected.learningRate = 1e-3
        expected.clipRange = 0.2
        expected.useSDE = true
        expected.sdeSampleFrequency = 4
        #expect(pendulum == expected)
    }

    @Test func unknownKeysAreRefusedWithASuggestion() {
        #expect { try PlantOptions(yaml: "n_step: 10", source: "ppo.yaml").decode(PPOConfiguration.self) } throws: { error in
            "\(error)".contains("unknown option 'n_step'") && "\(error)".contains("n_steps")
        }
    }

    @Test func outOfRangeValuesAreNamed() {
        var c = PPOConfiguration()
        c.gaeLambda = 1.5
        c.clipRange = 0
        let problems = c.problems()
        #expect(problems.count == 2 && problems[0].contains("gae_lambda") && problems[1].contains("clip_range"))
    }
}
