import Foundation
import Testing
@testable import VernierRL

/// GAE on an environment that pays only on its last step, with a constant value function — checked against
/// the closed form `A_t = Σ_k (γλ)^k δ_{t+k}` within the episode (SB3's `test_gae.py`).
@Suite struct GAETests {
    /// One copy, one 4-step episode that terminates at the end of the rollout: rewards 0, 0, 0, 1; V ≡ v.
    @Test(arguments: [(0.99, 0.95, 0.5), (0.9, 1.0, 0.0), (0.5, 0.0, 2.0)])
    func terminalEpisodeMatchesTheClosedForm(gamma: Double, lambda: Double, v: Double) {
        let buffer = RolloutBuffer(steps: 4, environments: 1, observationCount: 1, actionCount: 1)
        for t in 0..<4 {
            buffer.rewards[t] = t == 3 ? 1 : 0
            buffer.values[t] = v
            buffer.episodeStarts[t] = t == 0 ? 1 : 0
        }
        buffer.computeReturnsAndAdvantages(lastValues: [123], lastDones: [true], discount: gamma, lambda: lambda)
        // δ_t = r_t + γ v (1 − done_t) − v: γv − v before the last step, 1 − v at it (no bootstrap: terminal).
        let deltas = [gamma * v - v, gamma * v - v, gamma * v - v, 1 - v]
        for t in 0..<4 {
            var expected = 0.0
            for k in t..<4 { expected += pow(gamma * lambda, Double(k - t)) * deltas[k] }
            #expect(abs(buffer.advantages[t] - expected) < 1e-12, "A_\(t)")
            #expect(abs(buffer.returns[t] - (expected + v)) < 1e-12, "R_\(t)")
        }
        if lambda == 1 {
            // With λ = 1 the return is the plain discounted sum of rewards: γ^(3 − t).
            for t in 0..<4 { #expect(abs(buffer.returns[t] - pow(gamma, Double(3 - t))) < 1e-12) }
        }
    }

    /// An episode boundary inside the rollout stops the accumulation, and the rollout's tail bootstraps from
    /// the last value when the episode is still running.
    @Test func boundariesAndTail() {
        let (gamma, lambda, v, tail) = (0.9, 0.8, 0.25, 3.0)
        let buffer = RolloutBuffer(steps: 4, environments: 1, observationCount: 1, actionCount: 1)
        // Episode A: steps 0–1 (pays 1 at step 1, terminal); episode B starts at step 2 and is still running.
        let rewards = [0.0, 1, 0, 0]
        let starts = [1.0, 0, 1, 0]
        for t in 0..<4 {
            buffer.rewards[t] = rewards[t]
            buffer.values[t] = v
            buffer.episodeStarts[t] = starts[t]
        }
        buffer.computeReturnsAndAdvantages(lastValues: [tail], lastDones: [false], discount: gamma, lambda: lambda)
        let d3 = 0 + gamma * tail - v
        let d2 = 0 + gamma * v - v
        let d1 = 1 - v
        let d0 = 0 + gamma * v - v
        let expected = [d0 + gamma * lambda * d1, d1, d2 + gamma * lambda * d3, d3]
        for t in 0..<4 { #expect(abs(buffer.advantages[t] - expected[t]) < 1e-12, "A_\(t)") }
    }

    /// Two copies are independent: each has its own column of the buffer.
    @Test func copiesAreIndependent() {
        let buffer = RolloutBuffer(steps: 2, environments: 2, observationCount: 1, actionCount: 1)
        for index in 0..<4 {
            buffer.values[index] = 0
            buffer.episodeStarts[index] = 0
        }
        buffer.rewards[0] = 1; buffer.rewards[2] = 0   // copy 0: 1, 0
        buffer.rewards[1] = 0; buffer.rewards[3] = 2   // copy 1: 0, 2
        buffer.computeReturnsAndAdvantages(lastValues: [0, 0], lastDones: [true, true], discount: 0.5, lambda: 1)
        #expect(buffer.returns[0] == 1 && buffer.returns[2] == 0)
        #expect(buffer.returns[1] == 1 && buffer.returns[3] == 2)
    }
}
