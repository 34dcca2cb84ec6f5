import Foundation

extension RunStore {
    /// Records a learner's statistics after the update at `step`, committed before returning. Recording the
    /// same step again (a run resumed from an earlier checkpoint) replaces the earlier record.
    public func recordProgress(_ statistics: [String: Double], step: Int, of run: RunID) throws {
        guard step >= 0 else { throw RunStoreError.invalidRecord("a progress record's step must be ≥ 0, not \(step)") }
        let text = StoredJSON.text(statistics)
        let now = Timestamp.now()
        try write { db in
            try requireRunning(run, in: db)
            try db.execute(
                sql: """
                    INSERT INTO progress (run_id, step, statistics, recorded_at) VALUES (?, ?, ?, ?)
                    ON CONFLICT (run_id, step) DO UPDATE SET statistics = excluded.statistics, recorded_at = excluded.recorded_at
                    """,
                arguments: [run.number, step, text, now.stored])
            try touch(run, at: now, in: db)
        }
    }

    /// The run's progress records by step, ascending.
    public func progress(of run: RunID) throws -> [ProgressRecord] {
        try read { db in
            _ = try status(of: run, in: db)
            let rows = try db.rows(
                sql: "SELECT step, statistics, recorded_at FROM progress WHERE run_id = ? ORDER BY step",
                arguments: [run.number])
            return try rows.map { row in
                let step = try row.decode(Int.self, forColumn: "step")
                return ProgressRecord(
                    step: step,
                    statistics: try decodeNumbers(row, "statistics", of: "progress at step \(step) of run \(run)"),
                    recordedAt: try decodeTimestamp(row, "recorded_at"))
            }
        }
    }
}
