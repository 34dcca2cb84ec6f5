/// What the safety envelope does with a proposed point outside the hard limits.
public enum OutOfBoundsPolicy: String, Sendable, Hashable, Codable, CaseIterable {
    /// Write the nearest point inside the limits instead (and log that it was clipped).
    case clip
    /// Write nothing and stop the run with an error.
    case refuse
}

/// Where the envelope puts the machine when a run ends.
public enum RestoreTarget: String, Sendable, Hashable, Codable, CaseIterable {
    /// The point the machine was at when the run started.
    case initial
    /// The best feasible point evaluated (the initial point if none was feasible).
    case best
    /// Leave the machine where the last evaluation put it.
    case last
}

/// The limits an operator sets around a machine: what may be written, how far one write may move, and where
/// the machine goes when a run ends.
public struct SafetyLimits: Sendable, Hashable, Codable {
    /// No point outside this box is ever written, in physical units; usually the optimisation space or tighter.
    public var hardLimits: Box
    /// Largest change of each parameter in one write (physical units, > 0); `nil` leaves moves unsplit.
    /// A longer move is split into equal interpolated writes.
    public var maxStep: [Double]?
    /// What to do with a proposal outside ``hardLimits``.
    public var outOfBounds: OutOfBoundsPolicy
    /// Where the machine goes when a run is cancelled, fails or is interrupted.
    public var onAbort: RestoreTarget
    /// Where the machine goes when a run completes.
    public var onCompletion: RestoreTarget
    /// Log what would be written and write nothing; measurements read the machine as it is.
    public var dryRun: Bool

    public init(
        hardLimits: Box,
        maxStep: [Double]? = nil,
        outOfBounds: OutOfBoundsPolicy = .clip,
        onAbort: RestoreTarget = .initial,
        onCompletion: RestoreTarget = .best,
        dryRun: Bool = false
    ) {
        self.hardLimits = hardLimits
        self.maxStep = maxStep
        self.outOfBounds = outOfBounds
        self.onAbort = onAbort
        self.onCompletion = onCompletion
        self.dryRun = dryRun
    }

    /// The problems with these limits for a machine of `dimension` parameters, if any.
    public func problems(dimension: Int) -> [String] {
        var found = hardLimits.problems().map { "hard limits: \($0)" }
        if hardLimits.count != dimension {
            found.append("hard limits have \(hardLimits.count) elements, the machine \(dimension) parameters")
        }
        if let maxStep {
            if maxStep.count != dimension {
                found.append("max step has \(maxStep.count) elements, the machine \(dimension) parameters")
            }
            for (index, step) in maxStep.enumerated() where !(step > 0 && step.isFinite) {
                found.append("max step of parameter \(index) is \(step); it must be positive and finite")
            }
        }
        return found
    }
}
