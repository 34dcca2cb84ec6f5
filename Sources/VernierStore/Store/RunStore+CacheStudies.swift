import Foundation

extension RunStore {
    /// Records what a cache run found (every policy's figures and days, the recommendation) in one
    /// transaction, committed before returning. Recording a study again for the same run replaces the earlier one.
    ///
    /// - Throws: ``RunStoreError/invalidRecord(_:)`` for an empty study, a repeated or empty policy name, days
    ///   out of order or negative, or a recommendation of a policy the study does not hold; nothing is recorded
    ///   then. ``RunStoreError/runNotRunning(_:status:)`` unless the run is running.
    public func recordCacheStudy(_ study: CacheStudyRecord, of run: RunID) throws {
        if let problem = study.problem { throw RunStoreError.invalidRecord(problem) }
        let now = Timestamp.now()
        try write { db in
            try requireRunning(run, in: db)
            try db.execute(sql: "DELETE FROM cache_policy WHERE run_id = ?", arguments: [run.number])
            let insertPolicy = """
                INSERT INTO cache_policy (run_id, policy_index, policy, metrics, recommended, recommendation, recorded_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """
            let insertDay = "INSERT INTO cache_day (run_id, policy_index, day, statistics) VALUES (?, ?, ?, ?)"
            for (index, policy) in study.policies.enumerated() {
                let isRecommended = policy.policy == study.recommended
                try db.execute(sql: insertPolicy, arguments: [
                    run.number, index, policy.policy, StoredJSON.text(policy.metrics), isRecommended,
                    isRecommended ? study.recommendation : nil, now.stored,
                ])
                for day in policy.days {
                    try db.execute(sql: insertDay,
                                   arguments: [run.number, index, day.day, StoredJSON.text(day.statistics)])
                }
            }
            try touch(run, at: now, in: db)
        }
    }

    /// The cache study recorded for `run`, policies in the order compared and days in order; `nil` when the run
    /// recorded none (it is not a cache run, or it failed before scoring).
    public func cacheStudy(of run: RunID) throws -> CacheStudyRecord? {
        try read { db in
            _ = try status(of: run, in: db)
            let policyRows = try db.rows(sql: """
                SELECT policy_index, policy, metrics, recommended, recommendation FROM cache_policy
                WHERE run_id = ? ORDER BY policy_index
                """, arguments: [run.number])
            guard !policyRows.isEmpty else { return nil }
            var daysByPolicy: [Int: [CacheDayRecord]] = [:]
            for row in try db.rows(sql: """
                SELECT policy_index, day, statistics FROM cache_day WHERE run_id = ? ORDER BY policy_index, day
                """, arguments: [run.number]) {
                let index = try row.decode(Int.self, forColumn: "policy_index")
                let day = try row.decode(Int.self, forColumn: "day")
                daysByPolicy[index, default: []].append(CacheDayRecord(
                    day: day,
                    statistics: try decodeNumbers(row, "statistics",
                                               of: "day \(day) of cache policy \(index) of run \(run)")))
            }
            var study = CacheStudyRecord(policies: [])
            for row in policyRows {
                let index = try row.decode(Int.self, forColumn: "policy_index")
                let name = try row.decode(String.self, forColumn: "policy")
                study.policies.append(CachePolicyRecord(
                    policy: name,
                    metrics: try decodeNumbers(row, "metrics", of: "cache policy \(name) of run \(run)"),
                    days: daysByPolicy[index] ?? []))
                if try row.decode(Bool.self, forColumn: "recommended") {
                    study.recommended = name
                    study.recommendation = try row.decode(String?.self, forColumn: "recommendation")
                }
            }
            return study
        }
    }
}
