import Foundation

/// One job of a sweep in the run store's queue (table `job`, migration v5).
public struct Job: Sendable, Hashable {
    /// The job's number in the store (≥ 1), increasing in the order enqueued.
    public var id: Int64
    /// The sweep's name (non-empty).
    public var sweep: String
    /// What to run, as the JSON text `vernier sweep` wrote.
    public var spec: String
    public var status: JobStatus
    /// The worker that took it last (`host:pid` or the name given), `nil` while never taken.
    public var worker: String?
    /// When a running job's lease ends (milliseconds since 1970-01-01 UTC); `nil` unless running.
    public var leaseExpiresMilliseconds: Int64?
    /// How many times a worker took it (≥ 0; more than 1 only after a lease expired).
    public var attempts: Int
    /// The run it recorded, once done.
    public var run: RunID?
    /// Why it failed, once failed.
    public var error: String?

    public init(id: Int64, sweep: String, spec: String, status: JobStatus, worker: String?,
                leaseExpiresMilliseconds: Int64?, attempts: Int, run: RunID?, error: String?) {
        self.id = id
        self.sweep = sweep
        self.spec = spec
        self.status = status
        self.worker = worker
        self.leaseExpiresMilliseconds = leaseExpiresMilliseconds
        self.attempts = attempts
        self.run = run
        self.error = error
    }
}
