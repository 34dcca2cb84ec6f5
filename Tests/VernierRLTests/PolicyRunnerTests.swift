import Testing
import VernierCore
import VernierNN
@testable import VernierRL

/// A linear policy a = gain · observation, clipped to [−1, 1].
func linearPolicy(gain: Double) throws -> Policy {
    try Policy(PolicyFile(
        plantID: "test/OneKnob-v0", observationCount: 1,
        layers: [.init(inputs: 1, outputs: 1, activation: .linear, weights: [gain], bias: [0])],
        head: .init(kind: .gaussian, logStd: [0]), observationNormalization: nil,
        actionScaling: .continuous(low: [-1], high: [1]), provenance: .init(algorithm: "test", steps: 0, seed: 0)))
}

@Suite struct PolicyRunnerTests {
    /// Through the envelope: the policy a = −2y asks for k = −1.2 at first (clipped to the hard limit −0.4), then
    /// steers the reading to success; every write stays inside the limits.
    @Test func runsThroughTheSafetyEnvelope() async throws {
        let policy = try linearPolicy(gain: -2)
        var steps: [PolicyRunStep] = []
        let plant = OneKnob(offset: 0.3)
        let summary = try await PolicyRunner.runThroughEnvelope(policy, on: plant, seed: 1, maxSteps: 10) { steps.append($0) }
        // y₀ = 0.3 → a = −0.6 → k = −0.3 → y = 0: success at step 1.
        #expect(summary.steps == 1 && summary.terminated && steps[0].isSuccess == true)
        #expect(steps[0].settings == [-0.3] && steps[0].action == [-0.6] && !steps[0].wasClipped)
        #expect(summary.restore?.target == .last && summary.restore?.restored == true)

        let far = OneKnob(offset: 0.6)
        var farSteps: [PolicyRunStep] = []
        let farSummary = try await PolicyRunner.runThroughEnvelope(policy, on: far, seed: 1, maxSteps: 5) { farSteps.append($0) }
        // y₀ = 0.6 → a = −1 (clipped from −1.2) → k = −0.5 → clipped to −0.4 by the hard limits; y = 0.2 ever after.
        #expect(farSteps.allSatisfy { ($0.settings?[0] ?? 0) >= -0.4 })
        #expect(farSteps[0].wasClipped && farSteps[0].settings == [-0.4])
        #expect(!farSummary.terminated && farSummary.steps == 5 && farSteps[4].truncated)
        #expect(farSummary.clippedSteps >= 1 && (farSummary.writes ?? 0) >= 5)
    }

    /// A device fault mid-run: the envelope restores the initial settings and reports it.
    @Test func failureRestoresTheInitialSettings() async throws {
        let policy = try linearPolicy(gain: -0.5)
        let plant = OneKnob(offset: 0.6, failAtEvaluation: 3)
        await #expect { _ = try await PolicyRunner.runThroughEnvelope(policy, on: plant, seed: 1, maxSteps: 10) } throws: { error in
            guard let aborted = error as? AbortedRun else { return false }
            return aborted.outcome == .failed && aborted.restore.target == .initial && aborted.restore.restored
                && aborted.restore.point == [0]
        }
    }

    /// Directly on an environment-only plant: out-of-range actions are clipped and counted.
    @Test func environmentOnlyRunClipsActions() throws {
        let policy = try linearPolicy(gain: 5)
        var environment = LastStepPays(length: 4, truncates: true)
        var steps: [PolicyRunStep] = []
        let summary = try PolicyRunner.run(policy, on: &environment, seed: 1, maxSteps: 10) { steps.append($0) }
        #expect(summary.steps == 4 && summary.totalReward == 1 && !summary.terminated)
        // Observations 0, 0.25, 0.5, 0.75 → 5·obs = 0, 1.25, 2.5, 3.75: the last three clipped to 1.
        #expect(steps.map(\.action) == [[0], [1], [1], [1]] && summary.clippedSteps == 3)
        #expect(steps[3].truncated)
    }
}

@Suite struct PolicyEvaluatorTests {
    @Test func successFromTheSuccessFlag() throws {
        // One knob, a = −y/0.5·… : gain −2 reaches |y| < 0.05 in one step from y₀ = 0.3, and OneKnob.step reports
        // is_success (termination alone counts only for plants without the flag: `truncationIsNotSuccess`).
        let policy = try linearPolicy(gain: -2)
        var plant = OneKnob(offset: 0.3)
        let summary = try PolicyEvaluator.evaluate(policy, on: &plant, episodes: 5, seed: 1, maxSteps: 20)
        #expect(summary.successRate == 1 && summary.medianStepsToSuccess == 1 && summary.successReportedByPlant)
        #expect(abs(summary.meanReturn - 0) < 1e-12)
    }

    @Test func truncationIsNotSuccess() throws {
        let policy = try linearPolicy(gain: 0)
        var environment = LastStepPays(length: 4, truncates: true)
        let summary = try PolicyEvaluator.evaluate(policy, on: &environment, episodes: 3, seed: 1, maxSteps: 20)
        #expect(summary.successRate == 0 && summary.medianStepsToSuccess == nil && summary.meanReturn == 1)
        var terminating = LastStepPays(length: 4, truncates: false)
        let terminated = try PolicyEvaluator.evaluate(policy, on: &terminating, episodes: 3, seed: 1, maxSteps: 20)
        #expect(terminated.successRate == 1 && terminated.medianStepsToSuccess == 4)
    }
}
