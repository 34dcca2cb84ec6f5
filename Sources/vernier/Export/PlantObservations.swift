import ArgumentParser
import VernierCore
import VernierNN

/// Observations drawn from the policy's own plant: episodes reset with seeds `seed`, `seed + 1`, …, stepped by
/// the floating-point policy's deterministic action, every observation kept (resets included) until `count`.
enum PlantObservations {
    static func collect(policy: Policy, environment: some Environment, count: Int, seed: UInt64,
                        maxSteps: Int = 1_000) throws -> [[Double]] {
        var environment = environment
        defer { try? environment.close() }
        var observations: [[Double]] = []
        observations.reserveCapacity(count)
        var action = [Double](repeating: 0, count: policy.actionCount)
        var episode: UInt64 = 0
        while observations.count < count {
            var observation = try environment.reset(seed: seed &+ episode, options: nil).observation
            episode += 1
            observations.append(observation)
            var steps = 0
            while observations.count < count && steps < maxSteps {
                policy.act(observation, into: &action)
                let step = try environment.step(action)
                steps += 1
                if step.isDone { break }
                observation = step.observation
                observations.append(observation)
            }
        }
        return observations
    }
}
