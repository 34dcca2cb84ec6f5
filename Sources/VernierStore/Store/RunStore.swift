import Foundation
import GRDB

/// The run store: an SQLite database (through GRDB) or a PostgreSQL database (through libpq, for a store shared by
/// several machines) of runs, their evaluations, episodes and checkpoints. The store's code is written once over
/// ``StoreEngine``; the schema and its migrations are the same on both (``RunStoreSchema``, ``PostgreSQLSchema``).
///
/// On PostgreSQL every write is its own transaction committed with `synchronous_commit = on` (for
/// ``Durability/full``; `off` for ``Durability/normal``): `COMMIT` returns once the server flushed its WAL, so a
/// committed evaluation survives a crash of the worker and of the server. A connection the server dropped is made
/// again before the next transaction.
///
/// Every recording method returns after its transaction has **committed**: with the default
/// ``Durability/full`` the commit is on disk (the write-ahead log is fsynced), so an evaluation recorded before
/// the next point is sent to the plant survives a crash of the process, the machine or its power. Reads never
/// wait for a writer (WAL mode), so `vernier runs` can watch a run in progress.
///
/// One `RunStore` is one connection, safe to share between tasks and threads (calls are serialised). Several
/// processes may open the same store: writers take turns, each waiting up to
/// ``Options/busyTimeout`` for the lock before giving up with ``RunStoreError/busy(path:waitedSeconds:)``.
///
/// The schema is in `RunStoreSchema` (tables `run`, `evaluation`, `checkpoint`, `episode`, `progress`,
/// `cache_policy`, `cache_day`); how each `Double` is stored exactly is documented there.
///
/// A tune loop records like this (`--store` resolved by ``RunStoreLocation``):
/// ```swift
/// let store = try RunStore(location: try RunStoreLocation.resolve(option: storePath))
/// let run = try store.createRun(NewRun(kind: .tune, plant: id, algorithm: "bo", configuration: settings, seed: seed))
/// var summary = RunSummary.empty
/// for index in 0..<budget {
///     let x = optimiser.suggest()
///     let evaluation = try envelope.evaluate(x)          // the plant moves here
///     optimiser.ingest(x, evaluation)
///     summary = summary.updated(afterEvaluation: index, parameters: x, objective: evaluation.objective, isFeasible: feasible)
///     try store.appendEvaluation(to: run.id, parameters: x, evaluation: evaluation, wallTime: seconds,
///                                isFeasible: feasible, summary: summary, checkpoint: try Checkpoint.data(encoding: optimiser.state))
/// }   // committed before the next suggestion reaches the plant
/// try store.finishRun(run.id, outcome: .completed, summary: summary)
/// ```
/// and `vernier tune --resume r12` starts from ``resumeRun(_:)``: the run, its evaluations, the latest checkpoint.
public final class RunStore: Sendable {
    /// How hard a commit works to reach the disk.
    public enum Durability: String, Sendable, Hashable, Codable {
        /// `PRAGMA synchronous = FULL`: every commit fsyncs the write-ahead log before returning, so a
        /// committed evaluation survives a power cut or an OS crash, not only the process dying. The default:
        /// on a live machine a lost evaluation means a repeated move of real hardware, and one fsync costs
        /// well under a plant evaluation (BENCHMARKS.md, "Run store").
        case full
        /// `PRAGMA synchronous = NORMAL`: commits survive the process dying (the log is in the OS's cache)
        /// but the last ones may be lost to a power cut or OS crash; the database is never corrupted. For
        /// fast simulations where a run is cheap to repeat.
        case normal
    }

    /// How the store is opened.
    public struct Options: Sendable, Hashable {
        /// Create the store file when it does not exist (`false`: report ``RunStoreError/storeNotFound(path:)``).
        public var createIfMissing: Bool
        /// Seconds to wait for another process's write lock before failing; ≥ 0.
        public var busyTimeout: Double
        /// How hard commits work to reach the disk.
        public var durability: Durability

        public init(createIfMissing: Bool = true, busyTimeout: Double = 5, durability: Durability = .full) {
            self.createIfMissing = createIfMissing
            self.busyTimeout = busyTimeout
            self.durability = durability
        }
    }

    /// The store file's path (`:memory:` for an in-memory store), or the PostgreSQL server's URL without its
    /// password.
    public let path: String
    /// The SQLite journal mode in use: `wal`, or another mode where the file system lacks WAL support (some
    /// network file systems), or `memory`; `postgresql` for a store on a server.
    public let journalMode: String
    let options: Options
    let engine: any StoreEngine

