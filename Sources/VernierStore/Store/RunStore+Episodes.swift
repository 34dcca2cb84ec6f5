import Foundation

extension RunStore {
    /// Records the next episode of a running run and returns once it is committed.
    ///
    /// - Returns: The stored record, with its index (0 for a run's first episode, then 1, 2, …).
    @discardableResult
    public func appendEpisode(_ episode: EpisodeResult, to run: RunID) throws -> EpisodeRecord {
        try appendEpisodes([episode], to: run)[0]
    }

    /// Records several episodes of a running run in one transaction (one commit), in order — for vectorised
    /// training, where many short episodes end at once.
    ///
    /// - Throws: ``RunStoreError/invalidRecord(_:)`` when an episode's length is negative or its trace does not
    ///   match its length; nothing is recorded then.
    @discardableResult
    public func appendEpisodes(_ episodes: [EpisodeResult], to run: RunID) throws -> [EpisodeRecord] {
        let traces = try episodes.map { episode -> String? in
            guard episode.length >= 0 else {
                throw RunStoreError.invalidRecord("an episode's length must be ≥ 0, not \(episode.length)")
            }
            if let steps = episode.stepsToSuccess, !(1...max(episode.length, 1)).contains(steps) {
                throw RunStoreError.invalidRecord(
                    "an episode's steps to success must be between 1 and its length \(episode.length), not \(steps)")
            }
            guard let trace = episode.trace else { return nil }
            if let problem = trace.inconsistency { throw RunStoreError.invalidRecord(problem) }
            guard trace.stepCount == episode.length else {
                throw RunStoreError.invalidRecord(
                    "the episode's length is \(episode.length) but its trace has \(trace.stepCount) steps")
            }
            return try StoredJSON.text(trace)
        }
        let now = Timestamp.now()
        return try write { db in
            try requireRunning(run, in: db)
            var index = try db.value(
                Int.self, sql: "SELECT COALESCE(MAX(episode_index) + 1, 0) FROM episode WHERE run_id = ?",
                arguments: [run.number]) ?? 0
            let insert = """
                INSERT INTO episode (run_id, episode_index, episode_return, length, success, steps_to_success, seed, trace,
                                     recorded_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
            var records: [EpisodeRecord] = []
            records.reserveCapacity(episodes.count)
            for (episode, trace) in zip(episodes, traces) {
                try db.execute(sql: insert, arguments: [
                    run.number, index, Self.storable(episode.episodeReturn), episode.length, episode.success,
                    episode.stepsToSuccess, episode.seed.map { Int64(bitPattern: $0) }, trace, now.stored,
                ])
                records.append(EpisodeRecord(index: index, result: episode, recordedAt: now.date))
                index += 1
            }
            try touch(run, at: now, in: db)
            return records
        }
    }

    /// The run's episodes in order; without traces when `includingTraces` is false (much less to read).
    public func episodes(of run: RunID, includingTraces: Bool = true) throws -> [EpisodeRecord] {
        try read { db in
            _ = try status(of: run, in: db)
            let rows = try db.rows(
                sql: """
                    SELECT episode_index, episode_return, length, success, steps_to_success, seed, recorded_at,
                           \(includingTraces ? "trace" : "NULL AS trace")
                    FROM episode WHERE run_id = ? ORDER BY episode_index
                    """,
                arguments: [run.number])
            return try rows.map { row in
                let index = try row.decode(Int.self, forColumn: "episode_index")
                let trace: EpisodeTrace? = try row.decode(String?.self, forColumn: "trace") == nil
                    ? nil : try decodeJSON(EpisodeTrace.self, row, "trace", of: "episode \(index) of run \(run)")
                let result = EpisodeResult(
                    episodeReturn: Self.double(try row.decode(Double?.self, forColumn: "episode_return")),
                    length: try row.decode(Int.self, forColumn: "length"),
                    success: try row.decode(Bool?.self, forColumn: "success"),
                    stepsToSuccess: try row.decode(Int?.self, forColumn: "steps_to_success"),
                    seed: try row.decode(Int64?.self, forColumn: "seed").map { UInt64(bitPattern: $0) },
                    trace: trace)
                return EpisodeRecord(index: index, result: result,
                                     recordedAt: try decodeTimestamp(row, "recorded_at"))
            }
        }
    }
}
