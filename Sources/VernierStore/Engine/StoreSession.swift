/// The SQL engine under the run store, inside one transaction: the run store's code is written once against
/// this, and runs on SQLite (``SQLiteEngine``) and PostgreSQL (``PostgreSQLEngine``).
///
/// Statements use `?` placeholders on both engines (PostgreSQL's `$1`, `$2`, … are written for it) and the
/// SQL both understand: `INSERT … RETURNING`, `ON CONFLICT … DO UPDATE`, `COALESCE`, sub-selects with aliases.
protocol StoreSession {
    /// Runs one statement.
    func execute(sql: String, arguments: StoreArguments) throws
    /// Runs one query and returns all its rows.
    func rows(sql: String, arguments: StoreArguments) throws -> [StoreRow]
}

extension StoreSession {
    func execute(sql: String) throws {
        try execute(sql: sql, arguments: [])
    }

    /// The first row of the query, or `nil` when it returns none.
    func row(sql: String, arguments: StoreArguments = []) throws -> StoreRow? {
        try rows(sql: sql, arguments: arguments).first
    }

    /// The first column of the query's first row as `type`; `nil` when there is no row or the value is NULL.
    func value<Value: StoreColumnDecodable>(_ type: Value.Type, sql: String, arguments: StoreArguments = []) throws -> Value? {
        guard let row = try row(sql: sql, arguments: arguments), let name = row.names.first else { return nil }
        return try row.decode(Value?.self, forColumn: name)
    }

    /// The first column of every row of the query as `type`.
    func values<Value: StoreColumnDecodable>(_ type: Value.Type, sql: String, arguments: StoreArguments = []) throws -> [Value] {
        try rows(sql: sql, arguments: arguments).map { row in
            try row.decode(Value.self, forColumn: row.names.first ?? "")
        }
    }
}

/// The engine holding a run store: transactions, and what differs between engines beyond SQL statements.
protocol StoreEngine: AnyObject, Sendable {
    /// Runs `body` in one read-only transaction (a consistent snapshot).
    func read<T>(_ body: (any StoreSession) throws -> T) throws -> T
    /// Runs `body` in one write transaction, committed (durably, as the store's options say) before returning;
    /// rolled back when `body` throws.
    func write<T>(_ body: (any StoreSession) throws -> T) throws -> T
    /// Runs `body` in one write transaction that holds the store's write lock from its first statement (SQLite's
    /// `BEGIN IMMEDIATE`; on PostgreSQL a plain transaction, rows being locked by `FOR UPDATE`), so that what it
    /// reads cannot change before it writes: for taking a job off a queue shared by several processes.
    func lockingWrite<T>(_ body: (any StoreSession) throws -> T) throws -> T
    /// Whether queries may lock the rows they select with `FOR UPDATE SKIP LOCKED` (PostgreSQL); SQLite has one
    /// writer at a time and no row locks.
    var locksRows: Bool { get }
    /// Closes the connection; later calls fail.
    func close() throws
    /// The schema migrations applied, oldest first.
    func appliedMigrations() throws -> [String]
    /// The durability commits actually get, `nil` for a setting Vernier does not make.
    func durabilityInEffect() throws -> RunStore.Durability?
}