    /// Opens the store at `location` (a file, first creating the default directory if needed — see
    /// ``RunStoreLocation/prepare()`` — or a PostgreSQL server).
    public convenience init(location: RunStoreLocation, options: Options = Options()) throws {
        if location.isServer {
            try self.init(serverURL: location.path, options: options)
            return
        }
        if options.createIfMissing || location.exists { try location.prepare() }
        try self.init(path: location.path, options: options)
    }

    /// Opens (or creates) the store at `path` — an SQLite file, or a `postgresql://` URL — checks it is a run
    /// store this build can read, and applies any migrations it lacks.
    ///
    /// - Throws: ``RunStoreError`` naming the problem and the fix: a missing or unwritable directory, a file that
    ///   is not SQLite or not a run store, a damaged file, a store of a newer Vernier, a lock held too long, a
    ///   server that cannot be reached.
    public init(path: String, options: Options = Options()) throws {
        guard !path.isEmpty else { throw RunStoreError.emptyPath }
        if RunStoreLocation.isServerURL(path) {
            let displayName = RunStoreLocation.redacted(path)
            self.path = displayName
            self.options = options
            self.journalMode = "postgresql"
            let engine = try PostgreSQLEngine(url: path, displayName: displayName, durability: options.durability,
                                              busyTimeout: options.busyTimeout)
            try Self.translating(path: displayName, busyTimeout: options.busyTimeout) {
                try engine.read { try PostgreSQLSchema.checkCompatibility($0, displayName: displayName) }
                try PostgreSQLSchema.migrate(engine)
            }
            self.engine = engine
            return
        }
        if !options.createIfMissing && !FileManager.default.fileExists(atPath: path) {
            throw RunStoreError.storeNotFound(path: path)
        }
        try RunStoreLocation.checkOpenable(path)
        self.path = path
        self.options = options
        var configuration = Configuration()
        configuration.label = "VernierStore"
        configuration.busyMode = .timeout(max(0, options.busyTimeout))
        // The journal mode is set below, after the compatibility check: switching a foreign database to WAL
        // would already change it.
        configuration.journalMode = .default
        let database: DatabaseQueue
        // Several processes creating one new store at once race on its creation (another one's `v1` tables or
        // `v2` columns — "already exists", "duplicate column name" —, a journal-mode switch answered SQLITE_BUSY at
        // once): such an open is tried again until the busy timeout; the migration that lost the race rolled back,
        // and the next try finds it applied.
        let deadline = Date().addingTimeInterval(max(0, options.busyTimeout))
        (database, journalMode) = try Self.translating(path: path, busyTimeout: options.busyTimeout) {
            while true {
                do {
                    return try Self.openSQLite(path: path, configuration: configuration, durability: options.durability)
                } catch let error as DatabaseError where Date() < deadline
                    && (error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED
                        || (error.message ?? "").hasSuffix("already exists")
                        || (error.message ?? "").hasPrefix("duplicate column name")) {
                    Thread.sleep(forTimeInterval: 0.02)
                }
            }
        }
        engine = SQLiteEngine(database: database)
    }

    /// Opens the SQLite store at `path`: checks it, switches it to WAL, sets the durability, migrates it.
    private static func openSQLite(path: String, configuration: Configuration,
                                   durability: Durability) throws -> (DatabaseQueue, String) {
        let database = try DatabaseQueue(path: path, configuration: configuration)
        try database.read { try RunStoreSchema.checkCompatibility($0, path: path) }
        let journalMode = try database.writeWithoutTransaction { db in
            let mode = try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL") ?? "unknown"
            // A per-connection setting, so set on every open (GRDB's own WAL set-up would choose NORMAL).
            try db.execute(sql: "PRAGMA synchronous = \(durability == .full ? "FULL" : "NORMAL")")
            return mode
        }
        try RunStoreSchema.migrate(database)
        return (database, journalMode)
    }

    /// Opens the store on the PostgreSQL server at `serverURL`.
    convenience init(serverURL: String, options: Options) throws {
        try self.init(path: serverURL, options: options)
    }

    private init(inMemory database: DatabaseQueue) {
        self.path = ":memory:"
        self.options = Options()
        self.journalMode = "memory"
        self.engine = SQLiteEngine(database: database)
    }

    /// A store in memory, gone when released: for tests of code that records runs.
    public static func inMemory() throws -> RunStore {
        try translating(path: ":memory:", busyTimeout: 0) {
            let database = try DatabaseQueue()
            try RunStoreSchema.migrate(database)
            return RunStore(inMemory: database)
        }
    }

    /// Whether the store is on a PostgreSQL server rather than in an SQLite file.
    public var isOnServer: Bool { engine is PostgreSQLEngine }

    /// Closes the connection; later calls fail. Releasing the store closes it too.
    public func close() throws {
        try translating { try engine.close() }
    }

