import Foundation
import VernierCore

extension RunStore {
    /// Records the next evaluation of a running run and returns once it is committed.
    ///
    /// Call it after the plant answered and **before** sending the next point: a crash then loses nothing. The
    /// summary and the optimiser's state after ingesting this evaluation may go in the same transaction (one
    /// commit, one fsync), the state as a checkpoint whose sequence is this evaluation's index.
    ///
    /// - Parameters:
    ///   - run: A run whose status is ``RunStatus/running``.
    ///   - parameters: The point evaluated.
    ///   - evaluation: What the plant answered.
    ///   - wallTime: Wall-clock seconds the evaluation took; finite, ≥ 0.
    ///   - isFeasible: Whether every constraint was satisfied.
    ///   - summary: The run's summary after this evaluation, or `nil` to leave it.
    ///   - checkpoint: The optimiser's state after ingesting this evaluation, or `nil`; it replaces the run's
    ///     earlier checkpoints (only the latest is kept).
    /// - Returns: The stored record, with its index (0 for a run's first evaluation, then 1, 2, …).
    @discardableResult
    public func appendEvaluation(
        to run: RunID, parameters: [Double], evaluation: Evaluation, wallTime: Double, isFeasible: Bool,
        summary: RunSummary? = nil, checkpoint: Data? = nil
    ) throws -> EvaluationRecord {
        guard wallTime.isFinite, wallTime >= 0 else {
            throw RunStoreError.invalidRecord("the wall time of an evaluation must be finite and ≥ 0 seconds, not \(wallTime)")
        }
        let parametersText = StoredJSON.text(parameters)
        let constraintsText = StoredJSON.text(evaluation.constraints)
        let observablesText = StoredJSON.text(evaluation.observables)
        let summaryText = summary.map { StoredJSON.text($0) }
        let now = Timestamp.now()
        return try write { db in
            try requireRunning(run, in: db)
            let index = try db.value(
                Int.self, sql: "SELECT COALESCE(MAX(evaluation_index) + 1, 0) FROM evaluation WHERE run_id = ?",
                arguments: [run.number]) ?? 0
            try db.execute(
                sql: """
                    INSERT INTO evaluation (run_id, evaluation_index, parameters, objective, constraint_values,
                                            observables, wall_time, feasible, recorded_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [run.number, index, parametersText, Self.storable(evaluation.objective),
                            constraintsText, observablesText, wallTime, isFeasible, now.stored])
            if let summaryText {
                try db.execute(sql: "UPDATE run SET summary = ?, updated_at = ? WHERE id = ?",
                               arguments: [summaryText, now.stored, run.number])
            } else {
                try touch(run, at: now, in: db)
            }
            if let checkpoint {
                try upsertCheckpoint(checkpoint, sequence: index, of: run, at: now, in: db)
                // The newest state supersedes the older ones (a resume replays the evaluations after it): keeping
                // them all would grow the store with the square of the run's length (an optimiser's state holds
                // its history) — 100 GB for a 100,000-evaluation random search.
                try db.execute(sql: "DELETE FROM checkpoint WHERE run_id = ? AND sequence < ?",
                               arguments: [run.number, index])
            }
            return EvaluationRecord(
                index: index, parameters: parameters, objective: evaluation.objective,
                constraints: evaluation.constraints, observables: evaluation.observables, wallTime: wallTime,
                isFeasible: isFeasible, recordedAt: now.date)
        }
    }

    /// The run's evaluations in order; with `range`, only those whose index lies in it.
    public func evaluations(of run: RunID, in range: Range<Int>? = nil) throws -> [EvaluationRecord] {
        try read { db in try fetchEvaluations(of: run, indices: range, in: db) }
    }

    /// How many evaluations the run recorded.
    public func evaluationCount(of run: RunID) throws -> Int {
        try read { db in
            _ = try status(of: run, in: db)
            return try db.value(Int.self, sql: "SELECT COUNT(*) FROM evaluation WHERE run_id = ?",
                                arguments: [run.number]) ?? 0
        }
    }

    // MARK: - Rows

    func fetchEvaluations(of run: RunID, indices range: Range<Int>? = nil, in db: any StoreSession) throws -> [EvaluationRecord] {
        _ = try status(of: run, in: db)
        let rows = try db.rows(
            sql: """
                SELECT * FROM evaluation WHERE run_id = ? AND evaluation_index >= ? AND evaluation_index < ?
                ORDER BY evaluation_index
                """,
            arguments: [run.number, range?.lowerBound ?? 0, range?.upperBound ?? Int.max])
        return try rows.map { row in
            let index = try row.decode(Int.self, forColumn: "evaluation_index")
            let owner = "evaluation \(index) of run \(run)"
            return EvaluationRecord(
                index: index,
                parameters: try decodeJSON([Double].self, row, "parameters", of: owner),
                objective: Self.double(try row.decode(Double?.self, forColumn: "objective")),
                constraints: try decodeJSON([Double].self, row, "constraint_values", of: owner),
                observables: try decodeJSON([String: Double].self, row, "observables", of: owner),
                wallTime: try row.decode(Double.self, forColumn: "wall_time"),
                isFeasible: try row.decode(Bool.self, forColumn: "feasible"),
                recordedAt: try decodeTimestamp(row, "recorded_at"))
        }
    }

    /// `value` as bound to an untyped column: SQLite stores NaN as NULL itself; saying so keeps it explicit.
    static func storable(_ value: Double) -> Double? {
        value.isNaN ? nil : value
    }

    /// The `Double` an untyped column holds, NULL standing for NaN.
    static func double(_ stored: Double?) -> Double {
        stored ?? .nan
    }
}
