import Foundation
import Testing
import VernierTestSupport

/// `vernier run --config FILE`: an operator's tighter safety envelope for a policy run — split moves, narrower
/// hard limits (clipped or refused), and every bad file refused before anything is written.
@Suite struct RunSafetyConfigurationTests {
    struct Report: Decodable {
        struct Step: Decodable {
            var settings: [Double]?
            var was_clipped: Bool
        }
        struct Summary: Decodable {
            struct Restore: Decodable { var restored: Bool; var target: String }
            var steps: Int
            var writes: Int?
            var clipped_steps: Int
            var restore: Restore?
        }
        var steps: [Step]
        var summary: Summary
    }

    static let policy = ServedDevice.packageRoot.appendingPathComponent("policies/awake-steering-v1.json").path

    /// The shipped AWAKE policy from seed 3, with the safety section `safety` (YAML lines, indented) if any.
    static func run(safety: String?, in scratch: Scratch) throws -> Tool.Result {
        var arguments = ["run", policy, "--env", "awake/Steering-v1", "--seed", "3", "--json"]
        if let safety {
            let path = scratch.path("safety-\(UUID().uuidString).yaml")
            try "safety:\n\(safety)\n".write(toFile: path, atomically: true, encoding: .utf8)
            arguments += ["--config", path]
        }
        return try Tool.run(arguments, store: scratch.store)
    }

    static func report(_ result: Tool.Result) throws -> Report {
        try JSONDecoder().decode(Report.self, from: Data(result.standardOutput.utf8))
    }

    @Test func maxStepSplitsEveryMoveWithoutChangingWhereThePolicyGoes() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let free = try Self.run(safety: nil, in: scratch)
        #expect(free.status == 0, "\(free.standardError)")
        let split = try Self.run(safety: "  max_step: 1.0e-5", in: scratch)
        #expect(split.status == 0, "\(split.standardError)")
        let (a, b) = (try Self.report(free), try Self.report(split))
        #expect(a.steps.map(\.settings) == b.steps.map(\.settings))
        // The policy's first move changes a corrector by its full 1e-4 rad: at most 1e-5 per write is ≥ 10 writes,
        // where the unconstrained run writes once per step (plus the episode's start).
        let largestMove = try #require(a.steps.first?.settings).map(abs).max() ?? 0
        #expect(largestMove > 9e-5)
        #expect(a.summary.writes == a.summary.steps + 1)
        #expect((b.summary.writes ?? 0) >= a.summary.steps + 10, "\(b.summary)")
        #expect(b.summary.restore?.target == "last" && b.summary.restore?.restored == true)
    }

    /// The example in config/run/ loads, and its limits hold on every step.
    @Test func shippedCautiousConfigurationRuns() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let file = ServedDevice.packageRoot.appendingPathComponent("config/run/awake-cautious.yaml").path
        let result = try Tool.run(["run", Self.policy, "--env", "awake/Steering-v1", "--seed", "3", "--config", file,
                                   "--json"], store: scratch.store)
        #expect(result.status == 0, "\(result.standardError)")
        let report = try Self.report(result)
        #expect((report.summary.writes ?? 0) >= report.summary.steps + 5)
        for step in report.steps { #expect(try #require(step.settings).allSatisfy { abs($0) <= 3e-4 }) }
    }

    @Test func narrowerHardLimitsClipOrRefuse() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let bound = 4.0e-5
        let limits = "  hard_limits: {low: \(Array(repeating: -bound, count: 10)), high: \(Array(repeating: bound, count: 10))}"
        let clipped = try Self.run(safety: limits, in: scratch)
        #expect(clipped.status == 0, "\(clipped.standardError)")
        let report = try Self.report(clipped)
        #expect(report.summary.clipped_steps >= 1)
        for step in report.steps {
            let settings = try #require(step.settings)
            #expect(settings.allSatisfy { abs($0) <= bound }, "\(settings)")
        }

        let refused = try Self.run(safety: limits + "\n  out_of_bounds: refuse", in: scratch)
        #expect(refused.status == 1)
        #expect(refused.standardError.contains("outside the hard limits"), "\(refused.standardError)")
        #expect(refused.standardError.contains("restored to its initial point"), "\(refused.standardError)")
        let runs = try Tool.run(["runs"], store: scratch.store)
        #expect(runs.standardOutput.contains("failed"), "\(runs.standardOutput)")
    }

    @Test func badFilesAreRefusedBeforeAnythingRuns() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let wide = "  hard_limits: {low: \(Array(repeating: -1.0, count: 10)), high: \(Array(repeating: 1.0, count: 10))}"
        let cases: [(String, String)] = [
            ("  max_step: [1.0e-5, 2.0e-5]", "max step has 2 elements, the machine 10 parameters"),
            ("  max_step: -1.0e-5", "'safety.max_step': max_step must be positive and finite (physical units per write), got -1e-05"),
            ("  max_step: .nan", "max_step must be positive and finite (physical units per write), got nan"),
            ("  max_stp: 1.0e-5", "did you mean max_step"),
            ("  on_completion: somewhere", "on_completion"),
            (wide, "hard limits can only narrow the plant's ranges: MCAWA.430029 [-1.0, 1.0] outside [-0.001, 0.001]"),
        ]
        for (safety, message) in cases {
            let result = try Self.run(safety: safety, in: scratch)
            #expect(result.status == 64, "\(safety): status \(result.status)")
            #expect(result.standardError.contains(message), "\(safety): \(result.standardError)")
        }
        let tuneFile = scratch.path("tune.yaml")
        try "optimizer: {}\n".write(toFile: tuneFile, atomically: true, encoding: .utf8)
        let tune = try Tool.run(["run", Self.policy, "--env", "awake/Steering-v1", "--config", tuneFile], store: scratch.store)
        #expect(tune.status == 64 && tune.standardError.contains("unknown option 'optimizer'; known options: safety"),
                "\(tune.standardError)")
        let runs = try Tool.run(["runs"], store: scratch.store)
        #expect(!runs.standardOutput.contains("awake/Steering-v1"), "no run is recorded for a refused file")

        // An environment-only plant has no settings to limit.
        let pendulum = scratch.path("pendulum.json")
        #expect(try Tool.run(["train", "classic/Pendulum-v1", "--config", scratch.config, "--steps", "128",
                              "--out", pendulum], store: scratch.store).status == 0)
        let safetyFile = scratch.path("safety.yaml")
        try "safety:\n  max_step: 0.1\n".write(toFile: safetyFile, atomically: true, encoding: .utf8)
        let direct = try Tool.run(["run", pendulum, "--env", "classic/Pendulum-v1", "--config", safetyFile],
                                  store: scratch.store)
        #expect(direct.status == 64 && direct.standardError.contains("is stepped directly"), "\(direct.standardError)")
    }
}
