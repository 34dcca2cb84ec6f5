/// Where a sweep's job is: waiting, taken by a worker, finished with a run, or failed with an error.
public enum JobStatus: String, Sendable, Hashable, Codable, CaseIterable {
    /// Waiting for a worker.
    case queued
    /// Taken by a worker, whose lease may expire (the job is then taken again).
    case running
    /// Finished; its run is linked.
    case done
    /// Its command failed; the error is kept and the job is not retried.
    case failed
}
