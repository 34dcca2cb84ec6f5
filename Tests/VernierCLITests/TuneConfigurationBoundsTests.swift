import Foundation
import Testing
import VernierTestSupport

/// Configuration values are checked when the file is read, before a run is recorded: a stopping section that
/// would crash or silently end a run, and a `max_step` that implies unbounded work, are refused with the key.
@Suite struct TuneConfigurationBoundsTests {
    /// Runs `vernier tune awake/Steering-v1 --config FILE --budget 2`; returns the result and the `runs` listing.
    private static func tune(config: String) throws -> (result: CommandLineTool.Result, runs: String) {
        try CommandLineTool.withHome { home in
            try config.write(toFile: home + "/tune.yaml", atomically: true, encoding: .utf8)
            let store = home + "/runs.sqlite"
            let result = try CommandLineTool.run(
                ["tune", "awake/Steering-v1", "--config", home + "/tune.yaml", "--budget", "2", "--store", store],
                home: home)
            let runs = try CommandLineTool.run(["runs", "--store", store], home: home)
            return (result, runs.standardOutput)
        }
    }

    @Test(arguments: [
        ("stopping: {stagnation: {evaluations: -1, tolerance: 0.01}}", "stagnation.evaluations is the window of evaluations without improvement: at least 1, got -1"),
        ("stopping: {stagnation: {evaluations: 0}}", "at least 1, got 0"),
        ("stopping: {stagnation: {evaluations: 5, tolerance: -1}}", "stagnation.tolerance must be a finite number ≥ 0, got -1.0"),
        ("stopping: {target_objective: .nan}", "target_objective must be a number, got NaN"),
        ("safety: {max_step: 1.0e-320}", "into inf writes, more than max_writes_per_move (1000)"),
        ("safety: {max_step: 1.0e-9}", "splits a move across MCAWA.430029's range [-0.001, 0.001] into 2e+06 writes"),
        ("safety: {max_writes_per_move: 0}", "max_writes_per_move must be a finite number ≥ 1, got 0.0"),
    ])
    func refusedBeforeARunIsRecorded(config: String, message: String) throws {
        let (result, runs) = try Self.tune(config: config + "\n")
        #expect(result.status == 64, "\(config): \(result.standardError)")
        #expect(result.standardError.contains(message), "\(config): \(result.standardError)")
        #expect(!runs.contains("awake/Steering-v1"), "nothing recorded: \(runs)")
    }

    @Test("a small max_step is accepted when the operator raises max_writes_per_move on purpose")
    func explicitWorkBoundIsAccepted() throws {
        let (result, runs) = try Self.tune(config: "safety: {max_step: 1.0e-6, max_writes_per_move: 2500}\n")
        #expect(result.status == 0, "\(result.standardError)")
        #expect(runs.contains("awake/Steering-v1"))
    }
}
