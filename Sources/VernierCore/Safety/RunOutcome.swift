/// How a run ended, which decides where the safety envelope puts the machine.
public enum RunOutcome: String, Sendable, Hashable, Codable {
    /// The run reached its budget or goal.
    case completed
    /// The operator stopped it (Ctrl-C, SIGTERM, task cancellation).
    case cancelled
    /// An error stopped it (device fault, bad reading, optimiser failure).
    case failed
}

/// What the envelope did at the end of a run.
public struct RestoreReport: Sendable, Hashable, Codable {
    /// The target configured for how the run ended.
    public var target: RestoreTarget
    /// The point the machine was sent to.
    public var point: [Double]
    /// Whether every restoring write succeeded.
    public var restored: Bool
    /// Why restoring failed, if it did.
    public var error: String?

    public init(target: RestoreTarget, point: [Double], restored: Bool, error: String?) {
        self.target = target
        self.point = point
        self.restored = restored
        self.error = error
    }
}

/// A run that ended early, after the envelope restored the machine (or tried to).
public struct AbortedRun: Error, CustomStringConvertible {
    /// What stopped the run.
    public var underlying: any Error
    /// Cancelled or failed.
    public var outcome: RunOutcome
    /// What the envelope did with the machine.
    public var restore: RestoreReport

    public init(underlying: any Error, outcome: RunOutcome, restore: RestoreReport) {
        self.underlying = underlying
        self.outcome = outcome
        self.restore = restore
    }

    public var description: String {
        let machine = restore.restored
            ? "the machine was restored to its \(restore.target.rawValue) point"
            : "the machine could NOT be restored to its \(restore.target.rawValue) point (\(restore.error ?? "unknown error")); check it by hand"
        switch outcome {
        case .cancelled: return "run cancelled; \(machine)"
        default: return "run failed: \(underlying); \(machine)"
        }
    }
}
