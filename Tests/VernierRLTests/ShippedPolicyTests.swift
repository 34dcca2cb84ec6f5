import Foundation
import Testing
import VernierCore
import VernierYAML
import VernierMath
import VernierNN
import VernierPlants
import VernierRL

/// End-to-end checks of the trained policies shipped in `policies/`: each loads, names its plant, fits the
/// plant's spaces, came from its preset in `config/ppo/`, and does its job on seeded episodes of that plant.
/// (The full 1,000-episode figures and the baselines are in BENCHMARKS.md, "PPO (issue 5)".)
@Suite struct ShippedPolicyTests {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func policy(_ name: String) throws -> Policy {
        try Policy(PolicyFile.load(from: root.appendingPathComponent("policies/\(name)")))
    }

    static func preset(_ name: String) throws -> PPOConfiguration {
        try PlantOptions(contentsOf: root.appendingPathComponent("config/ppo/\(name)")).decode(PPOConfiguration.self)
    }

    /// `vernier evaluate`'s first seed, so these episodes are the first 50 of the benchmark's 1,000.
    static let firstSeed: UInt64 = 1_000_000

    // MARK: - AWAKE

    @Test func awakePolicyIsForItsPlantAndFromItsPreset() throws {
        let policy = try Self.policy("awake-steering-v1.json")
        let plant = try AwakeSteering()
        #expect(policy.file.plantID == "awake/Steering-v1")
        #expect(throws: PolicyFileError.self) { try policy.file.requirePlant("jpa/Tuning-v1") }
        #expect(policy.observationCount == plant.observationSpace.elementCount)
        #expect(policy.actionCount == plant.correctorCount)
        #expect(policy.file.actionScaling.kind == .continuous)
        // Trained with the shipped preset, within the 200k-step budget, with its observation statistics.
        let preset = try Self.preset("awake.yaml")
        #expect(policy.file.provenance.algorithm == "ppo")
        #expect(policy.file.provenance.steps == preset.totalSteps && preset.totalSteps <= 200_000)
        #expect(policy.file.observationNormalization != nil && preset.normalizeObservations)
    }

    /// The inverse-response controller, clipped per corrector, from the scenario `plant` is in; steps to success.
    static func inverseResponseSteps(_ plant: AwakeSteering) throws -> Int? {
        var plant = plant
        var readings = plant.lastReadings
        for stepIndex in 1...plant.options.maxEpisodeSteps {
            let kicks = try plant.designResponse.matrix.solve(readings)
            let step = try plant.step(kicks.map { min(max(-$0 / plant.options.actionScale, -1), 1) })
            readings = step.observation.map { $0 / AwakeSteering.observationPerMetre }
            if step.info.isSuccess == true { return stepIndex }
            if step.isDone { return nil }
        }
        return nil
    }

    @Test("AWAKE policy: 50 seeded episodes all succeed within 3 steps, never slower than −R⁻¹s on the same scenario")
    func awakePolicySteers() throws {
        let policy = try Self.policy("awake-steering-v1.json")
        var plant = try AwakeSteering()
        var action = Array(repeating: 0.0, count: policy.actionCount)
        var steps: [Int] = []
        for episode in 0..<50 {
            var observation = try plant.reset(seed: Self.firstSeed + UInt64(episode), options: nil).observation
            let baseline = try #require(try Self.inverseResponseSteps(plant), "the inverse-response controller failed")
            var stepsToSuccess: Int?
            for stepIndex in 1...plant.options.maxEpisodeSteps {
                policy.act(observation, into: &action)
                let step = try plant.step(action)
                observation = step.observation
                if step.info.isSuccess == true { stepsToSuccess = stepIndex; break }
                if step.isDone { break }
            }
            let taken = try #require(stepsToSuccess, "episode \(episode) failed")
            #expect(taken <= 3, "episode \(episode): \(taken) steps")
            #expect(taken <= baseline, "episode \(episode): \(taken) steps, the inverse-response controller \(baseline)")
            steps.append(taken)
        }
        #expect(Statistics.median(steps.map(Double.init)) <= 3)
    }

    @Test func awakeEvaluatorAgreesWithTheStepLoop() throws {
        // PolicyEvaluator (what `vernier evaluate` runs) on the same 50 episodes.
        let policy = try Self.policy("awake-steering-v1.json")
        var plant = try AwakeSteering()
        let summary = try PolicyEvaluator.evaluate(policy, on: &plant, episodes: 50, seed: Self.firstSeed,
                                                   maxSteps: plant.options.maxEpisodeSteps)
        #expect(summary.successRate == 1 && summary.successReportedByPlant)
        #expect((summary.medianStepsToSuccess ?? .infinity) <= 3)
        #expect(summary.episodes.allSatisfy { $0.terminated && $0.length == $0.stepsToSuccess })
    }

