import Foundation
import Testing
import VernierStore
import VernierTestSupport

/// `vernier tune … --study NAME`: several worker processes on one optimisation kept in a PostgreSQL run store.
/// No point is evaluated twice, none is lost, the study stops at its budget for everyone, and the point of a
/// worker killed with SIGKILL mid-evaluation is handed out again once its lease runs out.
@Suite(.timeLimit(.minutes(4)))
struct SharedStudyCommandTests {
    /// A started `vernier` worker, its output going to files.
    /// Checks the study `name` in `url` has exactly `budget` done points, all different, each recorded once as an
    /// evaluation of the run of the worker that evaluated it, and no other evaluation in the store.
    static func checkStudy(_ name: String, in url: String, budget: Int) throws -> [StudyPoint] {
        let store = try RunStore(path: url)
        defer { try? store.close() }
        let study = try #require(try store.studyID(named: name))
        let points = try store.studyPoints(study)
        #expect(points.count == budget, "the study stops at its budget")
        #expect(points.map(\.index) == Array(0..<budget))
        #expect(points.allSatisfy { $0.isDone && $0.run != nil && $0.objective != nil }, "none lost")
        #expect(Set(points.map(\.parameters)).count == budget, "every point is a different suggestion")
        var recorded: [[Double]] = []
        for overview in try store.runs(limit: 100) {
            recorded += try store.evaluations(of: overview.run.id).map(\.parameters)
        }
        #expect(recorded.count == budget, "each point evaluated and recorded once: \(recorded.count) evaluations")
        #expect(Set(recorded) == Set(points.map(\.parameters)))
        for point in points {
            let run = try #require(point.run)
            let evaluations = try store.evaluations(of: run)
            #expect(evaluations.filter { $0.parameters == point.parameters }.map(\.objective) == [point.objective])
        }
        return points
    }

    @Test(.enabled(if: PostgreSQLServer.shouldRun, "PostgreSQL is not installed (apt-get install postgresql); CI requires it"),
          arguments: ["bo", "random"])
    func fourWorkersShareOneAwakeStudy(optimizer: String) throws {
        let url = try PostgreSQLServer.shared().newDatabase()
        try CommandLineTool.withHome { home in try Self.shareAwakeStudy(optimizer: optimizer, store: url, home: home) }
    }

    /// SQLite: the four processes take turns on the file's write lock (`BEGIN IMMEDIATE`).
    @Test func fourWorkersShareOneAwakeStudyOnSQLite() throws {
        try CommandLineTool.withHome { home in
            try Self.shareAwakeStudy(optimizer: "bo", store: home + "/runs.sqlite", home: home)
        }
    }

    static func shareAwakeStudy(optimizer: String, store url: String, home: String) throws {
        do {
            let arguments = ["tune", "awake/Steering-v1", "--optimizer", optimizer, "--budget", "24", "--seed", "3",
                             "--study", "steering", "--store", url, "--json"]
            let workers = try (0..<4).map { try BackgroundCommand.start(arguments, home: home, name: "worker\($0)") }
            var ownEvaluations = 0
            for worker in workers {
                let result = try worker.finish()
                #expect(result.status == 0, "\(result.standardError)")
                let report = try TuneCommandTests.json(result.standardOutput)
                let study = try #require(report["study"] as? [String: Any])
                #expect(study["name"] as? String == "steering" && study["points_done"] as? Int == 24)
                ownEvaluations += (report["evaluations"] as? [Any])?.count ?? 0
            }
            #expect(ownEvaluations == 24, "each worker reports its own evaluations; together the study's")
            let points = try Self.checkStudy("steering", in: url, budget: 24)
            let lowest = try #require(points.compactMap(\.objective).min())
            // Read with JSONDecoder, which reads every Double back exactly.
            struct Output: Decodable {
                struct Study: Decodable { var lowest_objective: Double? }
                var study: Study
            }
            let last = try JSONDecoder().decode(Output.self, from: Data(try workers[3].finish().standardOutput.utf8))
            #expect(last.study.lowest_objective == lowest)
            #expect(points.allSatisfy { $0.attempts == 1 })
            let store = try RunStore(path: url)
            let runs = try store.runs(limit: 100)
            #expect(runs.count == 4 && runs.allSatisfy { $0.run.status == .completed })
            // A worker started after the study finished evaluates nothing.
            let late = try CommandLineTool.run(arguments, home: home)
            #expect(late.status == 0, "\(late.standardError)")
            #expect(try store.studyPoints(try #require(try store.studyID(named: "steering"))).count == 24)
        }
    }

