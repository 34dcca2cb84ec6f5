import Foundation

extension RunStore {
    /// Adds one queued job per spec to the sweep `sweep`, in order, in one transaction; returns their ids.
    ///
    /// - Throws: ``RunStoreError/invalidRecord(_:)`` for an empty sweep name.
    @discardableResult
    public func enqueueJobs(sweep: String, specs: [String]) throws -> [Int64] {
        guard !sweep.isEmpty else { throw RunStoreError.invalidRecord("a sweep needs a non-empty name") }
        let now = Timestamp.now().stored
        return try write { db in
            try specs.map { spec in
                let id = try db.value(Int64.self, sql: """
                    INSERT INTO job (sweep, spec, status, attempts, created_at, updated_at)
                    VALUES (?, ?, 'queued', 0, ?, ?) RETURNING id
                    """, arguments: [sweep, spec, now, now])
                guard let id else { throw RunStoreError.database(path: path, message: "INSERT … RETURNING gave no job id") }
                return id
            }
        }
    }

    /// Takes the oldest job that is queued, or running under a lease that ended before `now`, for `worker`
    /// until `now + leaseSeconds`; `nil` when there is none.
    ///
    /// Several workers (threads, processes, machines) may call this at once: each job is given to one of them.
    /// On PostgreSQL the job's row is locked with `FOR UPDATE SKIP LOCKED` (workers skip one another's rows
    /// rather than wait); on SQLite the transaction holds the store's only write lock from its start.
    ///
    /// - Parameters:
    ///   - leaseSeconds: how long the job is the worker's (> 0); after that another worker may take it again.
    ///   - now: the current time (a parameter for tests of expiry).
    public func claimJob(worker: String, leaseSeconds: Double, now: Date = Date()) throws -> Job? {
        guard leaseSeconds > 0, leaseSeconds.isFinite else {
            throw RunStoreError.invalidRecord("a job's lease must be a positive number of seconds, not \(leaseSeconds)")
        }
        let nowMilliseconds = Int64((now.timeIntervalSince1970 * 1000).rounded(.down))
        let expiry = nowMilliseconds + Int64((leaseSeconds * 1000).rounded(.up))
        let lock = engine.locksRows ? " FOR UPDATE SKIP LOCKED" : ""
        return try translating {
            try engine.lockingWrite { db -> Job? in
                let id = try db.value(Int64.self, sql: """
                    SELECT id FROM job
                    WHERE status = 'queued' OR (status = 'running' AND lease_expires_ms < ?)
                    ORDER BY id LIMIT 1
                    """ + lock, arguments: [nowMilliseconds])
                guard let id else { return nil }
                try db.execute(sql: """
                    UPDATE job SET status = 'running', worker = ?, lease_expires_ms = ?, attempts = attempts + 1,
                        updated_at = ?
                    WHERE id = ?
                    """, arguments: [worker, expiry, Timestamp(milliseconds: nowMilliseconds).stored, id])
                return try job(id, in: db)
            }
        }
    }

    /// Extends `worker`'s lease on a running job to `now + leaseSeconds`; returns whether the worker still held
    /// it (`false`: the lease had ended and another worker took the job, or it was settled).
    @discardableResult
    public func renewLease(on id: Int64, worker: String, leaseSeconds: Double, now: Date = Date()) throws -> Bool {
        let nowMilliseconds = Int64((now.timeIntervalSince1970 * 1000).rounded(.down))
        let expiry = nowMilliseconds + Int64((max(0, leaseSeconds) * 1000).rounded(.up))
        return try write { db in
            let held = try db.value(Int64.self, sql: """
                UPDATE job SET lease_expires_ms = ? WHERE id = ? AND worker = ? AND status = 'running' RETURNING id
                """, arguments: [expiry, id, worker])
            return held != nil
        }
    }

    /// Marks the job done with the run it recorded, if `worker` still holds it; returns whether it did (`false`:
    /// its lease ended and another worker took it).
    @discardableResult
    public func completeJob(_ id: Int64, worker: String, run: RunID) throws -> Bool {
        try settleJob(id, worker: worker, status: .done, run: run, error: nil)
    }

    /// Marks the job failed with `error`, if `worker` still holds it; returns whether it did.
    @discardableResult
    public func failJob(_ id: Int64, worker: String, error: String) throws -> Bool {
        try settleJob(id, worker: worker, status: .failed, run: nil, error: error)
    }

    /// The jobs of `sweep` (every sweep's when `nil`), by id.
    public func jobs(sweep: String? = nil) throws -> [Job] {
        try read { db in
            let ids = try sweep.map {
                try db.values(Int64.self, sql: "SELECT id FROM job WHERE sweep = ? ORDER BY id", arguments: [$0])
            } ?? db.values(Int64.self, sql: "SELECT id FROM job ORDER BY id")
            return try ids.map { try job($0, in: db) }
        }
    }

    private func settleJob(_ id: Int64, worker: String, status: JobStatus, run: RunID?, error: String?) throws -> Bool {
        let now = Timestamp.now().stored
        return try write { db in
            let holder = try db.row(sql: "SELECT worker, status FROM job WHERE id = ?", arguments: [id])
            guard let holder else { throw RunStoreError.invalidRecord("the store holds no job \(id)") }
            guard try holder.decode(String?.self, forColumn: "worker") == worker,
                  try holder.decode(String.self, forColumn: "status") == JobStatus.running.rawValue else { return false }
            try db.execute(sql: """
                UPDATE job SET status = ?, run_id = ?, error = ?, lease_expires_ms = NULL, updated_at = ? WHERE id = ?
                """, arguments: [status.rawValue, run?.number, error, now, id])
            return true
        }
    }

    private func job(_ id: Int64, in db: any StoreSession) throws -> Job {
        guard let row = try db.row(sql: """
            SELECT id, sweep, spec, status, worker, lease_expires_ms, attempts, run_id, error FROM job WHERE id = ?
            """, arguments: [id]) else { throw RunStoreError.invalidRecord("the store holds no job \(id)") }
        let statusText = try row.decode(String.self, forColumn: "status")
        guard let status = JobStatus(rawValue: statusText) else {
            throw RunStoreError.corrupt(path: path, detail: "job \(id) has the unknown status '\(statusText)'")
        }
        let runNumber = try row.decode(Int64?.self, forColumn: "run_id")
        return Job(
            id: id, sweep: try row.decode(String.self, forColumn: "sweep"), spec: try row.decode(String.self, forColumn: "spec"),
            status: status, worker: try row.decode(String?.self, forColumn: "worker"),
            leaseExpiresMilliseconds: try row.decode(Int64?.self, forColumn: "lease_expires_ms"),
            attempts: try row.decode(Int.self, forColumn: "attempts"),
            run: runNumber.flatMap { $0 >= 1 ? RunID(number: $0) : nil },
            error: try row.decode(String?.self, forColumn: "error"))
    }
}
