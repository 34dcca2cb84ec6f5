/// A sequential decision process with Gymnasium 1.x semantics, for reinforcement learning.
///
/// `reset` starts an episode; `step` applies one action. Continuous actions are normalised to `[-1, 1]`
/// (the plant scales them to physical units); a discrete action is a one-element array holding the choice.
/// Observations and actions travel as `[Double]`: a simulated plant can keep one buffer per step and hand it
/// out, so a step allocates nothing once the caller has let go of the previous observation.
///
/// `SendableMetatype` (SE-0470): a plant's type — not its values — may be used from any thread, so that copies of
/// one plant can step on several threads (``VernierRL``'s vector environment); only a conformance isolated to an
/// actor (`@MainActor`) would not qualify, and a plant has no reason to be one.
public protocol Environment: Plant, SendableMetatype {
    /// Where observations live.
    var observationSpace: Space { get }
    /// Where actions live; a `Box` here should be `[-1, 1]ⁿ`.
    var actionSpace: Space { get }

    /// Starts an episode.
    ///
    /// - Parameters:
    ///   - seed: reseeds the plant's generator when given; `nil` continues the current stream and never
    ///     reseeds (Gymnasium's contract).
    ///   - options: plant-specific settings of the new episode, such as an exact initial state.
    mutating func reset(seed: UInt64?, options: ResetOptions?) throws -> Reset

    /// Applies `action` for one time step.
    mutating func step(_ action: [Double]) throws -> Step
}

extension Environment {
    /// Starts an episode without options.
    public mutating func reset(seed: UInt64? = nil) throws -> Reset {
        try reset(seed: seed, options: nil)
    }
}
