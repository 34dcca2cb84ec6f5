import VernierExpressions

/// The reinforcement-learning view of a device definition: what a policy observes, which parameters its actions
/// move and by how much, the reward, and when an episode ends.
///
/// Observations are `value × scale` clipped to [−1, 1]; actions are normalised to [−1, 1], action `a` moving
/// its parameter by `a × maxChange` (physical units) from where it is, within the map's bounds.
public struct DeviceRLView: Sendable, Hashable {
    /// One observed value.
    public struct ObservationEntry: Sendable, Hashable {
        /// The reading's (or parameter's) name.
        public var name: String
        /// Its index in the definition's values vector (readings, then parameters).
        public var valueIndex: Int
        /// Factor into the observation (non-zero, finite): choose it so the useful range maps into [−1, 1].
        public var scale: Double
    }

    /// One action element.
    public struct ActionEntry: Sendable, Hashable {
        /// The parameter's name.
        public var name: String
        /// Its index in the map's parameters.
        public var parameterIndex: Int
        /// Change of the parameter for action 1 (physical units, > 0).
        public var maxChange: Double
    }

    /// The observation, element by element.
    public var observation: [ObservationEntry]
    /// The action, element by element.
    public var action: [ActionEntry]
    /// The reward; nil rewards the negated objective (−objective, or the maximised expression itself).
    public var reward: CompiledExpression?
    /// The episode terminates (success or failure) when this holds; nil never terminates.
    public var terminateWhen: CompiledComparison?
    /// Steps after which an episode is truncated (≥ 1); nil never truncates.
    public var maxEpisodeSteps: Int?
}
