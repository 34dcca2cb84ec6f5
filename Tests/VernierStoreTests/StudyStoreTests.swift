import Foundation
import Testing
import VernierStore
import VernierTestSupport

/// Shared studies in the store (migration v6) on both engines: the optimiser state advances once per suggestion
/// and once per result, a point is handed out once while its lease lives and again after, the worker that lost a
/// point cannot record it, the budget counts done points across workers, and another study's settings are refused.
struct StudyStoreTests {
    @Test func pointsLeasesAndBudgetOnSQLite() throws {
        let (store, directory) = try JobQueueTests.sqliteStore()
        defer { try? FileManager.default.removeItem(at: directory) }
        try Self.check(store)
    }

    @Test(.enabled(if: PostgreSQLServer.shouldRun, "PostgreSQL is not installed (apt-get install postgresql); CI requires it"))
    func pointsLeasesAndBudgetOnPostgreSQL() throws {
        try Self.check(try RunStore(path: try PostgreSQLServer.shared().newDatabase()))
    }

    /// A stand-in optimiser whose state is the text "suggested/told": each suggestion is [suggested].
    static func suggest(_ state: Data) throws -> (state: Data, parameters: [Double]) {
        let counts = String(decoding: state, as: UTF8.self).split(separator: "/").compactMap { Int($0) }
        return (Data("\(counts[0] + 1)/\(counts[1])".utf8), [Double(counts[0])])
    }

    static func tell(_ state: Data) throws -> Data {
        let counts = String(decoding: state, as: UTF8.self).split(separator: "/").compactMap { Int($0) }
        return Data("\(counts[0])/\(counts[1] + 1)".utf8)
    }

    static func check(_ store: RunStore) throws {
        let run = try store.createRun(NewRun(kind: .tune, plant: "p", algorithm: "bo", configurationJSON: "{}", seed: 1)).id
        let study = try store.openStudy(name: "s", plant: "p", optimizer: "bo", seed: "1", budget: 3,
                                        initialState: Data("0/0".utf8))
        #expect(try store.openStudy(name: "s", plant: "p", optimizer: "bo", seed: "1", budget: 3,
                                    initialState: Data("9/9".utf8)) == study, "a second worker joins the same study")
        #expect(throws: RunStoreError.invalidRecord("""
            study 's' is p with bo, seed 1, budget 3; this worker asks for p with random, seed 1, budget 3: give the \
            same plant, --optimizer, --seed and --budget, or another --study name
            """)) {
            try store.openStudy(name: "s", plant: "p", optimizer: "random", seed: "1", budget: 3, initialState: Data())
        }
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        func claim(_ worker: String, at seconds: Double) throws -> StudyClaim {
            try store.claimStudyPoint(study: study, worker: worker, leaseSeconds: 10,
                                      now: start.addingTimeInterval(seconds), suggest: Self.suggest)
        }
        guard case .point(let a) = try claim("A", at: 0), case .point(let b) = try claim("B", at: 0),
              case .point(let c) = try claim("C", at: 0) else {
            Issue.record("three points for three workers")
            return
        }
        #expect([a, b, c].map(\.parameters) == [[0], [1], [2]] && [a, b, c].map(\.index) == [0, 1, 2])
        #expect(try claim("D", at: 5) == .wait, "the whole budget is pending under live leases")
        #expect(try store.completeStudyPoint(a, worker: "A", objective: 1.5, evaluationJSON: "{}", run: run, ingest: Self.tell))
        #expect(try store.completeStudyPoint(c, worker: "C", objective: -2, evaluationJSON: "{}", run: run, ingest: Self.tell))
        #expect(try claim("D", at: 9) == .wait)
        // B died: at 11 s its point goes to D, and B can no longer record it.
        guard case .point(let retaken) = try claim("D", at: 11) else {
            Issue.record("B's point is handed out again after its lease")
            return
        }
        #expect(retaken.index == 1 && retaken.parameters == [1] && retaken.worker == "D" && retaken.attempts == 2)
        #expect(try store.completeStudyPoint(b, worker: "B", objective: 0, evaluationJSON: "{}", run: run, ingest: Self.tell) == false)
        #expect(try store.completeStudyPoint(retaken, worker: "D", objective: 0.25, evaluationJSON: "{}", run: run, ingest: Self.tell))
        #expect(try store.completeStudyPoint(retaken, worker: "D", objective: 0.25, evaluationJSON: "{}", run: run, ingest: Self.tell) == false,
                "a done point cannot be recorded again")
        #expect(try claim("E", at: 12) == .finished)
        let points = try store.studyPoints(study)
        #expect(points.map(\.objective) == [1.5, 0.25, -2] && points.allSatisfy { $0.isDone && $0.run == run })
        #expect(points.map(\.attempts) == [1, 2, 1])
        #expect(String(decoding: try store.studyState(study), as: UTF8.self) == "3/3",
                "three suggestions and three results told (the lost one not twice)")
    }
}
