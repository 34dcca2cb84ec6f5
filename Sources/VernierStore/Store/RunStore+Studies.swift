import Foundation

extension RunStore {
    /// Opens the shared study `name`, creating it with `initialState` (the optimiser's checkpoint) when the store
    /// has none; returns its number.
    ///
    /// - Throws: ``RunStoreError/invalidRecord(_:)`` when a study of that name exists for another plant,
    ///   optimiser, seed or budget (the message names both), or for an empty name.
    public func openStudy(name: String, plant: String, optimizer: String, seed: String, budget: Int,
                          initialState: Data) throws -> Int64 {
        guard !name.isEmpty else { throw RunStoreError.invalidRecord("a study needs a non-empty name") }
        let now = Timestamp.now().stored
        return try translating {
            try engine.lockingWrite { db -> Int64 in
                try db.execute(sql: """
                    INSERT INTO study (name, plant, optimizer, seed, budget, status, state, created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, 'running', ?, ?, ?) ON CONFLICT (name) DO NOTHING
                    """, arguments: [name, plant, optimizer, seed, Int64(budget), initialState, now, now])
                guard let row = try db.row(sql: "SELECT id, plant, optimizer, seed, budget FROM study WHERE name = ?",
                                           arguments: [name]) else {
                    throw RunStoreError.invalidRecord("study '\(name)' could not be created")
                }
                let existing = (try row.decode(String.self, forColumn: "plant"),
                                try row.decode(String.self, forColumn: "optimizer"),
                                try row.decode(String.self, forColumn: "seed"),
                                try row.decode(Int64.self, forColumn: "budget"))
                guard existing == (plant, optimizer, seed, Int64(budget)) else {
                    throw RunStoreError.invalidRecord("""
                        study '\(name)' is \(existing.0) with \(existing.1), seed \(existing.2), budget \(existing.3); \
                        this worker asks for \(plant) with \(optimizer), seed \(seed), budget \(budget): give the same \
                        plant, --optimizer, --seed and --budget, or another --study name
                        """)
                }
                return try row.decode(Int64.self, forColumn: "id")
            }
        }
    }

    /// Gives `worker` the study's next point until `now + leaseSeconds`: first a pending point whose lease ran out
    /// (its worker died), otherwise a new one from `suggest` (given the optimiser's state, it returns the new state
    /// and the point; the optimiser must treat its outstanding points as pending).
    ///
    /// One worker at a time holds the study's row (PostgreSQL `FOR UPDATE`; SQLite's write lock from the start of
    /// the transaction), so the optimiser state is read, advanced and written back without a lost update.
    public func claimStudyPoint(
        study: Int64, worker: String, leaseSeconds: Double, now: Date = Date(),
        suggest: (Data) throws -> (state: Data, parameters: [Double])
    ) throws -> StudyClaim {
        guard leaseSeconds > 0, leaseSeconds.isFinite else {
            throw RunStoreError.invalidRecord("a study point's lease must be a positive number of seconds, not \(leaseSeconds)")
        }
        let nowMilliseconds = Int64((now.timeIntervalSince1970 * 1000).rounded(.down))
        let expiry = nowMilliseconds + Int64((leaseSeconds * 1000).rounded(.up))
        let lock = engine.locksRows ? " FOR UPDATE" : ""
        return try translating {
            try engine.lockingWrite { db -> StudyClaim in
                guard let row = try db.row(sql: "SELECT budget, status, state FROM study WHERE id = ?" + lock,
                                           arguments: [study]) else {
                    throw RunStoreError.invalidRecord("the store holds no study \(study)")
                }
                let budget = try row.decode(Int64.self, forColumn: "budget")
                let done = try db.value(Int64.self, sql: """
                    SELECT COUNT(*) FROM study_point WHERE study_id = ? AND status = 'done'
                    """, arguments: [study]) ?? 0
                if done >= budget {
                    try db.execute(sql: "UPDATE study SET status = 'done', updated_at = ? WHERE id = ?",
                                   arguments: [Timestamp.now().stored, study])
                    return .finished
                }
                if let index = try db.value(Int64.self, sql: """
                    SELECT point_index FROM study_point
                    WHERE study_id = ? AND status = 'pending' AND lease_expires_ms < ? ORDER BY point_index LIMIT 1
                    """, arguments: [study, nowMilliseconds]) {
                    try db.execute(sql: """
                        UPDATE study_point SET worker = ?, lease_expires_ms = ?, attempts = attempts + 1
                        WHERE study_id = ? AND point_index = ?
                        """, arguments: [worker, expiry, study, index])
                    return .point(try studyPoint(study, index: index, in: db))
                }
                let total = try db.value(Int64.self, sql: "SELECT COUNT(*) FROM study_point WHERE study_id = ?",
                                         arguments: [study]) ?? 0
                guard total < budget else { return .wait }
                let (state, parameters) = try suggest(try row.decode(Data.self, forColumn: "state"))
                let parametersJSON = String(decoding: try JSONEncoder().encode(parameters), as: UTF8.self)
                try db.execute(sql: """
                    INSERT INTO study_point (study_id, point_index, parameters, status, worker, lease_expires_ms, attempts)
                    VALUES (?, ?, ?, 'pending', ?, ?, 1)
                    """, arguments: [study, total, parametersJSON, worker, expiry])
                try db.execute(sql: "UPDATE study SET state = ?, updated_at = ? WHERE id = ?",
                               arguments: [state, Timestamp.now().stored, study])
                return .point(try studyPoint(study, index: total, in: db))
            }
        }
    }

