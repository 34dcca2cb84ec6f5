import Foundation

extension RunStore {
    /// Saves the state of the run's optimiser or learner at `sequence` (an evaluation index or a training
    /// step), committed before returning. Saving the same sequence again replaces it.
    public func saveCheckpoint(_ state: Data, sequence: Int, of run: RunID) throws {
        let now = Timestamp.now()
        try write { db in
            _ = try status(of: run, in: db)
            try upsertCheckpoint(state, sequence: sequence, of: run, at: now, in: db)
            try touch(run, at: now, in: db)
        }
    }

    /// Saves `state` encoded as JSON (sorted keys; non-finite numbers as `"inf"`, `"-inf"`, `"nan"`; numbers
    /// exact), to be read back with ``Checkpoint/decode(_:)``.
    public func saveCheckpoint<State: Encodable>(encoding state: State, sequence: Int, of run: RunID) throws {
        try saveCheckpoint(Checkpoint.data(encoding: state), sequence: sequence, of: run)
    }

    /// The run's checkpoint with the highest sequence, or `nil` when none was saved.
    public func latestCheckpoint(of run: RunID) throws -> Checkpoint? {
        try read { db in try fetchLatestCheckpoint(of: run, in: db) }
    }

    /// The sequences of the run's checkpoints, ascending.
    public func checkpointSequences(of run: RunID) throws -> [Int] {
        try read { db in
            _ = try status(of: run, in: db)
            return try db.values(Int.self, sql: "SELECT sequence FROM checkpoint WHERE run_id = ? ORDER BY sequence",
                                 arguments: [run.number])
        }
    }

    /// Deletes all but the run's `count` latest checkpoints (by sequence), to bound a long training run's size.
    public func pruneCheckpoints(of run: RunID, keepingLatest count: Int) throws {
        try write { db in
            _ = try status(of: run, in: db)
            try db.execute(
                sql: """
                    DELETE FROM checkpoint WHERE run_id = ? AND sequence NOT IN (
                        SELECT sequence FROM checkpoint WHERE run_id = ? ORDER BY sequence DESC LIMIT ?)
                    """,
                arguments: [run.number, run.number, max(0, count)])
        }
    }

    // MARK: - Rows

    func upsertCheckpoint(_ state: Data, sequence: Int, of run: RunID, at date: Timestamp, in db: any StoreSession) throws {
        try db.execute(
            sql: """
                INSERT INTO checkpoint (run_id, sequence, state, recorded_at) VALUES (?, ?, ?, ?)
                ON CONFLICT (run_id, sequence) DO UPDATE SET state = excluded.state, recorded_at = excluded.recorded_at
                """,
            arguments: [run.number, sequence, state, date.stored])
    }

    func fetchLatestCheckpoint(of run: RunID, in db: any StoreSession) throws -> Checkpoint? {
        _ = try status(of: run, in: db)
        let row = try db.row(
            sql: "SELECT sequence, state, recorded_at FROM checkpoint WHERE run_id = ? ORDER BY sequence DESC LIMIT 1",
            arguments: [run.number])
        return try row.map { row in
            Checkpoint(sequence: try row.decode(Int.self, forColumn: "sequence"),
                       state: try row.decode(Data.self, forColumn: "state"),
                       recordedAt: try decodeTimestamp(row, "recorded_at"))
        }
    }
}
