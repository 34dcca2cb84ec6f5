import Foundation
import Testing
import VernierStore
import VernierTestSupport
@testable import vernier

/// A COBYLA (NLopt, replayed), Powell or dfols tune interrupted with Ctrl-C and resumed from the run store continues exactly as one uninterrupted
/// run: the checkpoint is the evaluations so far, and the resumed optimiser replays them.
@Suite("local optimisers resume from the run store", .timeLimit(.minutes(2)))
struct LocalOptimizerResumeTests {
    @Test(arguments: ["cobyla", "powell", "dfols"])
    func interruptedRunResumesExactly(optimizer: String) throws {
        let home = (NSTemporaryDirectory() as NSString).appendingPathComponent("vernier-local-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: home) }
        try TuneCommandTests.space.write(toFile: home + "/space.yaml", atomically: true, encoding: .utf8)
        let store = home + "/runs.sqlite"
        let log = home + "/points.log"
        // COBYLA honours the space's constraint; Powell is told to ignore it.
        // dfols minimises the sum of squares of the residuals the evaluator reports.
        try "optimizer:\n  ignore_constraints: true\n  dfols: {residuals: [ra, rb]}\n"
            .write(toFile: home + "/tune.yaml", atomically: true, encoding: .utf8)
        let evaluator = TuneCommandTests.evaluator(log: log, delay: 0.2, residuals: optimizer == "dfols")
        let arguments = ["tune", "--objective-cmd", evaluator, "--space",
                         home + "/space.yaml", "--optimizer", optimizer, "--budget", "14", "--seed", "5",
                         "--config", home + "/tune.yaml", "--store", store, "--json"]
        let process = Process()
        process.executableURL = try CommandLineTool.executable()
        process.arguments = arguments
        process.environment = CommandLineTool.environment(home: home)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        var seen = 0
        for _ in 0..<800 where seen < 5 {
            usleep(25_000)
            seen = (try? TuneCommandTests.loggedPoints(log).count) ?? 0
        }
        process.interrupt()
        for _ in 0..<400 where process.isRunning { usleep(25_000) }
        #expect(process.terminationStatus == 130)
        let runStore = try RunStore(path: store)
        let run = try #require(try runStore.runs().first?.run)
        let kept = try runStore.evaluationCount(of: run.id)
        #expect(kept >= 4 && kept < 14)

        let resumed = try CommandLineTool.run(["tune", "--resume", run.id.description, "--store", store, "--json"], home: home)
        #expect(resumed.status == 0, "\(resumed.standardError)")
        let resumedPoints = try runStore.evaluations(of: run.id).map(\.parameters)
        #expect(resumedPoints.count == 14)
        let straight = try CommandLineTool.run(arguments.map { $0.replacingOccurrences(of: log, with: log + ".2") }, home: home)
        #expect(straight.status == 0, "\(straight.standardError)")
        let straightID = try #require(try TuneCommandTests.json(straight.standardOutput)["run_id"] as? String)
        let straightPoints = try runStore.evaluations(of: try runStore.run(named: straightID).id).map(\.parameters)
        #expect(resumedPoints == straightPoints)
    }
}
