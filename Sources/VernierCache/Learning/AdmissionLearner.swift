/// A learner deciding admissions live: the simulator asks it on each miss and reports each decision's reward
/// once it is known (delayed to the file's next request or its eviction, size-weighted, as in SCDL).
///
/// Defined here so the plant names what it needs; the command line adapts a learner (VernierRL's tabular
/// Q-learner) to it, so the plant never imports a learner.
public protocol AdmissionLearner: AnyObject, Sendable {
    /// Whether to store the missed file, in `state` (``AdmissionStateEncoder``).
    func admits(state: Int) -> Bool
    /// The reward of having stored (or skipped) the file in `state`.
    func learn(state: Int, admitted: Bool, reward: Double)
}
