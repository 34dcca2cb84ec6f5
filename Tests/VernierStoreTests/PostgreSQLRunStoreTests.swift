import Foundation
import Testing
import VernierCore
@testable import VernierStore
import VernierTestSupport

/// The run store on a real PostgreSQL server (``PostgreSQLServer``: `initdb` in a temporary directory, a Unix
/// socket), checked against the same store on SQLite: the same records in, the same records out, bit for bit.
@Suite(.enabled(if: PostgreSQLServer.shouldRun, "PostgreSQL is not installed (apt-get install postgresql); CI requires it"))
struct PostgreSQLRunStoreTests {
    /// A store in a new database of the shared test server.
    static func newStore(options: RunStore.Options = RunStore.Options()) throws -> (store: RunStore, url: String) {
        let url = try PostgreSQLServer.shared().newDatabase()
        return (try RunStore(path: url, options: options), url)
    }

    /// Records one of every kind of record into `store`: a tune run with awkward evaluations and a checkpoint, a
    /// train run with episodes (traces too), progress and a cache study, a cancelled run, a deleted run.
    static func recordEverything(into store: RunStore) throws {
        let tune = try store.createRun(sampleRun(seed: UInt64.max - 3)).id
        var summary = RunSummary.empty
        for (index, value) in awkwardDoubles.enumerated() {
            let parameters = [value, Double(index), -0.0]
            summary = summary.updated(afterEvaluation: index, parameters: parameters, objective: value, isFeasible: true)
            try store.appendEvaluation(
                to: tune, parameters: parameters,
                evaluation: Evaluation(objective: value, constraints: awkwardDoubles.reversed(),
                                       observables: ["x\(index)": value, "n": .nan]),
                wallTime: Double(index) / 7, isFeasible: index.isMultiple(of: 3), summary: summary,
                checkpoint: Data([UInt8(index), 0, 255, 10]))
        }
        try store.saveCheckpoint(Data(), sequence: 1000, of: tune)
        try store.finishRun(tune, outcome: .completed, summary: summary)

        let train = try store.createRun(sampleRun(kind: .train, seed: nil)).id
        let trace = EpisodeTrace(observations: [[0.1, -0.0], [.infinity, 2], [3, .nan]], actions: [[1], [-1]],
                                 rewards: [-.leastNonzeroMagnitude, 1e300])
        try store.appendEpisodes([
            EpisodeResult(episodeReturn: -0.0, length: 2, success: true, stepsToSuccess: 2, seed: .max, trace: trace),
            EpisodeResult(episodeReturn: .nan, length: 0),
            EpisodeResult(episodeReturn: 1.0 / 3.0, length: 7, success: false, seed: 0),
        ], to: train)
        for step in [0, 5, 5, 9] {
            try store.recordProgress(["loss": Double(step) / 3, "kl": -.infinity], step: step, of: train)
        }
        try store.recordCacheStudy(CacheStudyRecord(
            policies: [
                CachePolicyRecord(policy: "lru", metrics: ["hit_ratio": 0.25, "cost": .pi],
                                  days: [CacheDayRecord(day: 0, statistics: ["hits": 3]), CacheDayRecord(day: 2, statistics: [:])]),
                CachePolicyRecord(policy: "lfu", metrics: ["hit_ratio": 1e-300]),
            ],
            recommended: "lfu", recommendation: "fewer misses, “quoted” — ünïcode"), of: train)
        try store.setStatus(.cancelled, message: "stopped by 'someone'", of: train)

        let deleted = try store.createRun(sampleRun()).id
        try store.appendEvaluation(to: deleted, parameters: [1], evaluation: Evaluation(objective: 1), wallTime: 0, isFeasible: true)
        try store.deleteRun(deleted)
        let last = try store.createRun(sampleRun(kind: .evaluate, seed: 0)).id
        try store.pruneCheckpoints(of: last, keepingLatest: 0)
    }