    // MARK: - JPA

    @Test func jpaPolicyIsForItsPlantAndFromItsPreset() throws {
        let policy = try Self.policy("jpa-tuning-v1.json")
        let plant = try JPATuning()
        #expect(policy.file.plantID == "jpa/Tuning-v1")
        #expect(throws: PolicyFileError.self) { try policy.file.requirePlant("awake/Steering-v1") }
        #expect(policy.observationCount == plant.observationSpace.elementCount)
        #expect(policy.actionCount == plant.actionSpace.elementCount)
        let preset = try Self.preset("jpa.yaml")
        #expect(policy.file.provenance.algorithm == "ppo" && policy.file.provenance.steps == preset.totalSteps)
        #expect((policy.file.observationNormalization != nil) == preset.normalizeObservations)
    }

    @Test("JPA policy: 50 consecutive frequency steps of a scan each reach 20 dB ± 0.5 at ≤ P_min + 0.5 dB within 3 moves")
    func jpaPolicyFollowsTheScan() throws {
        let policy = try Self.policy("jpa-tuning-v1.json")
        var plant = try JPATuning()
        var action = Array(repeating: 0.0, count: policy.actionCount)
        var moves: [Int] = []
        for index in 0..<50 {
            let previousTarget = plant.targetFrequency
            var observation = try plant.reset(seed: index == 0 ? 1 : nil, options: nil).observation
            if index > 0 {
                // A scan step: 0.2–0.5 MHz down (or a wrap to the top of the range).
                let stepMHz = (previousTarget - plant.targetFrequency) * 1000
                #expect((stepMHz >= 0.2 - 1e-9 && stepMHz <= 0.5 + 1e-9) || plant.targetFrequency > previousTarget)
            }
            var reached: Int?
            for move in 1...plant.options.maxEpisodeSteps {
                policy.act(observation, into: &action)
                let step = try plant.step(action)
                observation = step.observation
                if step.info.isSuccess == true {
                    // The plant's success is the benchmark's "reached": stable, |G − 20| ≤ 0.5 dB, P ≤ P_min + 0.5 dB.
                    #expect(observation[5] == 0 && abs(10 * observation[0]) <= 0.5 + 1e-12)
                    #expect(plant.settings[1] <= plant.minimumPumpPower + 0.5)
                    reached = move
                    break
                }
            }
            let taken = try #require(reached, "frequency step \(index) was not reached in \(plant.options.maxEpisodeSteps) moves")
            #expect(taken <= 3, "frequency step \(index): \(taken) moves")
            moves.append(taken)
        }
        // One move (two measurements with the start's): Nelder–Mead's best median is 8 measurements (BENCHMARKS.md).
        #expect(Statistics.median(moves.map(Double.init)) == 1)
    }

    @Test func jpaEvaluatorSucceedsOnSeededEpisodes() throws {
        let policy = try Self.policy("jpa-tuning-v1.json")
        var plant = try JPATuning()
        let summary = try PolicyEvaluator.evaluate(policy, on: &plant, episodes: 50, seed: Self.firstSeed,
                                                   maxSteps: plant.options.maxEpisodeSteps)
        #expect(summary.successRate == 1)
        #expect((summary.medianStepsToSuccess ?? .infinity) <= 2)
    }

    // MARK: - Determinism on a real plant

    @Test func awakeTrainingWithThePresetIsSeededEndToEnd() throws {
        // One rollout and update of the shipped preset, twice with seed 1 and once with seed 2: the plant's seeded
        // scenarios, the exploration noise and the minibatch order all come from the seed.
        var configuration = try Self.preset("awake.yaml")
        configuration.totalSteps = configuration.rolloutSize
        func train(seed: UInt64) throws -> PolicyFile {
            let copies = try (0..<configuration.environmentCount).map { _ in try AwakeSteering() }
            let trainer = try PPOTrainer(environments: copies, configuration: configuration,
                                         plantID: "awake/Steering-v1", seed: seed)
            try trainer.train(totalSteps: configuration.totalSteps)
            return trainer.policyFile()
        }
        let first = try train(seed: 1)
        let again = try train(seed: 1)
        let other = try train(seed: 2)
        #expect(first == again)
        #expect(first.checksum == again.checksum)
        #expect(first.layers != other.layers)
        #expect(first.provenance.steps == configuration.rolloutSize)
    }
}
