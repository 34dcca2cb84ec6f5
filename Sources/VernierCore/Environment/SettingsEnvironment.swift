/// A plant whose RL actions change its optimisation parameters — COI's `OptEnv` with the step made explicit —
/// so that a host can run a policy **through the safety envelope**: the action becomes a proposed setting,
/// the envelope clips, splits and writes it, and the measurement there becomes the next observation.
///
/// AWAKE steering is the model case: an action is a vector of corrector *changes*, the settings are the
/// corrector currents, and the observation is the BPM readings measured after the write.
public protocol SettingsEnvironment: Environment, SingleOptimizable {
    /// The settings (physical units, in ``SingleOptimizable/optimizationSpace``) that `action` asks for when
    /// the machine is at `current`. Must not write anything.
    func settings(for action: [Double], from current: [Double]) -> [Double]

    /// The RL transition that the measurement `evaluation`, taken at `settings`, amounts to: observation,
    /// reward and `terminated`. `truncated` is left false: the host applies its own step limit.
    func transition(after evaluation: Evaluation, at settings: [Double]) -> Step
}