    /// Records the evaluation of `point` by `worker` (folding it into the optimiser's state with `ingest`) and
    /// marks it done, if the worker still holds it; returns whether it did (`false`: its lease ran out and another
    /// worker took the point, or it is already done).
    public func completeStudyPoint(
        _ point: StudyPoint, worker: String, objective: Double, evaluationJSON: String, run: RunID,
        ingest: (Data) throws -> Data
    ) throws -> Bool {
        let lock = engine.locksRows ? " FOR UPDATE" : ""
        return try translating {
            try engine.lockingWrite { db -> Bool in
                guard let state = try db.value(Data.self, sql: "SELECT state FROM study WHERE id = ?" + lock,
                                               arguments: [point.study]) else {
                    throw RunStoreError.invalidRecord("the store holds no study \(point.study)")
                }
                guard let holder = try db.row(sql: """
                    SELECT worker, status FROM study_point WHERE study_id = ? AND point_index = ?
                    """, arguments: [point.study, Int64(point.index)]),
                      try holder.decode(String?.self, forColumn: "worker") == worker,
                      try holder.decode(String.self, forColumn: "status") == "pending" else { return false }
                try db.execute(sql: """
                    UPDATE study_point SET status = 'done', lease_expires_ms = NULL, objective = ?, evaluation = ?,
                        run_id = ?
                    WHERE study_id = ? AND point_index = ?
                    """, arguments: [objective, evaluationJSON, run.number, point.study, Int64(point.index)])
                try db.execute(sql: "UPDATE study SET state = ?, updated_at = ? WHERE id = ?",
                               arguments: [try ingest(state), Timestamp.now().stored, point.study])
                return true
            }
        }
    }

    /// Extends `worker`'s lease on a pending point to `now + leaseSeconds`; returns whether the worker still held
    /// it (`false`: the lease had run out and another worker took the point, or it is done).
    @discardableResult
    public func renewStudyLease(on point: StudyPoint, worker: String, leaseSeconds: Double, now: Date = Date()) throws -> Bool {
        let nowMilliseconds = Int64((now.timeIntervalSince1970 * 1000).rounded(.down))
        let expiry = nowMilliseconds + Int64((max(0, leaseSeconds) * 1000).rounded(.up))
        return try write { db in
            try db.value(Int64.self, sql: """
                UPDATE study_point SET lease_expires_ms = ?
                WHERE study_id = ? AND point_index = ? AND worker = ? AND status = 'pending' RETURNING point_index
                """, arguments: [expiry, point.study, Int64(point.index), worker]) != nil
        }
    }

    /// The study's number, or `nil` when the store has no study `name`.
    public func studyID(named name: String) throws -> Int64? {
        try read { try $0.value(Int64.self, sql: "SELECT id FROM study WHERE name = ?", arguments: [name]) }
    }

    /// The study's optimiser state (the checkpoint its workers advance).
    public func studyState(_ study: Int64) throws -> Data {
        guard let state = try read({ try $0.value(Data.self, sql: "SELECT state FROM study WHERE id = ?", arguments: [study]) }) else {
            throw RunStoreError.invalidRecord("the store holds no study \(study)")
        }
        return state
    }

    /// The study's points, by index.
    public func studyPoints(_ study: Int64) throws -> [StudyPoint] {
        try read { db in
            try db.values(Int64.self, sql: "SELECT point_index FROM study_point WHERE study_id = ? ORDER BY point_index",
                          arguments: [study]).map { try studyPoint(study, index: $0, in: db) }
        }
    }

    private func studyPoint(_ study: Int64, index: Int64, in db: any StoreSession) throws -> StudyPoint {
        guard let row = try db.row(sql: """
            SELECT parameters, status, worker, attempts, objective, run_id FROM study_point
            WHERE study_id = ? AND point_index = ?
            """, arguments: [study, index]) else {
            throw RunStoreError.invalidRecord("study \(study) has no point \(index)")
        }
        let parametersText = try row.decode(String.self, forColumn: "parameters")
        guard let parameters = try? JSONDecoder().decode([Double].self, from: Data(parametersText.utf8)) else {
            throw RunStoreError.corrupt(path: path, detail: "study \(study) point \(index) has unreadable parameters")
        }
        let runNumber = try row.decode(Int64?.self, forColumn: "run_id")
        return StudyPoint(
            study: study, index: Int(index), parameters: parameters,
            isDone: try row.decode(String.self, forColumn: "status") == "done",
            worker: try row.decode(String?.self, forColumn: "worker"),
            attempts: try row.decode(Int.self, forColumn: "attempts"),
            objective: try row.decode(Double?.self, forColumn: "objective"),
            run: runNumber.flatMap { $0 >= 1 ? RunID(number: $0) : nil })
    }
}
