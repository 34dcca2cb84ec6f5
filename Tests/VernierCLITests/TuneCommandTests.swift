import VernierTestSupport
import Foundation
import Testing
import VernierCore
import VernierStore

/// `vernier tune` end to end: the tool as a separate process, the run store read back from the test.
@Suite(.timeLimit(.minutes(3)))
struct TuneCommandTests {
    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    /// The numeric part of `tune --json`, read with JSONDecoder (which reads every Double back exactly).
    struct Report: Decodable {
        struct Entry: Decodable {
            var parameters: [Double]
            var objective: Double
        }
        var run_id: String
        var best_objective: Double?
        var best_parameters: [Double]?
        var evaluations: [Entry]
    }

    static func report(_ text: String) throws -> Report {
        try JSONDecoder().decode(Report.self, from: Data(text.utf8))
    }

    /// A Python evaluator of the quadratic (a − 0.3)² + (b + 0.2)² with constraint a + b, which logs every
    /// point it receives to `log` and, when `crashAfter` is set, exits with status 7 after that many points.
    /// - Parameter residuals: also report the residuals x₀ − 0.3 and x₁ + 0.2 as observables `ra`, `rb`.
    static func evaluator(log: String, crashAfter: Int? = nil, delay: Double = 0, residuals: Bool = false) -> String {
        """
        python3 -u -c '
        import json, sys, time
        count = 0
        with open("\(log)", "a") as log:
            for line in sys.stdin:
                x = json.loads(line)["x"]
                log.write(json.dumps(x) + "\\n"); log.flush()
                count += 1
                if \(crashAfter.map(String.init) ?? "None") is not None and count > \(crashAfter ?? 0):
                    print("evaluator: magnet interlock", file=sys.stderr); sys.exit(7)
                time.sleep(\(delay))
                answer = {"objective": (x[0] - 0.3) ** 2 + (x[1] + 0.2) ** 2, "constraints": [x[0] + x[1]]}
                if \(residuals ? "True" : "False"):
                    answer["observables"] = {"ra": x[0] - 0.3, "rb": x[1] + 0.2}
                print(json.dumps(answer))
        '
        """
    }

    static let space = """
        objective_name: "distance²"
        parameters:
          - {name: a, low: -1, high: 1, initial: -0.5}
          - {name: b, low: -1, high: 1, initial: 0.5}
        constraints:
          - {name: sum, upper: 1.0}
        timeout_seconds: 20
        """

    static func loggedPoints(_ path: String) throws -> [[Double]] {
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        return try text.split(separator: "\n").map { try JSONDecoder().decode([Double].self, from: Data($0.utf8)) }
    }

    @Test func tunesAwakeAndRecordsEveryEvaluationInOrder() throws {
        try CommandLineTool.withHome { home in
            let store = home + "/runs.sqlite"
            let result = try CommandLineTool.run(
                ["tune", "awake/Steering-v1", "--optimizer", "nelder-mead", "--budget", "12", "--seed", "3",
                 "--store", store, "--json"], home: home)
            #expect(result.status == 0, "\(result.standardError)")
            let report = try Self.json(result.standardOutput)
            let evaluations = try #require(report["evaluations"] as? [[String: Any]])
            #expect(evaluations.count == 12)
            #expect(Set(evaluations[0].keys).isSuperset(of: ["parameters", "objective", "constraints", "observables"]))
            let exact = try Self.report(result.standardOutput)
            let objectives = exact.evaluations.map(\.objective)
            #expect(exact.best_objective == objectives.min())
            #expect((report["best_parameters"] as? [Double])?.count == 10)
            let runID = try #require(report["run_id"] as? String)
            // The store holds the same evaluations, in order, bit for bit.
            let runStore = try RunStore(path: store)
            let run = try runStore.run(named: runID)
            #expect(run.status == .completed && run.kind == .tune && run.plant == "awake/Steering-v1")
            let records = try runStore.evaluations(of: run.id)
            #expect(records.map(\.objective) == objectives)
            #expect(records.map(\.index) == Array(0..<12))
            #expect(try runStore.latestCheckpoint(of: run.id)?.sequence == 11)
            // The first evaluation is the machine's initial point: all correctors at zero.
            #expect(records[0].parameters == Array(repeating: 0, count: 10))
        }
    }