    /// The durability the connection actually uses (SQLite's `PRAGMA synchronous`: 2 is FULL, 1 is NORMAL;
    /// PostgreSQL's `synchronous_commit`: `on` is full, `off` normal), `nil` for any other setting.
    public func durabilityInEffect() throws -> Durability? {
        try translating { try engine.durabilityInEffect() }
    }

    /// The migrations applied to this store, oldest first (e.g. `["v1"]`).
    public func appliedMigrations() throws -> [String] {
        try translating { try engine.appliedMigrations() }
    }

    // MARK: - Transactions

    /// Runs `body` in one read transaction (a consistent snapshot).
    func read<T>(_ body: (any StoreSession) throws -> T) throws -> T {
        try translating { try engine.read(body) }
    }

    /// Runs `body` in one write transaction, committed before returning.
    func write<T>(_ body: (any StoreSession) throws -> T) throws -> T {
        try translating { try engine.write(body) }
    }

    func translating<T>(_ body: () throws -> T) throws -> T {
        try Self.translating(path: path, busyTimeout: options.busyTimeout, body)
    }

    /// Runs `body`, turning GRDB's, SQLite's and row errors into ``RunStoreError``s that say what to do.
    static func translating<T>(path: String, busyTimeout: Double, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as RunStoreError {
            throw error
        } catch let error as DatabaseError {
            throw RunStoreError(error, path: path, busyTimeout: busyTimeout)
        } catch let error as RowDecodingError {
            throw RunStoreError.corrupt(path: path, detail: "\(error)")
        } catch let error as StoreRowError {
            throw RunStoreError.corrupt(path: path, detail: "\(error)")
        }
    }

    // MARK: - Shared queries

    /// The run's status, or ``RunStoreError/unknownRun(_:nearest:path:)``.
    func status(of run: RunID, in db: any StoreSession) throws -> RunStatus {
        let text = try db.value(String.self, sql: "SELECT status FROM run WHERE id = ?", arguments: [run.number])
        guard let text else { throw try unknownRun(run, in: db) }
        guard let status = RunStatus(rawValue: text) else {
            throw RunStoreError.corrupt(path: path, detail: "run \(run) has the unknown status '\(text)'")
        }
        return status
    }

    /// Fails unless the run exists and is running.
    func requireRunning(_ run: RunID, in db: any StoreSession) throws {
        let status = try status(of: run, in: db)
        guard status == .running else { throw RunStoreError.runNotRunning(run, status: status) }
    }

    /// The error for a run id the store does not hold, with the three nearest ids it does.
    func unknownRun(_ run: RunID, in db: any StoreSession) throws -> RunStoreError {
        let numbers = try db.values(Int64.self, sql: "SELECT id FROM run")
        let nearest = numbers
            .sorted { (abs($0 - run.number), $0) < (abs($1 - run.number), $1) }
            .prefix(3)
            .sorted()
            .map(RunID.init(number:))
        return .unknownRun(run, nearest: nearest, path: path)
    }

    /// The timestamp in `column` of `row`; a value Vernier did not write is reported as damage.
    func decodeTimestamp(_ row: StoreRow, _ column: String) throws -> Date {
        let text = try row.decode(String.self, forColumn: column)
        guard let timestamp = Timestamp(parsing: text) else {
            throw RunStoreError.corrupt(path: path, detail: "the \(column) '\(text)' is not a timestamp Vernier wrote")
        }
        return timestamp.date
    }

    /// Marks the run as changed now.
    func touch(_ run: RunID, at date: Timestamp, in db: any StoreSession) throws {
        try db.execute(sql: "UPDATE run SET updated_at = ? WHERE id = ?", arguments: [date.stored, run.number])
    }
}

extension RunStoreError {
    /// The store error for an SQLite failure.
    init(_ error: DatabaseError, path: String, busyTimeout: Double) {
        let detail = error.message ?? "\(error.resultCode)"
        switch error.resultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            self = .busy(path: path, waitedSeconds: busyTimeout)
        case .SQLITE_NOTADB:
            self = .notADatabase(path: path)
        case .SQLITE_CORRUPT:
            self = .corrupt(path: path, detail: detail)
        case .SQLITE_FULL:
            self = .diskFull(path: path)
        case .SQLITE_READONLY:
            self = .fileNotWritable(path: path)
        case .SQLITE_CANTOPEN:
            self = .database(path: path, message: "SQLite cannot open the file (\(detail)); check the path and its permissions")
        case .SQLITE_IOERR:
            self = .database(path: path, message: "input/output error (\(detail)); check the disk and the file system")
        default:
            self = .database(path: path, message: "\(error)")
        }
    }
}
