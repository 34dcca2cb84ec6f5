import Foundation
import Testing
import VernierStore
import VernierTestSupport

/// The sweep job queue (migration v5) on both engines: jobs are taken oldest first and once; a job whose lease ran
/// out is taken again, and the worker that lost it can no longer settle it; failures keep their error.
struct JobQueueTests {
    /// A fresh SQLite store in a temporary folder, and the folder to remove.
    static func sqliteStore() throws -> (RunStore, URL) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vernier-jobs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return (try RunStore(path: directory.appendingPathComponent("runs.sqlite").path), directory)
    }

    @Test func anExpiredLeaseIsTakenAgainOnSQLite() throws {
        let (store, directory) = try Self.sqliteStore()
        defer { try? FileManager.default.removeItem(at: directory) }
        try Self.checkLeases(store)
    }

    @Test(.enabled(if: PostgreSQLServer.shouldRun, "PostgreSQL is not installed (apt-get install postgresql); CI requires it"))
    func anExpiredLeaseIsTakenAgainOnPostgreSQL() throws {
        let store = try RunStore(path: try PostgreSQLServer.shared().newDatabase())
        try Self.checkLeases(store)
    }

    static func checkLeases(_ store: RunStore) throws {
        let ids = try store.enqueueJobs(sweep: "grid", specs: [#"{"a":1}"#, #"{"a":2}"#])
        #expect(ids == [1, 2])
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        let first = try #require(try store.claimJob(worker: "A", leaseSeconds: 10, now: start))
        #expect(first.id == 1 && first.status == .running && first.worker == "A" && first.attempts == 1)
        #expect(first.leaseExpiresMilliseconds == 1_800_000_010_000)
        let second = try #require(try store.claimJob(worker: "B", leaseSeconds: 10, now: start))
        #expect(second.id == 2 && second.spec == #"{"a":2}"#)
        #expect(try store.claimJob(worker: "B", leaseSeconds: 10, now: start.addingTimeInterval(9.9)) == nil,
                "both jobs are held under live leases")
        // A renews at 5 s (lease to 15 s): at 12 s its job is still A's; B's lease (to 10 s) has run out.
        #expect(try store.renewLease(on: 1, worker: "A", leaseSeconds: 10, now: start.addingTimeInterval(5)))
        let retaken = try #require(try store.claimJob(worker: "C", leaseSeconds: 10, now: start.addingTimeInterval(12)))
        #expect(retaken.id == 2 && retaken.worker == "C" && retaken.attempts == 2)
        #expect(try store.completeJob(2, worker: "B", run: RunID(number: 1)) == false, "B lost job 2 to C")
        #expect(try store.renewLease(on: 2, worker: "B", leaseSeconds: 10) == false)
        #expect(try store.failJob(2, worker: "C", error: "exit status 1: boom"))
        #expect(try store.failJob(1, worker: "A", error: "x") && !store.failJob(1, worker: "A", error: "again"),
                "a settled job cannot be settled again")
        #expect(try store.claimJob(worker: "D", leaseSeconds: 10, now: start.addingTimeInterval(100)) == nil,
                "failed jobs are not retried")
        let jobs = try store.jobs(sweep: "grid")
        #expect(jobs.map(\.status) == [.failed, .failed] && jobs.map(\.error) == ["x", "exit status 1: boom"])
        #expect(jobs.allSatisfy { $0.leaseExpiresMilliseconds == nil && $0.run == nil })
        #expect(try store.jobs(sweep: "other").isEmpty && store.jobs().count == 2)
        #expect(throws: RunStoreError.self) { try store.enqueueJobs(sweep: "", specs: ["{}"]) }
    }
}
