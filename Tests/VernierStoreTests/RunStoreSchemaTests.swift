import Foundation
import GRDB
import Testing
import VernierCore
import VernierStore

/// Schema and migrations: the v1 schema is frozen, newer stores are refused, other databases left alone.
struct RunStoreSchemaTests {
    /// The v1 schema exactly as shipped, copied here on purpose: if the `v1` migration is ever edited instead
    /// of adding `v2`, stores created by older builds no longer match and this test fails.
    /// The v2 migration as shipped (the process that records each run), frozen here like v1.
    static let v2Schema = """
        ALTER TABLE run ADD COLUMN owner_pid INTEGER;
        ALTER TABLE run ADD COLUMN owner_host TEXT;
        """

    static let v1Schema = """
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

        CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY);
        INSERT INTO grdb_migrations (identifier) VALUES ('v1');
        """

    /// The v3 additions exactly as shipped (frozen like ``v1Schema``): steps to success, progress records.
    static let v3Schema = """
        ALTER TABLE episode ADD COLUMN steps_to_success INTEGER CHECK (steps_to_success IS NULL OR steps_to_success >= 1);

        CREATE TABLE progress (
            run_id INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
            step INTEGER NOT NULL CHECK (step >= 0),
            statistics TEXT NOT NULL,
            recorded_at TEXT NOT NULL,
            UNIQUE (run_id, step)
        );
        INSERT INTO grdb_migrations (identifier) VALUES ('v3');
        """

    /// The v4 additions exactly as shipped (frozen like ``v1Schema``): cache studies' policies and days.
    static let v4Schema = """
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
        INSERT INTO grdb_migrations (identifier) VALUES ('v4');
        """

    /// The v5 additions exactly as shipped (frozen like ``v1Schema``): the sweeps' job queue.
    static let v5Schema = """
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
        INSERT INTO grdb_migrations (identifier) VALUES ('v5');
        """

    /// The v6 additions exactly as shipped (frozen like ``v1Schema``): shared studies and their points.
    static let v6Schema = """
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
        INSERT INTO grdb_migrations (identifier) VALUES ('v6');
        """

    /// The schema objects of the database at `path`, as SQLite records them.
    static func schema(at path: String) throws -> [String] {
        let database = try DatabaseQueue(path: path)
        defer { try? database.close() }
        return try database.read {
            try String.fetchAll($0, sql: "SELECT type || ' ' || name || ': ' || COALESCE(sql, '') FROM sqlite_master ORDER BY name")
        }
    }

