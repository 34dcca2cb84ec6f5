/// The steps of one episode, kept column by column (one array per quantity) so the JSON stays compact.
///
/// Step `t` took `actions[t]` from `observations[t]` and received `rewards[t]`. `observations` holds either
/// one entry per step, or one more: the observation the episode ended in.
public struct EpisodeTrace: Sendable, Hashable, Codable {
    /// The observation before each step (and optionally the final one).
    public var observations: [[Double]]
    /// The action of each step (continuous actions normalised to [-1, 1]; a discrete action as one element).
    public var actions: [[Double]]
    /// The reward of each step.
    public var rewards: [Double]

    public init(observations: [[Double]], actions: [[Double]], rewards: [Double]) {
        self.observations = observations
        self.actions = actions
        self.rewards = rewards
    }

    /// The number of steps.
    public var stepCount: Int { rewards.count }

    /// Why the arrays do not describe one episode, or `nil` when they do.
    var inconsistency: String? {
        if actions.count != rewards.count {
            return "the trace has \(actions.count) actions but \(rewards.count) rewards (one each per step)"
        }
        if observations.count != rewards.count && observations.count != rewards.count + 1 {
            return "the trace has \(observations.count) observations for \(rewards.count) steps (one per step, or one more for the final observation)"
        }
        return nil
    }
}