    @Test func externalEvaluatorIsTunedAndTheMachineEndsAtTheBest() throws {
        try CommandLineTool.withHome { home in
            try Self.space.write(toFile: home + "/space.yaml", atomically: true, encoding: .utf8)
            let log = home + "/points.log"
            let result = try CommandLineTool.run(
                ["tune", "--objective-cmd", Self.evaluator(log: log), "--space", home + "/space.yaml",
                 "--optimizer", "bo", "--budget", "15", "--seed", "2", "--store", home + "/runs.sqlite", "--json"],
                home: home)
            #expect(result.status == 0, "\(result.standardError)")
            let report = try Self.report(result.standardOutput)
            let best = try #require(report.best_objective)
            #expect(best < 0.05)
            let bestParameters = try #require(report.best_parameters)
            // The evaluator saw the 15 points, then the restoring move to the best point.
            let points = try Self.loggedPoints(log)
            #expect(points.count == 16)
            #expect(points.last == bestParameters)
            #expect(points.first == [-0.5, 0.5])
        }
    }

    @Test func crashedEvaluatorFailsTheRunAndKeepsEveryEvaluation() throws {
        try CommandLineTool.withHome { home in
            try Self.space.write(toFile: home + "/space.yaml", atomically: true, encoding: .utf8)
            let store = home + "/runs.sqlite"
            let result = try CommandLineTool.run(
                ["tune", "--objective-cmd", Self.evaluator(log: home + "/points.log", crashAfter: 5),
                 "--space", home + "/space.yaml", "--optimizer", "random", "--budget", "20", "--store", store],
                home: home)
            #expect(result.status == 1)
            #expect(result.standardOutput.contains("exited with status 7"), "\(result.standardOutput)")
            #expect(result.standardOutput.contains("magnet interlock"))
            let runStore = try RunStore(path: store)
            let run = try #require(try runStore.runs().first?.run)
            #expect(run.status == .failed)
            #expect(try runStore.evaluationCount(of: run.id) == 5)
        }
    }

