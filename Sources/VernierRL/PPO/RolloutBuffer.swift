import VernierNN

/// What one rollout collected: `steps × environments` transitions in flat buffers (index `t · environments + e`),
/// and the advantages and returns computed from them by GAE(λ) — SB3's `RolloutBuffer`.
public final class RolloutBuffer {
    /// Steps per environment copy (n_steps).
    public let steps: Int
    /// Number of environment copies.
    public let environments: Int
    /// Elements of one observation.
    public let observationCount: Int
    /// Elements of one stored action.
    public let actionCount: Int

    /// Normalised observations the policy acted on.
    public let observations: ScratchBuffer
    /// Actions as sampled, before clipping to the action space (SB3 stores the unclipped action).
    public let actions: ScratchBuffer
    /// Rewards (normalised, and with γ·V(final observation) added on truncation).
    public let rewards: ScratchBuffer
    /// 1 where the observation is the first of an episode, else 0.
    public let episodeStarts: ScratchBuffer
    /// V(s) at collection time.
    public let values: ScratchBuffer
    /// log π(a|s) at collection time.
    public let logProbabilities: ScratchBuffer
    /// GAE(λ) advantages, after ``computeReturnsAndAdvantages(lastValues:lastDones:discount:lambda:)``.
    public let advantages: ScratchBuffer
    /// λ-returns `advantages + values`, the value targets.
    public let returns: ScratchBuffer

    /// Number of transitions, steps × environments.
    public var size: Int { steps * environments }

    public init(steps: Int, environments: Int, observationCount: Int, actionCount: Int) {
        precondition(steps >= 1 && environments >= 1, "a rollout needs at least one step of one environment")
        self.steps = steps
        self.environments = environments
        self.observationCount = observationCount
        self.actionCount = actionCount
        let size = steps * environments
        observations = ScratchBuffer(count: size * observationCount)
        actions = ScratchBuffer(count: size * actionCount)
        rewards = ScratchBuffer(count: size)
        episodeStarts = ScratchBuffer(count: size)
        values = ScratchBuffer(count: size)
        logProbabilities = ScratchBuffer(count: size)
        advantages = ScratchBuffer(count: size)
        returns = ScratchBuffer(count: size)
    }

    /// GAE(λ) (Schulman et al. 2016) backwards over the rollout, exactly as SB3's
    /// `compute_returns_and_advantage`:
    ///
    ///     δ_t = r_t + γ V(s_{t+1}) (1 − start_{t+1}) − V(s_t)
    ///     A_t = δ_t + γ λ (1 − start_{t+1}) A_{t+1}
    ///     R_t = A_t + V(s_t)
    ///
    /// where, past the last step, `V(s_T)` is `lastValues` and `start_T` is `lastDones`. A truncated episode is
    /// not cut short here: its time-limit bootstrap γ·V(final observation) is already in its last reward.
    ///
    /// - Parameters:
    ///   - lastValues: V of each copy's observation after the last step.
    ///   - lastDones: whether each copy's episode ended at the last step.
    public func computeReturnsAndAdvantages(lastValues: [Double], lastDones: [Bool], discount: Double, lambda: Double) {
        precondition(lastValues.count == environments && lastDones.count == environments, "one last value and flag per copy")
        for e in 0..<environments {
            var lastAdvantage = 0.0
            for t in stride(from: steps - 1, through: 0, by: -1) {
                let index = t * environments + e
                let nextNonTerminal: Double
                let nextValue: Double
                if t == steps - 1 {
                    nextNonTerminal = lastDones[e] ? 0 : 1
                    nextValue = lastValues[e]
                } else {
                    nextNonTerminal = 1 - episodeStarts[index + environments]
                    nextValue = values[index + environments]
                }
                let delta = rewards[index] + discount * nextValue * nextNonTerminal - values[index]
                lastAdvantage = delta + discount * lambda * nextNonTerminal * lastAdvantage
                advantages[index] = lastAdvantage
                returns[index] = lastAdvantage + values[index]
            }
        }
    }
}
