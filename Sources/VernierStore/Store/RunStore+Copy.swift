import Foundation

extension RunStore {
    /// The tables holding a run's rows besides `run`, parents before children (foreign keys).
    static let tablesOfARun = ["evaluation", "checkpoint", "episode", "progress", "cache_policy", "cache_day"]

    /// Copies runs with all their rows (evaluations, checkpoints, episodes, progress, cache studies) into
    /// `destination`, each run in one transaction of the destination, committed before the next is read.
    ///
    /// Copies get **new ids** in the destination (the next ones it would give), in the order of the source ids,
    /// so a copy never collides with the destination's runs; the returned pairs say which is which. Everything
    /// else is copied as stored — status, messages, summaries, timestamps, the recording process — bit for bit:
    /// the stores may be on different engines (SQLite and PostgreSQL). Copying a run twice makes two copies.
    ///
    /// - Parameters:
    ///   - runs: The runs to copy, or `nil` for all of them.
    ///   - destination: Another store (copying a store into itself is refused).
    /// - Returns: For each run copied, its id in this store and in `destination`.
    /// - Throws: ``RunStoreError/unknownRun(_:nearest:path:)`` for a requested run this store does not hold (before
    ///   anything is copied); ``RunStoreError/invalidRecord(_:)`` when `destination` is this store.
    @discardableResult
    public func copyRuns(_ runs: [RunID]? = nil, to destination: RunStore) throws -> [(source: RunID, copy: RunID)] {
        guard destination !== self, destination.path != path || path == ":memory:" else {
            throw RunStoreError.invalidRecord("the source and the destination of a copy are the same store (\(path)); name another store")
        }
        let selected: [RunID] = try read { db in
            let all = try db.values(Int64.self, sql: "SELECT id FROM run ORDER BY id").map(RunID.init(number:))
            guard let runs else { return all }
            let held = Set(all)
            for run in runs where !held.contains(run) { throw try unknownRun(run, in: db) }
            return runs.sorted { $0.number < $1.number }
        }
        var pairs: [(source: RunID, copy: RunID)] = []
        for run in selected {
            let (runRow, children) = try read { db -> (StoreRow, [(String, [StoreRow])]) in
                guard let row = try db.row(sql: "SELECT * FROM run WHERE id = ?", arguments: [run.number]) else {
                    throw try unknownRun(run, in: db)
                }
                let children = try Self.tablesOfARun.map { table in
                    (table, try db.rows(sql: "SELECT * FROM \(table) WHERE run_id = ?", arguments: [run.number]))
                }
                return (row, children)
            }
            let copy = try destination.write { db -> RunID in
                let columns = runRow.names.filter { $0 != "id" }
                let values = try columns.map { try runRow.value($0) }
                let number = try db.value(
                    Int64.self,
                    sql: "INSERT INTO run (\(columns.joined(separator: ", "))) VALUES (\(Self.placeholders(columns.count))) RETURNING id",
                    arguments: values.map { $0 as (any StoreValueConvertible)? })
                guard let number else { throw RunStoreError.database(path: destination.path, message: "the copied run got no id") }
                for (table, rows) in children {
                    for row in rows {
                        let values = zip(row.names, row.values).map { name, value in
                            name == "run_id" ? StoreValue.integer(number) : value
                        }
                        try db.execute(
                            sql: "INSERT INTO \(table) (\(row.names.joined(separator: ", "))) VALUES (\(Self.placeholders(row.names.count)))",
                            arguments: values.map { $0 as (any StoreValueConvertible)? })
                    }
                }
                return RunID(number: number)
            }
            pairs.append((run, copy))
        }
        return pairs
    }

    private static func placeholders(_ count: Int) -> String {
        Array(repeating: "?", count: count).joined(separator: ", ")
    }
}