    @Test func ctrlCStopsRestoresAndResumeContinuesExactly() throws {
        let home = (NSTemporaryDirectory() as NSString).appendingPathComponent("vernier-tune-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: home) }
        try Self.space.write(toFile: home + "/space.yaml", atomically: true, encoding: .utf8)
        let store = home + "/runs.sqlite"
        let log = home + "/points.log"
        let arguments = ["tune", "--objective-cmd", Self.evaluator(log: log, delay: 0.4), "--space", home + "/space.yaml",
                         "--optimizer", "bo", "--budget", "12", "--seed", "5", "--store", store, "--json"]

        // Interrupted run: SIGINT once four evaluations are committed.
        let process = Process()
        process.executableURL = try CommandLineTool.executable()
        process.arguments = arguments
        process.environment = CommandLineTool.environment(home: home)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // The evaluator logs each point as it receives it: once it has seen four, three are committed at least.
        // Polled with usleep, holding this thread: after `Task.sleep` the test waits for a free thread of the
        // cooperative pool (two on two cores), which other suites' blocking subprocess waits can hold for
        // seconds — long enough for the whole 12-evaluation run to finish before the SIGINT.
        var committed = 0
        for _ in 0..<800 where committed < 4 {
            usleep(25_000)
            committed = (try? Self.loggedPoints(log).count) ?? 0
        }
        #expect(committed >= 4)
        process.interrupt()
        for _ in 0..<400 where process.isRunning { usleep(25_000) }
        #expect(!process.isRunning)
        #expect(process.terminationStatus == 130)
        let runStore = try RunStore(path: store)
        let run = try #require(try runStore.runs().first?.run)
        #expect(run.status == .cancelled)
        let kept = try runStore.evaluationCount(of: run.id)
        #expect(kept >= 3 && kept < 12)
        // The machine went back to its initial point: the evaluator's last request.
        #expect(try Self.loggedPoints(log).last == [-0.5, 0.5])

        // Resume to the budget, then compare with one uninterrupted run of the same seed.
        let resumed = try CommandLineTool.run(["tune", "--resume", run.id.description, "--store", store, "--json"], home: home)
        #expect(resumed.status == 0, "\(resumed.standardError)")
        let resumedPoints = try runStore.evaluations(of: run.id).map(\.parameters)
        #expect(resumedPoints.count == 12)
        let straight = try CommandLineTool.run(
            arguments.map { $0 == log ? log + ".2" : $0 }.map { $0.replacingOccurrences(of: log, with: log + ".2") },
            home: home)
        #expect(straight.status == 0)
        let straightID = try #require(try Self.json(straight.standardOutput)["run_id"] as? String)
        let straightPoints = try runStore.evaluations(of: try runStore.run(named: straightID).id).map(\.parameters)
        #expect(resumedPoints == straightPoints)
        #expect(try runStore.run(run.id).status == .completed)
    }

    @Test func dryRunWritesNothing() throws {
        try CommandLineTool.withHome { home in
            let result = try CommandLineTool.run(
                ["tune", "awake/Steering-v1", "--budget", "4", "--dry-run", "--store", home + "/runs.sqlite", "--json"],
                home: home)
            #expect(result.status == 0, "\(result.standardError)")
            let report = try Self.json(result.standardOutput)
            #expect(report["dry_run"] as? Bool == true)
            let objectives = try #require(report["evaluations"] as? [[String: Any]]).compactMap { $0["objective"] as? Double }
            // Nothing moved: every measurement reads the untouched machine.
            #expect(objectives.count == 4 && Set(objectives).count == 1)
            #expect(result.standardError.contains("dry run: would write"))
        }
    }

    @Test func contextualPlantIsTunedAtItsContext() throws {
        try CommandLineTool.withHome { home in
            let result = try CommandLineTool.run(
                ["tune", "jpa/Tuning-v1", "--context", "2.25", "--optimizer", "bo", "--budget", "12",
                 "--store", home + "/runs.sqlite", "--json"], home: home)
            #expect(result.status == 0, "\(result.standardError)")
            let report = try Self.json(result.standardOutput)
            #expect(report["parameter_names"] as? [String] == ["flux_bias_ua", "pump_power_dbm", "pump_detuning_mhz"])
            #expect((report["evaluations"] as? [Any])?.count == 12)
        }
    }

    @Test(arguments: [
        (["tune"], "name the plant"),
        (["tune", "awake/Steering-v1", "--budget", "0"], "--budget must be at least 1"),
        (["tune", "awake/Steering-v1", "--optimizer", "cmaes"], "cmaes"),
        (["tune", "--objective-cmd", "true"], "--space"),
        (["tune", "classic/Pendulum-v1"], "not an optimisation problem"),
        (["tune", "awake/Steering-v1", "--context", "2.2"], "no context"),
        (["tune", "jpa/Tuning-v1", "--context", "9.5"], "outside the plant's range"),
        (["tune", "jpa/Tuning-v1", "--optimizer", "nelder-mead"], "ignore_constraints: true"),
        (["tune", "awake/Steering-v2"], "Did you mean awake/Steering-v1?"),
        (["tune", "--resume", "r999"], "r999"),
    ])
    func badInputIsAUsageError(arguments: [String], message: String) throws {
        try CommandLineTool.withHome { home in
            let result = try CommandLineTool.run(arguments + ["--store", home + "/runs.sqlite"], home: home)
            #expect(result.status == 64, "\(arguments): \(result.standardError)")
            #expect(result.standardError.contains(message), "\(arguments): \(result.standardError)")
        }
    }

    @Test func badConfigurationNamesTheKey() throws {
        try CommandLineTool.withHome { home in
            try "safety:\n  max_stp: 1e-4\n".write(toFile: home + "/tune.yaml", atomically: true, encoding: .utf8)
            let result = try CommandLineTool.run(
                ["tune", "awake/Steering-v1", "--config", home + "/tune.yaml", "--store", home + "/runs.sqlite"], home: home)
            #expect(result.status == 64)
            #expect(result.standardError.contains("max_stp"))
            #expect(result.standardError.contains("max_step"))
        }
    }

    /// Limits that do not fit the plant are refused before a run is recorded or anything is written.
    @Test(arguments: [
        ("  max_step: [1.0e-5, 2.0e-5]", "max step has 2 elements, the machine 10 parameters"),
        ("  hard_limits: {low: [-1, -1, -1, -1, -1, -1, -1, -1, -1, -1], high: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]}",
         "hard limits can only narrow the plant's ranges: MCAWA.430029 [-1.0, 1.0] outside [-0.001, 0.001]"),
    ])
    func safetyLimitsThatDoNotFitThePlantAreRefused(safety: String, message: String) throws {
        try CommandLineTool.withHome { home in
            try "safety:\n\(safety)\n".write(toFile: home + "/tune.yaml", atomically: true, encoding: .utf8)
            let store = home + "/runs.sqlite"
            let result = try CommandLineTool.run(
                ["tune", "awake/Steering-v1", "--config", home + "/tune.yaml", "--store", store], home: home)
            #expect(result.status == 64)
            #expect(result.standardError.contains(message), "\(result.standardError)")
            let runs = try CommandLineTool.run(["runs", "--store", store], home: home)
            #expect(!runs.standardOutput.contains("awake/Steering-v1"), "\(runs.standardOutput)")
        }
    }
}