    @Test func aStoreBuiltByHandAtV1OpensWithItsData() throws {
        try withTemporaryDirectory { directory in
            let path = directory + "/v1.sqlite"
            let raw = try DatabaseQueue(path: path)
            try raw.write { db in
                try db.execute(sql: Self.v1Schema)
                try db.execute(sql: """
                    INSERT INTO run (kind, plant, algorithm, configuration, seed, status, status_message, summary,
                                     created_at, updated_at)
                    VALUES ('tune', 'awake/Steering-v1', 'bo', '{"budget":50}', -1, 'cancelled', 'Ctrl-C',
                            '{"best_objective":0.5,"best_parameters":[1,-0],"best_evaluation_index":1,"metrics":{}}',
                            '2026-01-02 03:04:05.678', '2026-01-02 03:05:00.000');
                    INSERT INTO evaluation VALUES (1, 0, '[0,0]', 2.0, '[]', '{}', 0.5, 1, '2026-01-02 03:04:06.000');
                    INSERT INTO evaluation VALUES (1, 1, '[1,-0]', 0.5, '["inf"]', '{"rms_mm":"nan"}', 0.25, 0,
                                                   '2026-01-02 03:04:07.000');
                    INSERT INTO evaluation VALUES (1, 2, '[2,2]', NULL, '[]', '{}', 0.125, 1, '2026-01-02 03:04:08.000');
                    INSERT INTO checkpoint VALUES (1, 1, x'7b7d', '2026-01-02 03:04:07.000');
                    """)
            }
            try raw.close()

            let store = try RunStore(path: path)
            #expect(try store.appliedMigrations() == ["v1", "v2", "v3", "v4", "v5", "v6"])
            let resumption = try store.resumption(of: RunID(number: 1))
            let run = resumption.run
            #expect(run.kind == .tune && run.plant == "awake/Steering-v1" && run.algorithm == "bo")
            #expect(run.seed == .max)
            #expect(run.status == .cancelled && run.statusMessage == "Ctrl-C")
            #expect(run.summary.bestObjective == 0.5)
            #expect(sameBits(try #require(run.summary.bestParameters), [1, -0.0]))
            #expect(abs(run.createdAt.timeIntervalSince1970 - 1_767_323_045.678) < 0.0005)
            let evaluations = resumption.evaluations
            #expect(evaluations.map(\.index) == [0, 1, 2])
            #expect(sameBits(evaluations.map(\.objective), [2, 0.5, .nan]))
            #expect(evaluations[1].constraints == [.infinity])
            #expect(evaluations[1].observables["rms_mm"]?.isNaN == true)
            #expect(evaluations.map(\.isFeasible) == [true, false, true])
            #expect(resumption.checkpoint?.state == Data("{}".utf8))
            // It takes new records.
            try store.setStatus(.running, of: run.id)
            #expect(try store.appendEvaluation(to: run.id, parameters: [3, 3], evaluation: Evaluation(objective: 0),
                                               wallTime: 0, isFeasible: true).index == 3)
            try store.close()
        }
    }

    @Test func theMigrationsStillBuildTheShippedSchema() throws {
        try withTemporaryDirectory { directory in
            let byHand = directory + "/by-hand.sqlite"
            let raw = try DatabaseQueue(path: byHand)
            try raw.write { try $0.execute(sql: Self.v1Schema + Self.v2Schema + Self.v3Schema + Self.v4Schema + Self.v5Schema + Self.v6Schema) }
            try raw.close()
            let migrated = directory + "/migrated.sqlite"
            try RunStore(path: migrated).close()
            #expect(try Self.schema(at: migrated) == Self.schema(at: byHand))
        }
    }

    @Test func aNewStoreUsesWALWithFullSynchronousCommits() throws {
        try withTemporaryDirectory { directory in
            let store = try RunStore(path: directory + "/runs.sqlite")
            #expect(store.journalMode == "wal")
            #expect(try store.appliedMigrations() == ["v1", "v2", "v3", "v4", "v5", "v6"])
            try store.close()
            let raw = try DatabaseQueue(path: directory + "/runs.sqlite")
            #expect(try raw.read { try String.fetchOne($0, sql: "PRAGMA journal_mode") } == "wal")
            #expect(try raw.read { try Int32.fetchOne($0, sql: "PRAGMA application_id") } == 0x5652_4E52)
            try raw.close()
        }
    }

    @Test(arguments: [RunStore.Durability.full, .normal])
    func durabilitySetsSynchronous(durability: RunStore.Durability) throws {
        // `PRAGMA synchronous` belongs to a connection, so the store reads it on its own.
        try withTemporaryDirectory { directory in
            let store = try RunStore(path: directory + "/runs.sqlite", options: RunStore.Options(durability: durability))
            #expect(try store.durabilityInEffect() == durability)
            try store.close()
        }
    }

    @Test func aStoreOfANewerVernierIsRefusedAndLeftUnchanged() throws {
        try withTemporaryDirectory { directory in
            let path = directory + "/runs.sqlite"
            let store = try RunStore(path: path)
            try store.createRun(sampleRun())
            try store.close()
            // A newer build added a migration.
            let raw = try DatabaseQueue(path: path)
            try raw.write { db in
                try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v7'), ('v8')")
                try db.execute(sql: "CREATE TABLE run_tag (run_id INTEGER, tag TEXT)")
            }
            try raw.close()
            let before = try Data(contentsOf: URL(fileURLWithPath: path))
            let error = #expect(throws: RunStoreError.self) { try RunStore(path: path) }
            #expect(error == .newerSchema(path: path, unknownMigrations: ["v7", "v8"]))
            #expect(error?.description.contains("written by a newer Vernier") == true)
            #expect(error?.description.contains("upgrade vernier") == true)
            #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        }
    }

    @Test func anotherProgramsDatabaseIsRefusedAndLeftUnchanged() throws {
        try withTemporaryDirectory { directory in
            let path = directory + "/inventory.sqlite"
            let raw = try DatabaseQueue(path: path)
            try raw.write { try $0.execute(sql: "CREATE TABLE magnets (name TEXT, current REAL)") }
            try raw.close()
            let before = try Data(contentsOf: URL(fileURLWithPath: path))
            let error = #expect(throws: RunStoreError.self) { try RunStore(path: path) }
            #expect(error == .notARunStore(path: path, detail: "it holds the tables magnets"))
            #expect(error?.description.contains("not a Vernier run store") == true)
            #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
            #expect(try Self.schema(at: path) == ["table magnets: CREATE TABLE magnets (name TEXT, current REAL)"])
        }
    }

    @Test func aDatabaseWithAnotherApplicationIDIsRefused() throws {
        try withTemporaryDirectory { directory in
            let path = directory + "/other.sqlite"
            let raw = try DatabaseQueue(path: path)
            try raw.writeWithoutTransaction { try $0.execute(sql: "PRAGMA application_id = 1234") }
            try raw.close()
            let error = #expect(throws: RunStoreError.self) { try RunStore(path: path) }
            #expect(error == .notARunStore(path: path, detail: "its SQLite application id is 0x4d2, not Vernier's 0x56524e52"))
        }
    }

    @Test func anEmptyFileBecomesAStore() throws {
        try withTemporaryDirectory { directory in
            let path = directory + "/empty.sqlite"
            #expect(FileManager.default.createFile(atPath: path, contents: Data()))
            let store = try RunStore(path: path)
            #expect(try store.appliedMigrations() == ["v1", "v2", "v3", "v4", "v5", "v6"])
            try store.close()
        }
    }
}

