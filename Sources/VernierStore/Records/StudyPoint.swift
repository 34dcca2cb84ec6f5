import Foundation

/// One point of a shared study (table `study_point`, migration v6): suggested once by the study's optimiser,
/// evaluated by the worker holding its lease, then done.
public struct StudyPoint: Sendable, Hashable {
    /// The study's number in the store.
    public var study: Int64
    /// Its place in the study, from 0, in the order suggested.
    public var index: Int
    /// Where to evaluate, physical units.
    public var parameters: [Double]
    /// Whether it was evaluated (`true`) or is still pending.
    public var isDone: Bool
    /// The worker that took it last.
    public var worker: String?
    /// How many times it was handed out (more than 1 only after a lease ran out).
    public var attempts: Int
    /// The objective found, once done.
    public var objective: Double?
    /// The run of the worker that evaluated it, once done.
    public var run: RunID?

    public init(study: Int64, index: Int, parameters: [Double], isDone: Bool, worker: String?, attempts: Int,
                objective: Double?, run: RunID?) {
        self.study = study
        self.index = index
        self.parameters = parameters
        self.isDone = isDone
        self.worker = worker
        self.attempts = attempts
        self.objective = objective
        self.run = run
    }
}
