import VernierCore

/// Where a run stands: still going, or how it ended.
public enum RunStatus: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    /// The run is in progress (its process is alive).
    case running
    /// The run reached its budget or goal.
    case completed
    /// The operator stopped it (Ctrl-C, SIGTERM, task cancellation).
    case cancelled
    /// An error stopped it; the status message says which.
    case failed
    /// Recorded as running, but the process recording it is gone (a crash, `kill -9`, a power cut): never
    /// stored, only reported when a store is read. `vernier tune --resume` / `train --resume` continue it.
    case interrupted

    /// The status recorded for a run that ended with `outcome`.
    public init(_ outcome: RunOutcome) {
        switch outcome {
        case .completed: self = .completed
        case .cancelled: self = .cancelled
        case .failed: self = .failed
        }
    }

    public var description: String { rawValue }
}