    @Test(.enabled(if: PostgreSQLServer.shouldRun, "PostgreSQL is not installed (apt-get install postgresql); CI requires it"))
    func aWorkerKilledMidEvaluationLosesNothing() throws {
        let url = try PostgreSQLServer.shared().newDatabase()
        try CommandLineTool.withHome { home in
            try TuneCommandTests.space.write(toFile: home + "/space.yaml", atomically: true, encoding: .utf8)
            let log = home + "/points.log"
            let arguments = ["tune", "--objective-cmd", TuneCommandTests.evaluator(log: log, delay: 0.5),
                             "--space", home + "/space.yaml", "--optimizer", "bo", "--budget", "16", "--seed", "5",
                             "--study", "quadratic", "--lease", "5", "--store", url, "--json"]
            let workers = try (0..<4).map { try BackgroundCommand.start(arguments, home: home, name: "worker\($0)") }
            // Once a few points were sent out, the first worker is killed just after it took a point (it then waits
            // ~0.5 s for the evaluator's answer): asked of the store every 20 ms, not guessed from the time.
            let killed = workers[0].process.processIdentifier
            let store = try RunStore(path: url)
            defer { try? store.close() }
            let deadline = Date().addingTimeInterval(60)
            var held: Set<Int>? = nil
            var justTaken = false
            while !justTaken, Date() < deadline {
                Thread.sleep(forTimeInterval: 0.02)
                guard try TuneCommandTests.loggedPoints(log).count >= 6,
                      let study = try store.studyID(named: "quadratic") else { continue }
                let now = Set(try store.studyPoints(study)
                    .filter { !$0.isDone && $0.worker?.hasSuffix(":\(killed)") == true }.map(\.index))
                if let before = held, !now.subtracting(before).isEmpty { justTaken = true }
                held = now
            }
            #expect(justTaken, "the first worker took no point within 60 s")
            kill(killed, SIGKILL)
            let killedResult = try workers[0].finish()
            #expect(killedResult.status == SIGKILL)
            for worker in workers.dropFirst() {
                let result = try worker.finish()
                #expect(result.status == 0, "\(result.standardError)")
            }
            let points = try Self.checkStudy("quadratic", in: url, budget: 16)
            // The killed worker's point was handed out a second time, to another worker, after its 5 s lease.
            let retaken = points.filter { $0.attempts == 2 }
            #expect(retaken.count == 1, "\(points.map(\.attempts))")
            #expect(retaken.allSatisfy { $0.worker?.hasSuffix(":\(killed)") == false })
            #expect(points.allSatisfy { $0.worker?.hasSuffix(":\(killed)") == false || $0.attempts == 1 })
        }
    }

    @Test(.enabled(if: PostgreSQLServer.shouldRun, "PostgreSQL is not installed (apt-get install postgresql); CI requires it"))
    func anEvaluationLongerThanTheLeaseKeepsItsPoint() throws {
        let url = try PostgreSQLServer.shared().newDatabase()
        try CommandLineTool.withHome { home in
            try TuneCommandTests.space.write(toFile: home + "/space.yaml", atomically: true, encoding: .utf8)
            // Each evaluation takes 3 s, the lease 1.2 s: only its renewal (every 0.4 s) keeps a point its worker's
            // (0.8 s of slack for a renewal delayed by a loaded machine or the other worker's lock).
            let arguments = ["tune", "--objective-cmd", TuneCommandTests.evaluator(log: home + "/points.log", delay: 3),
                             "--space", home + "/space.yaml", "--optimizer", "random", "--budget", "4", "--seed", "5",
                             "--study", "slow", "--lease", "1.2", "--store", url, "--json"]
            let workers = try (0..<2).map { try BackgroundCommand.start(arguments, home: home, name: "worker\($0)") }
            for worker in workers {
                let result = try worker.finish()
                #expect(result.status == 0, "\(result.standardError)")
            }
            let points = try Self.checkStudy("slow", in: url, budget: 4)
            #expect(points.map(\.attempts) == [1, 1, 1, 1], "no point handed out again while its worker was alive")
            #expect(try TuneCommandTests.loggedPoints(home + "/points.log").count <= 4 + 2 * 2,
                    "four evaluations, plus each worker's initial reading and restoring move at most")
        }
    }

    @Test func whatCannotBeSharedIsRefused() throws {
        try CommandLineTool.withHome { home in
            let modbus = try CommandLineTool.run(
                ["tune", "awake/Steering-v1", "--backend", "modbus", "--map", "hardware/awake.yaml",
                 "--study", "machine", "--store", home + "/runs.sqlite"], home: home)
            #expect(modbus.status == 64)
            #expect(modbus.standardError.contains("a single real machine (--backend modbus) cannot evaluate two points at once"))
            #expect(modbus.standardError.contains("Only simulated plants and --objective-cmd may be shared"))
            let sequential = try CommandLineTool.run(
                ["tune", "awake/Steering-v1", "--optimizer", "nelder-mead", "--study", "s", "--store", home + "/runs.sqlite"],
                home: home)
            #expect(sequential.status == 64)
            #expect(sequential.standardError.contains("--optimizer nelder-mead is sequential"))
            #expect(sequential.standardError.contains("Use one of: bo, random, latin-hypercube"))
            let lease = try CommandLineTool.run(["tune", "awake/Steering-v1", "--lease", "3"], home: home)
            #expect(lease.status == 64 && lease.standardError.contains("--lease goes with --study"))
            #expect(!FileManager.default.fileExists(atPath: home + "/runs.sqlite"), "nothing recorded")
        }
    }

    @Test func aSecondWorkerWithOtherSettingsIsRefusedOnSQLite() throws {
        try CommandLineTool.withHome { home in
            let store = home + "/runs.sqlite"
            let first = try CommandLineTool.run(["tune", "awake/Steering-v1", "--optimizer", "random", "--budget", "5",
                                                 "--seed", "2", "--study", "s", "--store", store, "--json"], home: home)
            #expect(first.status == 0, "\(first.standardError)")
            let other = try CommandLineTool.run(["tune", "awake/Steering-v1", "--optimizer", "random", "--budget", "6",
                                                 "--seed", "2", "--study", "s", "--store", store], home: home)
            #expect(other.status == 64, "\(other.standardError)")
            #expect(other.standardError.contains("study 's' is awake/Steering-v1 with random, seed 2, budget 5"))
            _ = try Self.checkStudy("s", in: store, budget: 5)
        }
    }
}