    /// Everything the store returns about its runs, as text with every `Double`'s bits, timestamps and the
    /// recording host left out (they differ between two recordings).
    static func contents(of store: RunStore) throws -> [String] {
        func bits(_ values: [Double]) -> String { values.map { String($0.bitPattern, radix: 16) }.joined(separator: ",") }
        func bits(_ values: [String: Double]) -> String {
            values.sorted { $0.key < $1.key }.map { "\($0.key)=\(String($0.value.bitPattern, radix: 16))" }.joined(separator: ",")
        }
        var lines: [String] = []
        for overview in try store.runs() {
            let run = overview.run
            let summary = run.summary
            lines.append("run \(run.id) \(run.kind.rawValue) \(run.plant) \(run.algorithm) \(run.configuration) "
                         + "\(run.seed.map(String.init) ?? "-") \(run.status.rawValue) \(run.statusMessage ?? "-") "
                         + "best \(summary.bestObjective.map { String($0.bitPattern, radix: 16) } ?? "-") "
                         + "\(summary.bestParameters.map(bits) ?? "-") \(summary.bestEvaluationIndex.map(String.init) ?? "-") "
                         + "counts \(overview.evaluationCount) \(overview.episodeCount) \(overview.checkpointCount)")
            for evaluation in try store.evaluations(of: run.id) {
                lines.append("  evaluation \(evaluation.index) \(bits(evaluation.parameters)) \(bits([evaluation.objective])) "
                             + "\(bits(evaluation.constraints)) \(bits(evaluation.observables)) \(bits([evaluation.wallTime])) "
                             + "\(evaluation.isFeasible)")
            }
            lines.append("  checkpoints \(try store.checkpointSequences(of: run.id))")
            if let checkpoint = try store.latestCheckpoint(of: run.id) {
                lines.append("  latest \(checkpoint.sequence) \(Array(checkpoint.state))")
            }
            for episode in try store.episodes(of: run.id) {
                let result = episode.result
                let trace = result.trace.map { "\($0.observations.map(bits)) \($0.actions.map(bits)) \(bits($0.rewards))" } ?? "-"
                lines.append("  episode \(episode.index) \(bits([result.episodeReturn])) \(result.length) "
                             + "\(String(describing: result.success)) \(String(describing: result.stepsToSuccess)) "
                             + "\(String(describing: result.seed)) \(trace)")
            }
            for progress in try store.progress(of: run.id) {
                lines.append("  progress \(progress.step) \(bits(progress.statistics))")
            }
            if let study = try store.cacheStudy(of: run.id) {
                lines.append("  study \(study.recommended ?? "-") \(study.recommendation ?? "-")")
                for policy in study.policies {
                    lines.append("    \(policy.policy) \(bits(policy.metrics)) "
                                 + policy.days.map { "\($0.day):\(bits($0.statistics))" }.joined(separator: " "))
                }
            }
        }
        return lines
    }

