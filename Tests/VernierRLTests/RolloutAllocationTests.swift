import CAllocationCounter
import Testing
import VernierCore
import VernierMath
@testable import VernierRL

/// Pendulum-like dynamics that hand out one preallocated observation buffer, as Vernier's simulated plants do.
struct BufferedSwing: Environment {
    var state = (angle: 0.0, speed: 0.0)
    var t = 0
    var generator = SeededGenerator(seed: 0)
    var observation = [0.0, 0.0]
    var metadata: PlantMetadata { PlantMetadata(machine: "test: buffered swing", maxEpisodeSteps: 50) }
    var observationSpace: Space { .box(Box(low: [-10, -10], high: [10, 10])) }
    var actionSpace: Space { .box(Box(low: [-1], high: [1])) }

    mutating func reset(seed: UInt64?, options: ResetOptions?) throws -> Reset {
        if let seed { generator = SeededGenerator(seed: seed) }
        state = (generator.nextUniform(-1, 1), 0)
        t = 0
        observation[0] = state.angle
        observation[1] = state.speed
        return Reset(observation: observation)
    }

    mutating func step(_ action: [Double]) throws -> Step {
        state.speed += 0.05 * (action[0] - state.angle)
        state.angle += 0.05 * state.speed
        t += 1
        observation[0] = state.angle
        observation[1] = state.speed
        return Step(observation: observation, reward: -state.angle * state.angle, terminated: false, truncated: t == 50)
    }
}

@Suite struct RolloutAllocationTests {
    /// Acting allocates nothing per step: a rollout of 512 steps × 4 copies (with auto-resets, observation and
    /// reward normalisation, gSDE and time-limit bootstraps) makes exactly as many allocations as one of 64
    /// steps (a few per rollout, none per step or per episode).
    @Test func collectingARolloutDoesNotAllocatePerStep() throws {
        func allocations(steps: Int) throws -> Int {
            var configuration = PPOConfiguration()
            configuration.environmentCount = 4
            configuration.stepsPerEnvironment = steps
            configuration.minibatchSize = 64
            configuration.hiddenSizes = [16, 16]
            configuration.useSDE = true
            configuration.sdeSampleFrequency = 4
            configuration.normalizeObservations = true
            configuration.normalizeRewards = true
            let trainer = try PPOTrainer(environments: Array(repeating: BufferedSwing(), count: 4),
                                         configuration: configuration, plantID: "test/Swing-v0", seed: 1)
            try trainer.collectRollouts()   // warm-up: first-use allocations of the runtime
            vernier_allocation_counting_begin()
            try trainer.collectRollouts()
            return vernier_allocation_counting_end()
        }
        let short = try allocations(steps: 64)
        let long = try allocations(steps: 512)
        #expect(long == short, "64 steps: \(short) allocations, 512 steps: \(long)")
        #expect(short < 64, "\(short) allocations in a rollout of 64 steps")
    }
}