extension RunStoreSchemaTests {
    /// A store as v3 left it (a finished cache run without a study) gains the v4 tables on opening, keeps its
    /// run, and takes a study for a new run; deleting a run deletes its study.
    @Test func aV3StoreMigratesToV4AndTakesCacheStudies() throws {
        try withTemporaryDirectory { directory in
            let path = directory + "/v3.sqlite"
            let raw = try DatabaseQueue(path: path)
            try raw.write { db in
                // The frozen v2 text adds columns only; its migration record is added here.
                try db.execute(sql: Self.v1Schema + Self.v2Schema + Self.v3Schema)
                try db.execute(sql: """
                    INSERT INTO grdb_migrations (identifier) VALUES ('v2');
                    INSERT INTO run (kind, plant, algorithm, configuration, seed, status, status_message, summary,
                                     created_at, updated_at)
                    VALUES ('cache-simulate', 'grid/Cache-v1', 'lru', '{}', NULL, 'completed', NULL,
                            '{"metrics":{"hit_ratio":0.5}}', '2026-12-01 10:00:00.000', '2026-12-01 10:00:01.000');
                    """)
            }
            try raw.close()
            #expect(try Self.schema(at: path).filter { $0.contains("cache_") }.isEmpty)

            let store = try RunStore(path: path)
            #expect(try store.appliedMigrations() == ["v1", "v2", "v3", "v4", "v5", "v6"])
            let old = try store.run(RunID(number: 1))
            #expect(old.kind.rawValue == "cache-simulate" && old.summary.metrics == ["hit_ratio": 0.5])
            #expect(try store.cacheStudy(of: old.id) == nil)
            let run = try store.createRun(sampleRun(kind: RunKind(rawValue: "cache-advise"))).id
            let study = CacheStudyRecord(
                policies: [CachePolicyRecord(policy: "lru", metrics: ["cost": 80],
                                             days: [CacheDayRecord(day: 0, statistics: ["occupancy": 0.5])])],
                recommended: "lru", recommendation: "lru is as good as any.")
            try store.recordCacheStudy(study, of: run)
            #expect(try store.cacheStudy(of: run) == study)
            try store.deleteRun(run)
            try store.close()
            let check = try DatabaseQueue(path: path)
            #expect(try check.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM cache_day") } == 0)
            #expect(try check.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM cache_policy") } == 0)
            try check.close()
        }
    }
}
