import GRDB

/// The run store's SQL schema and its migrations.
///
/// Migrations are named `v1`, `v2`, … and applied in order by GRDB's `DatabaseMigrator`, which records each in
/// the table `grdb_migrations`. A shipped migration is never edited: a schema change is a new migration. A
/// store that lists a migration this build does not know was written by a newer Vernier and is refused
/// (``RunStoreError/newerSchema(path:unknownMigrations:)``) before anything is written to it.
enum RunStoreSchema {
    /// SQLite's `application_id` header field for run stores: "VRNR" in ASCII. It tells a run store from any
    /// other SQLite file (`file runs.sqlite` shows it), so Vernier never adds its tables to another program's
    /// database.
    static let applicationID: Int32 = 0x5652_4E52

    /// The identifiers of the migrations this build knows, oldest first.
    static var knownMigrations: [String] { migrator.migrations }

    /// The migrator with every migration, in order.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: v1)
        }
        migrator.registerMigration("v2") { db in
            try db.execute(sql: v2)
        }
        migrator.registerMigration("v3") { db in
            try db.execute(sql: v3)
        }
        migrator.registerMigration("v4") { db in
            try db.execute(sql: v4)
        }
        migrator.registerMigration("v5") { db in
            try db.execute(sql: v5)
        }
        migrator.registerMigration("v6") { db in
            try db.execute(sql: v6)
        }
        return migrator
    }

    /// v2: the process recording each run (its id and host), so that a run whose process died shows as
    /// interrupted rather than running forever. Runs from v1 stores have neither (NULL).
    static let v2 = """
        ALTER TABLE run ADD COLUMN owner_pid INTEGER;
        ALTER TABLE run ADD COLUMN owner_host TEXT;
        """

    /// v1: runs, evaluations, checkpoints and episodes.
    ///
    /// Storage choices, each for bit-exact round trips:
    /// - Scalar `Double`s (`objective`, `wall_time`, `episode_return`) are columns *without* a declared type.
    ///   SQLite stores a column of REAL affinity that holds an integral value as an integer, which turns −0.0
    ///   into 0; a column without affinity keeps the 8-byte IEEE value as given. ±∞ are stored as such;
    ///   SQLite stores NaN as NULL, so a NULL objective or return means NaN (the columns are otherwise never
    ///   NULL).
    /// - Vectors and maps (`parameters`, `constraint_values`, `observables`, `summary`, `trace`) are JSON text
    ///   with shortest round-trip numbers and `"inf"`, `"-inf"`, `"nan"` for the non-finite ones: readable
    ///   with `json_extract` and exact.
    /// - `seed` holds the `UInt64` seed's bit pattern as a signed 64-bit integer (seeds ≥ 2⁶³ read negative in
    ///   SQL, and exactly in Vernier).
    /// - Timestamps are GRDB's `yyyy-MM-dd HH:mm:ss.SSS` in UTC, which SQLite's date functions read.
    static let v1 = """
        PRAGMA application_id = 1448234578;

        CREATE TABLE run (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            kind TEXT NOT NULL,
            plant TEXT NOT NULL,
            algorithm TEXT NOT NULL,
            configuration TEXT NOT NULL,
            seed INTEGER,
            status TEXT NOT NULL CHECK (status IN ('running', 'completed', 'cancelled', 'failed')),
            status_message TEXT,
            summary TEXT NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );

        CREATE TABLE evaluation (
            run_id INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
            evaluation_index INTEGER NOT NULL CHECK (evaluation_index >= 0),
            parameters TEXT NOT NULL,
            objective CHECK (objective IS NULL OR typeof(objective) = 'real'),
            constraint_values TEXT NOT NULL,
            observables TEXT NOT NULL,
            wall_time NOT NULL CHECK (typeof(wall_time) = 'real'),
            feasible INTEGER NOT NULL CHECK (feasible IN (0, 1)),
            recorded_at TEXT NOT NULL,
            UNIQUE (run_id, evaluation_index)
        );

        CREATE TABLE checkpoint (
            run_id INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
            sequence INTEGER NOT NULL,
            state BLOB NOT NULL,
            recorded_at TEXT NOT NULL,
            UNIQUE (run_id, sequence)
        );

        CREATE TABLE episode (
            run_id INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
            episode_index INTEGER NOT NULL CHECK (episode_index >= 0),
            episode_return CHECK (episode_return IS NULL OR typeof(episode_return) = 'real'),
            length INTEGER NOT NULL CHECK (length >= 0),
            success INTEGER CHECK (success IN (0, 1)),
            seed INTEGER,
            trace TEXT,
            recorded_at TEXT NOT NULL,
            UNIQUE (run_id, episode_index)
        );
        """

    /// v3: what reports plot that v1 did not keep — a learner's statistics per update (`progress`: losses,
    /// entropy, approximate KL, … as a JSON object by name, one row per training step, a resumed run's repeated
    /// step replacing the earlier row) and each evaluation episode's steps to success.
    static let v3 = """
        ALTER TABLE episode ADD COLUMN steps_to_success INTEGER CHECK (steps_to_success IS NULL OR steps_to_success >= 1);

        CREATE TABLE progress (
            run_id INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
            step INTEGER NOT NULL CHECK (step >= 0),
            statistics TEXT NOT NULL,
            recorded_at TEXT NOT NULL,
            UNIQUE (run_id, step)
        );
        """

    /// v4: what a cache study's report shows (`vernier cache simulate` and `cache advise`) — per policy, in the
    /// order compared, the run's figures (`cache_policy.metrics`: hit and byte hit ratios, both throughputs,
    /// cost, read-on-hit, bandwidth saturation, CPU efficiency, … as a JSON object by name), whether the advisor
    /// recommended it and the sentence saying why; and per policy per day (`cache_day`, the day counted from the
    /// first request scored) that day's figures, occupancy at the day's end included. A study is written in one
    /// transaction; deleting its run or its policy row deletes its days.
    static let v4 = """
        CREATE TABLE cache_policy (
            run_id INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
            policy_index INTEGER NOT NULL CHECK (policy_index >= 0),
            policy TEXT NOT NULL CHECK (policy <> ''),
            metrics TEXT NOT NULL,
            recommended INTEGER NOT NULL CHECK (recommended IN (0, 1)),
            recommendation TEXT CHECK (recommendation IS NULL OR recommended = 1),
            recorded_at TEXT NOT NULL,
            UNIQUE (run_id, policy_index),
            UNIQUE (run_id, policy)
        );

        CREATE TABLE cache_day (
            run_id INTEGER NOT NULL,
            policy_index INTEGER NOT NULL,
            day INTEGER NOT NULL CHECK (day >= 0),
            statistics TEXT NOT NULL,
            UNIQUE (run_id, policy_index, day),
            FOREIGN KEY (run_id, policy_index) REFERENCES cache_policy(run_id, policy_index) ON DELETE CASCADE
        );
        """

    /// v5: the job queue of sweeps (`vernier sweep` enqueues, `vernier worker` takes). A job's `spec` is the JSON
    /// of what to run; `status` goes queued → running → done or failed; a running job belongs to `worker` until
    /// `lease_expires_ms` (milliseconds since 1970, UTC), after which another worker may take it again; `attempts`
    /// counts how often it was taken; a done job links the run it recorded (`run_id`), a failed one keeps `error`.
    static let v5 = """
        CREATE TABLE job (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            sweep TEXT NOT NULL CHECK (sweep <> ''),
            spec TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')),
            worker TEXT,
            lease_expires_ms INTEGER,
            attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
            run_id INTEGER REFERENCES run(id) ON DELETE SET NULL,
            error TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX job_by_status ON job (status, id);
        """

    /// v6: shared studies (`vernier tune --study NAME`): one optimisation worked on by several processes. A study
    /// keeps the optimiser's whole state (`state`, the checkpoint JSON) that every worker updates under the store's
    /// write lock; its points go pending → done; a pending point belongs to `worker` until `lease_expires_ms`
    /// (milliseconds since 1970, UTC), after which it is handed out again; a done point keeps its objective, its
    /// evaluation (JSON) and the run of the worker that evaluated it.
    static let v6 = """
        CREATE TABLE study (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            name TEXT NOT NULL UNIQUE CHECK (name <> ''),
            plant TEXT NOT NULL,
            optimizer TEXT NOT NULL,
            seed TEXT NOT NULL,
            budget INTEGER NOT NULL CHECK (budget >= 1),
            status TEXT NOT NULL CHECK (status IN ('running', 'done')),
            state BLOB NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE TABLE study_point (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            study_id INTEGER NOT NULL REFERENCES study(id) ON DELETE CASCADE,
            point_index INTEGER NOT NULL CHECK (point_index >= 0),
            parameters TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('pending', 'done')),
            worker TEXT,
            lease_expires_ms INTEGER,
            attempts INTEGER NOT NULL DEFAULT 1 CHECK (attempts >= 1),
            objective REAL,
            evaluation TEXT,
            run_id INTEGER REFERENCES run(id) ON DELETE SET NULL,
            UNIQUE (study_id, point_index)
        );
        """

    /// Refuses a file that is not a run store or was written by a newer Vernier; changes nothing.
    static func checkCompatibility(_ db: Database, path: String) throws {
        let applicationID = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
        if applicationID != Self.applicationID {
            let tables = try String.fetchAll(db, sql: """
                SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name
                """)
            if applicationID != 0 {
                let hex = String(UInt32(bitPattern: applicationID), radix: 16)
                throw RunStoreError.notARunStore(
                    path: path, detail: "its SQLite application id is 0x\(hex), not Vernier's 0x56524e52")
            }
            // Only GRDB's migrations table: another process is creating this store right now (the migrator creates
            // that table before `v1` sets the application id); `migrate` waits for it.
            if !tables.isEmpty && tables != ["grdb_migrations"] {
                let listed = tables.prefix(5).joined(separator: ", ") + (tables.count > 5 ? ", …" : "")
                throw RunStoreError.notARunStore(path: path, detail: "it holds the tables \(listed)")
            }
        }
        let migrator = self.migrator
        if try migrator.hasBeenSuperseded(db) {
            let unknown = try migrator.appliedIdentifiers(db).subtracting(migrator.migrations).sorted()
            throw RunStoreError.newerSchema(path: path, unknownMigrations: unknown)
        }
    }

    /// Applies the migrations `db` lacks.
    ///
    /// Two processes opening a new store at once may both see it empty; the second one's `v1` then fails on
    /// tables the first just created. That is no error when the schema turns out complete.
    static func migrate(_ writer: some DatabaseWriter) throws {
        let migrator = self.migrator
        // An up-to-date store is only read: opening it to list runs then never waits for a writer's lock.
        if try writer.read({ try migrator.hasCompletedMigrations($0) }) { return }
        do {
            try migrator.migrate(writer)
        } catch {
            let complete = (try? writer.read { try migrator.hasCompletedMigrations($0) }) ?? false
            if !complete { throw error }
        }
    }
}
