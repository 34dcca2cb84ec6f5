/// An environment whose actions move a machine's settings and whose observation, reward and end follow from
/// what the machine then measures — the decomposition that lets one RL environment run on a simulator or on
/// real I/O (COI's `OptEnv` plants: AWAKE steering, JPA tuning).
///
/// A backend that owns the I/O drives an episode with these four calls and does the writing and reading itself
/// (within its own limits): `episodeStart` → write → read → `beginEpisode`; then per step `settings(after:from:)`
/// → write → read → `transition(to:measured:)`. The model's own `reset`/`step` should be built from the same
/// four calls around its simulated measurement, so both backends follow identical arithmetic.
public protocol SettingsDrivenEnvironment: Environment, MeasurementModel {
    /// The settings (parameter order, physical units) an episode starts from.
    ///
    /// - Parameters:
    ///   - seed: as in `reset`: reseeds the model's generator when given.
    ///   - options: as in `reset`.
    ///   - settings: where the machine is now; return it unchanged to start the episode there.
    mutating func episodeStart(seed: UInt64?, options: ResetOptions?, from settings: [Double]) throws -> [Double]

    /// The first observation of an episode, with the machine at `settings` measured as `measured`.
    mutating func beginEpisode(at settings: [Double], measured: Evaluation) throws -> Reset

    /// The settings `action` (normalised to the action space) moves the machine to from `settings`.
    func settings(after action: [Double], from settings: [Double]) throws -> [Double]

    /// The result of one step that moved the machine to `settings`, where it measured `measured`.
    mutating func transition(to settings: [Double], measured: Evaluation) throws -> Step
}
