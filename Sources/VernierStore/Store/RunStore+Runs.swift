import Foundation
import VernierCore

extension RunStore {
    /// Creates a run with status ``RunStatus/running`` and an empty summary.
    ///
    /// - Throws: ``RunStoreError/invalidRecord(_:)`` when the configuration is not a JSON object or the plant or
    ///   algorithm is empty.
    @discardableResult
    public func createRun(_ new: NewRun) throws -> Run {
        guard !new.plant.isEmpty, !new.algorithm.isEmpty else {
            throw RunStoreError.invalidRecord("a run needs a plant and an algorithm (got '\(new.plant)', '\(new.algorithm)')")
        }
        let parsed = try? JSONSerialization.jsonObject(with: Data(new.configuration.utf8))
        guard parsed is [String: Any] else {
            throw RunStoreError.invalidRecord("the configuration of a run must be a JSON object, e.g. {\"budget\": 50}")
        }
        let now = Timestamp.now()
        let summaryText = StoredJSON.text(RunSummary.empty)
        let owner = RunOwner.current
        return try write { db in
            let number = try db.value(
                Int64.self,
                sql: """
                    INSERT INTO run (kind, plant, algorithm, configuration, seed, status, status_message, summary,
                                     created_at, updated_at, owner_pid, owner_host)
                    VALUES (?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?, ?) RETURNING id
                    """,
                arguments: [new.kind.rawValue, new.plant, new.algorithm, new.configuration,
                            new.seed.map { Int64(bitPattern: $0) }, RunStatus.running.rawValue, summaryText, now.stored,
                            now.stored, owner.pid, owner.host])
            guard let number else { throw RunStoreError.database(path: path, message: "the new run got no id") }
            return try fetchRun(RunID(number: number), in: db)
        }
    }

    /// The run with id `id`.
    ///
    /// - Throws: ``RunStoreError/unknownRun(_:nearest:path:)`` listing the nearest ids when there is none.
    public func run(_ id: RunID) throws -> Run {
        try read { try fetchRun(id, in: $0) }
    }

    /// The run whose id is `text` (`r12`, `R12` or `12`).
    ///
    /// - Throws: ``RunStoreError/malformedRunID(_:)`` or ``RunStoreError/unknownRun(_:nearest:path:)``.
    public func run(named text: String) throws -> Run {
        guard let id = RunID(text) else { throw RunStoreError.malformedRunID(text) }
        return try run(id)
    }

    /// Every run with its counts, oldest first; with `limit`, only the newest `limit` runs (still oldest first).
    public func runs(limit: Int? = nil) throws -> [RunOverview] {
        try read { db in
            let rows = try db.rows(
                sql: """
                    SELECT * FROM (
                        SELECT run.*,
                               (SELECT COUNT(*) FROM evaluation WHERE run_id = run.id) AS evaluation_count,
                               (SELECT COUNT(*) FROM episode WHERE run_id = run.id) AS episode_count,
                               (SELECT COUNT(*) FROM checkpoint WHERE run_id = run.id) AS checkpoint_count
                        FROM run ORDER BY id DESC LIMIT ?
                    ) AS newest ORDER BY id
                    """,
                arguments: [limit.map { max(0, $0) } ?? Int.max])
            return try rows.map { row in
                RunOverview(
                    run: try decodeRun(row),
                    evaluationCount: try row.decode(Int.self, forColumn: "evaluation_count"),
                    episodeCount: try row.decode(Int.self, forColumn: "episode_count"),
                    checkpointCount: try row.decode(Int.self, forColumn: "checkpoint_count"))
            }
        }
    }

    /// Records how the run stands, with an optional message (the error of a failed run, who cancelled it).
    public func setStatus(_ status: RunStatus, message: String? = nil, of run: RunID) throws {
        try write { db in
            _ = try self.status(of: run, in: db)
            try db.execute(
                sql: "UPDATE run SET status = ?, status_message = ?, updated_at = ? WHERE id = ?",
                arguments: [status.rawValue, message, Timestamp.now().stored, run.number])
        }
    }

    /// Replaces the run's summary.
    public func setSummary(_ summary: RunSummary, of run: RunID) throws {
        let text = StoredJSON.text(summary)
        try write { db in
            _ = try self.status(of: run, in: db)
            try db.execute(
                sql: "UPDATE run SET summary = ?, updated_at = ? WHERE id = ?",
                arguments: [text, Timestamp.now().stored, run.number])
        }
    }

    /// Ends the run: records its status from `outcome`, the message, and (when given) its final summary, in one
    /// transaction.
    public func finishRun(_ run: RunID, outcome: RunOutcome, message: String? = nil, summary: RunSummary? = nil) throws {
        let summaryText = summary.map { StoredJSON.text($0) }
        try write { db in
            _ = try self.status(of: run, in: db)
            try db.execute(
                sql: """
                    UPDATE run SET status = ?, status_message = ?, summary = COALESCE(?, summary), updated_at = ?
                    WHERE id = ?
                    """,
                arguments: [RunStatus(outcome).rawValue, message, summaryText, Timestamp.now().stored, run.number])
        }
    }

