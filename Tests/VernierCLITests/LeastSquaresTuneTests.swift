import Foundation
import Testing
import VernierTestSupport
@testable import vernier

/// `vernier tune --optimizer dfols` on a plant that declares its residual readings needs no configuration.
@Suite("dfols from the command line", .timeLimit(.minutes(1)))
struct LeastSquaresTuneTests {
    /// synthetic/Steering-v1 is linear in its 10 correctors: the start, 10 differences, then Gauss–Newton steps
    /// in a growing trust region reach the exact optimum (RMS 0) by evaluation 13.
    @Test func plantResidualsAreTheDefault() throws {
        try CommandLineTool.withHome { home in
            let result = try CommandLineTool.run(
                ["tune", "synthetic/Steering-v1", "--optimizer", "dfols", "--budget", "13",
                 "--store", home + "/runs.sqlite", "--json"], home: home)
            #expect(result.status == 0, "\(result.standardError)")
            let report = try #require(
                try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
            let best = try #require(report["best_objective"] as? Double)
            #expect(best < 1e-9)
        }
    }

    /// Without residuals named and none declared by the plant, the run is refused with the fix.
    @Test func missingResidualsAreRefusedWithTheFix() throws {
        try CommandLineTool.withHome { home in
            try TuneCommandTests.space.write(toFile: home + "/space.yaml", atomically: true, encoding: .utf8)
            try "optimizer:\n  ignore_constraints: true\n".write(
                toFile: home + "/tune.yaml", atomically: true, encoding: .utf8)
            let result = try CommandLineTool.run(
                ["tune", "--objective-cmd", TuneCommandTests.evaluator(log: home + "/log"), "--space",
                 home + "/space.yaml", "--optimizer", "dfols", "--budget", "3", "--config", home + "/tune.yaml",
                 "--store", home + "/runs.sqlite"], home: home)
            #expect(result.status != 0)
            #expect(result.standardError.contains("dfols: {residuals: [bpm1, bpm2]}"), "\(result.standardError)")
        }
    }
}
