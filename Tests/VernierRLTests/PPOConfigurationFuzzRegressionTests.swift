import Testing
import VernierCore
import VernierYAML
@testable import VernierRL

/// PPO configurations that `make fuzz` (Fuzz/, issue 16) showed crashing, kept as tests of the fix.
@Suite("Fuzzing regressions: PPO configuration")
struct PPOConfigurationFuzzRegressionTests {
    /// n_steps × n_envs overflowed `Int` inside `problems()`: `vernier train --config` crashed with an arithmetic
    /// overflow instead of refusing the file.
    @Test("a rollout size that overflows is a problem, not a crash")
    func overflowingRolloutSize() throws {
        let configuration = try PlantOptions(yaml: "n_steps: 9223372036854775807\nn_envs: 2\n", source: "ppo.yaml")
            .decode(PPOConfiguration.self)
        let problems = configuration.problems()
        #expect(problems.contains { $0.contains("n_steps × n_envs = 9223372036854775807 × 2 is too large") }, "\(problems)")
        #expect(!problems.contains { $0.contains("batch_size") }, "\(problems)")
    }

    @Test("a rollout at the edge of Int is still checked against the batch size")
    func largeRolloutWithoutOverflow() {
        var configuration = PPOConfiguration()
        configuration.stepsPerEnvironment = Int.max
        configuration.environmentCount = 1
        configuration.minibatchSize = 64
        #expect(configuration.problems().isEmpty)
    }
}