    @Test func everyKindOfRecordReadsBackFromPostgreSQLExactlyAsFromSQLite() throws {
        let (server, _) = try Self.newStore()
        try Self.recordEverything(into: server)
        let onServer = try Self.contents(of: server)
        let onFile = try withTemporaryDirectory { directory in
            let file = try RunStore(path: directory + "/runs.sqlite")
            try Self.recordEverything(into: file)
            return try Self.contents(of: file)
        }
        #expect(onServer.count > awkwardDoubles.count + 10)
        for (a, b) in zip(onServer, onFile) { #expect(a == b) }
        #expect(onServer.count == onFile.count)
        // Ids are never reused: the deleted run's id r3 stays a hole.
        #expect(try server.runs().map(\.run.id.number) == [1, 2, 4])
        #expect(try server.runs(limit: 2).map(\.run.id.number) == [2, 4])
        #expect(server.isOnServer && server.journalMode == "postgresql")
    }

    @Test func aRunResumesAndReportsUnknownIdsAsOnSQLite() throws {
        let (store, _) = try Self.newStore()
        let run = try store.createRun(sampleRun()).id
        for index in 0..<5 {
            try store.appendEvaluation(to: run, parameters: [Double(index)], evaluation: Evaluation(objective: Double(index)),
                                       wallTime: 0.5, isFeasible: true, checkpoint: Data([UInt8(index)]))
        }
        try store.finishRun(run, outcome: .cancelled, message: "Ctrl-C")
        #expect(throws: RunStoreError.runNotRunning(run, status: .cancelled)) {
            try store.appendEvaluation(to: run, parameters: [9], evaluation: Evaluation(objective: 9), wallTime: 0, isFeasible: true)
        }
        let resumed = try store.resumeRun(run)
        #expect(resumed.run.status == .running)
        #expect(resumed.evaluations.map(\.index) == [0, 1, 2, 3, 4])
        #expect(resumed.checkpoint?.sequence == 4 && resumed.checkpoint?.state == Data([4]))
        #expect(try store.checkpointSequences(of: run) == [4])
        #expect(try store.evaluationCount(of: run) == 5)
        #expect(try store.evaluations(of: run, in: 1..<3).map(\.index) == [1, 2])
        #expect(throws: RunStoreError.unknownRun(RunID(number: 7), nearest: [run], path: store.path)) {
            try store.run(RunID(number: 7))
        }
    }

    @Test func theSchemaIsMigratedOnceAndCommitsAreSynchronous() throws {
        let (store, url) = try Self.newStore()
        #expect(try store.appliedMigrations() == RunStoreSchema.knownMigrations)
        #expect(try store.durabilityInEffect() == .full)
        let run = try store.createRun(sampleRun()).id
        // Opening again (several workers at once) keeps the store and its runs.
        let reopened = try (0..<4).map { _ in try RunStore(path: url) }
        for other in reopened { #expect(try other.run(run).id == run) }
        let relaxed = try RunStore(path: url, options: RunStore.Options(durability: .normal))
        #expect(try relaxed.durabilityInEffect() == .normal)
    }

    @Test func workersOpeningANewStoreAtOnceMigrateItOnce() throws {
        let url = try PostgreSQLServer.shared().newDatabase()
        let failures = LockedCounter()
        DispatchQueue.concurrentPerform(iterations: 4) { _ in
            do {
                let store = try RunStore(path: url)
                _ = try store.createRun(sampleRun())
            } catch {
                failures.add(1)
            }
        }
        #expect(failures.value == 0)
        let store = try RunStore(path: url)
        #expect(try store.runs().count == 4)
        #expect(try store.appliedMigrations() == ["v1", "v2", "v3", "v4", "v5", "v6"])
    }

    @Test func aDatabaseOfAnotherProgramOrANewerVernierIsRefusedUntouched() throws {
        let server = try PostgreSQLServer.shared()
        let foreign = try server.newDatabase()
        let engine = try PostgreSQLEngine(url: foreign, displayName: "foreign", durability: .full, busyTimeout: 1)
        try engine.executeScript("CREATE TABLE invoices (id INTEGER)")
        #expect(throws: RunStoreError.notARunStore(path: RunStoreLocation.redacted(foreign), detail: "it holds the tables invoices")) {
            try RunStore(path: foreign)
        }
        let (store, newer) = try Self.newStore()
        try store.close()
        let direct = try PostgreSQLEngine(url: newer, displayName: "newer", durability: .full, busyTimeout: 1)
        try direct.executeScript("INSERT INTO grdb_migrations (identifier) VALUES ('v99')")
        #expect(throws: RunStoreError.newerSchema(path: RunStoreLocation.redacted(newer), unknownMigrations: ["v99"])) {
            try RunStore(path: newer)
        }
    }

    @Test func copiesBetweenSQLiteAndPostgreSQLKeepEveryRowUnderNewIds() throws {
        try withTemporaryDirectory { directory in
            let file = try RunStore(path: directory + "/source.sqlite")
            try Self.recordEverything(into: file)
            let expected = try Self.contents(of: file)
            let (server, _) = try Self.newStore()
            // The server already holds a run: the copies take the next ids.
            _ = try server.createRun(sampleRun())
            let pairs = try file.copyRuns(to: server)
            #expect(pairs.map(\.source.number) == [1, 2, 4])
            #expect(pairs.map(\.copy.number) == [2, 3, 4])
            let back = try RunStore(path: directory + "/back.sqlite")
            try server.copyRuns(pairs.map(\.copy), to: back)
            // Through PostgreSQL and back, only the ids changed (1, 2, 4 became 1, 2, 3).
            let renumbered = expected.map { $0.replacingOccurrences(of: "run r4 ", with: "run r3 ") }
            #expect(try Self.contents(of: back) == renumbered)
            #expect(throws: RunStoreError.unknownRun(RunID(number: 9), nearest: [RunID(number: 1), RunID(number: 2), RunID(number: 4)],
                                                     path: file.path)) {
                try file.copyRuns([RunID(number: 9)], to: back)
            }
        }
    }

    @Test func committedEvaluationsSurviveAnImmediateServerStopAndTheStoreReconnects() throws {
        let server = try PostgreSQLServer()
        defer { server.destroy() }
        let url = try server.newDatabase()
        let store = try RunStore(path: url)
        let run = try store.createRun(sampleRun()).id
        for index in 0..<20 {
            try store.appendEvaluation(to: run, parameters: [Double(index)], evaluation: Evaluation(objective: -Double(index)),
                                       wallTime: 0, isFeasible: true)
        }
        // `immediate`: the server's processes are killed as in a crash; the restart replays the WAL.
        try server.stop(mode: "immediate")
        #expect(throws: RunStoreError.self) { try store.evaluationCount(of: run) }
        try server.start()
        // The same store object connects again for its next transaction.
        #expect(try store.evaluationCount(of: run) == 20)
        try store.appendEvaluation(to: run, parameters: [20], evaluation: Evaluation(objective: -20), wallTime: 0, isFeasible: true)
        let records = try RunStore(path: url).evaluations(of: run)
        #expect(records.map(\.index) == Array(0...20))
        #expect(records.map(\.objective) == (0...20).map { -Double($0) })
    }
}