    /// Everything needed to resume `run`, read in one snapshot: the run, all its evaluations, the latest
    /// checkpoint.
    public func resumption(of run: RunID) throws -> RunResumption {
        try read { db in
            RunResumption(run: try fetchRun(run, in: db),
                          evaluations: try fetchEvaluations(of: run, in: db),
                          checkpoint: try fetchLatestCheckpoint(of: run, in: db),
                          episodeCount: try db.value(
                            Int.self, sql: "SELECT COUNT(*) FROM episode WHERE run_id = ?", arguments: [run.number]) ?? 0)
        }
    }

    /// Sets a stopped run (cancelled, failed, or interrupted by a crash) back to running, owned by this
    /// process, and returns what is needed to continue it, in one transaction.
    ///
    /// - Throws: ``RunStoreError/stillRunning(_:owner:)`` when the run's process is alive: two processes must
    ///   not drive one run.
    public func resumeRun(_ run: RunID) throws -> RunResumption {
        try write { db in
            _ = try self.status(of: run, in: db)
            let current = try fetchRun(run, in: db)
            if current.status == .running, let owner = current.owner, owner != RunOwner.current {
                throw RunStoreError.stillRunning(run, owner: "process \(owner.pid) on \(owner.host)")
            }
            let owner = RunOwner.current
            try db.execute(
                sql: "UPDATE run SET status = ?, status_message = NULL, updated_at = ?, owner_pid = ?, owner_host = ? WHERE id = ?",
                arguments: [RunStatus.running.rawValue, Timestamp.now().stored, owner.pid, owner.host, run.number])
            return RunResumption(run: try fetchRun(run, in: db),
                                 evaluations: try fetchEvaluations(of: run, in: db),
                                 checkpoint: try fetchLatestCheckpoint(of: run, in: db),
                                 episodeCount: try db.value(
                                    Int.self, sql: "SELECT COUNT(*) FROM episode WHERE run_id = ?", arguments: [run.number]) ?? 0)
        }
    }

    /// Deletes the run with its evaluations, episodes and checkpoints. Its id is never reused.
    public func deleteRun(_ run: RunID) throws {
        try write { db in
            _ = try self.status(of: run, in: db)
            try db.execute(sql: "DELETE FROM run WHERE id = ?", arguments: [run.number])
        }
    }

    // MARK: - Rows

    func fetchRun(_ id: RunID, in db: any StoreSession) throws -> Run {
        guard let row = try db.row(sql: "SELECT * FROM run WHERE id = ?", arguments: [id.number])
        else { throw try unknownRun(id, in: db) }
        return try decodeRun(row)
    }

    func decodeRun(_ row: StoreRow) throws -> Run {
        let number = try row.decode(Int64.self, forColumn: "id")
        let statusText = try row.decode(String.self, forColumn: "status")
        guard number >= 1, let status = RunStatus(rawValue: statusText) else {
            throw RunStoreError.corrupt(path: path, detail: "run \(number) has the id or status '\(statusText)'")
        }
        let id = RunID(number: number)
        let seed = try row.decode(Int64?.self, forColumn: "seed")
        let pid = try row.decode(Int32?.self, forColumn: "owner_pid")
        let host = try row.decode(String?.self, forColumn: "owner_host")
        let owner = pid.flatMap { pid in host.map { RunOwner(pid: pid, host: $0) } }
        var run = Run(
            id: id,
            kind: RunKind(rawValue: try row.decode(String.self, forColumn: "kind")),
            plant: try row.decode(String.self, forColumn: "plant"),
            algorithm: try row.decode(String.self, forColumn: "algorithm"),
            configuration: try row.decode(String.self, forColumn: "configuration"),
            seed: seed.map { UInt64(bitPattern: $0) },
            status: status,
            statusMessage: try row.decode(String?.self, forColumn: "status_message"),
            summary: try decodeJSON(RunSummary.self, row, "summary", of: "run \(id)"),
            createdAt: try decodeTimestamp(row, "created_at"),
            updatedAt: try decodeTimestamp(row, "updated_at"),
            owner: owner)
        // A run still marked running whose process is gone died without saying how it ended.
        if run.status == .running, let owner, owner.isGone(lastWrite: run.updatedAt) {
            run.status = .interrupted
            run.statusMessage = owner.host == ProcessInfo.processInfo.hostName
                ? "its process \(owner.pid) is gone; continue it with --resume \(id)"
                : "nothing recorded by \(owner.host) for over \(Int(RunOwner.heartbeatTimeout / 60)) minutes; continue it with --resume \(id)"
        }
        return run
    }

    /// The JSON object of numbers in `column` of `row` (written by `StoredJSON.text(_:)`), read on the fast path
    /// when it can be; a damaged value is reported as such.
    func decodeNumbers(_ row: StoreRow, _ column: String, of owner: String) throws -> [String: Double] {
        if let values = StoredJSON.numbers(from: try row.decode(String.self, forColumn: column)) { return values }
        return try decodeJSON([String: Double].self, row, column, of: owner)
    }

    /// The JSON text in `column` of `row` decoded as `type`; a damaged value is reported as such.
    func decodeJSON<Value: Decodable>(_ type: Value.Type, _ row: StoreRow, _ column: String, of owner: String) throws -> Value {
        let text = try row.decode(String.self, forColumn: column)
        do {
            return try StoredJSON.value(type, from: text)
        } catch {
            throw RunStoreError.corrupt(path: path, detail: "the \(column) of \(owner) is not the JSON Vernier wrote")
        }
    }
}