/// A counter several threads add to.
final class LockedCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    private var notes: [String] = []
    func add(_ amount: Int, _ note: String = "") {
        lock.lock()
        count += amount
        notes.append(note)
        lock.unlock()
    }
    /// The notes added with the counts.
    var messages: [String] {
        lock.lock()
        defer { lock.unlock() }
        return notes
    }
    var value: Int {
        lock.lock()
        defer { lock.unlock() }
        return count
    }
}

/// Several processes creating one new SQLite store at once (the benchmark's 4 writers found this): none is told the
/// file is "not a run store" while another is still creating it.
struct SQLiteConcurrentCreationTests {
    @Test func fourWritersCreatingANewStoreAtOnceAllRecord() throws {
        try withTemporaryDirectory { directory in
            for round in 0..<20 {
                let path = directory + "/runs-\(round).sqlite"
                let failures = LockedCounter()
                DispatchQueue.concurrentPerform(iterations: 4) { _ in
                    do {
                        let store = try RunStore(path: path, options: RunStore.Options(busyTimeout: 30))
                        _ = try store.createRun(sampleRun())
                    } catch {
                        failures.add(1, "\(error)")
                    }
                }
                let recorded = try RunStore(path: path).runs().count
                #expect(failures.value == 0, "\(failures.messages)")
                #expect(recorded == 4)
            }
        }
    }
}

/// PostgreSQL URLs in `--store` and `VERNIER_STORE`: taken as given, shown without their password.
struct ServerURLLocationTests {
    @Test func aURLIsTakenAsGivenAndShownWithoutItsPassword() throws {
        let url = "postgresql://vernier:s3cret@db.example.org:5432/runs?sslmode=require&password=other"
        let option = try RunStoreLocation.resolve(option: url, environment: [:], currentDirectory: "/work")
        #expect(option.path == url && option.isServer && option.exists)
        #expect(option.displayName == "postgresql://vernier@db.example.org:5432/runs?sslmode=require")
        #expect(option.description == "postgresql://vernier@db.example.org:5432/runs?sslmode=require (from --store)")
        let environment = try RunStoreLocation.resolve(
            option: nil, environment: ["VERNIER_STORE": "postgres://u@/runs?host=/tmp/x", "HOME": "/home/u"], currentDirectory: "/w")
        #expect(environment.path == "postgres://u@/runs?host=/tmp/x" && environment.source == .environment)
        #expect(RunStoreLocation.redacted("POSTGRESQL://a:b@h/d") == "POSTGRESQL://a@h/d")
        #expect(RunStoreLocation.redacted("runs.sqlite") == "runs.sqlite")
        #expect(!(try RunStoreLocation.resolve(option: "postgresql.sqlite", environment: ["HOME": "/h"], currentDirectory: "/w")).isServer)
    }

    @Test func anUnreadableOrUnreachableURLIsAnErrorWithoutThePassword() throws {
        #expect(throws: RunStoreError.malformedServerURL("postgresql://u@h/d?colour=blue", detail: #"invalid URI query parameter: "colour""#)) {
            try RunStore(path: "postgresql://u:pw@h/d?colour=blue")
        }
        do {
            _ = try RunStore(path: "postgresql://u:pw@/d?host=/nonexistent-vernier-socket-dir")
            Issue.record("a store on a server that does not exist opened")
        } catch let error as RunStoreError {
            guard case .serverUnreachable(let shown, let detail) = error else {
                Issue.record("unexpected error \(error)")
                return
            }
            #expect(shown == "postgresql://u@/d?host=/nonexistent-vernier-socket-dir")
            #expect(detail.contains("No such file or directory"))
            #expect(!error.description.contains("pw@") && !error.isUsageError)
        }
    }
}
