import VernierTestSupport
import Foundation
import Testing
import VernierNN
import VernierStore

/// `vernier` run as a subprocess with its own home and the scratch directory's run store.
struct Tool {
    struct Result {
        var status: Int32
        var standardOutput: String
        var standardError: String
        var json: [String: Any]? {
            (try? JSONSerialization.jsonObject(with: Data(standardOutput.utf8))) as? [String: Any]
        }
    }

    static func run(_ arguments: [String], store: String) throws -> Result {
        let result = try CommandLineTool.run(arguments + ["--store", store])
        return Result(status: result.status, standardOutput: result.standardOutput, standardError: result.standardError)
    }
}

/// A scratch directory with a tiny PPO configuration (so the debug-built tool trains in a second).
struct Scratch {
    let directory: URL
    let config: String

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("vernier-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        config = directory.appendingPathComponent("tiny.yaml").path
        try """
            n_envs: 2
            n_steps: 64
            batch_size: 32
            n_epochs: 2
            net_arch: [16, 16]
            gamma: 0.9
            """.write(toFile: config, atomically: true, encoding: .utf8)
    }

    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// The run store every command of a test shares.
    var store: String { path("runs.sqlite") }

    func remove() { try? FileManager.default.removeItem(at: directory) }
}

@Suite(.serialized) struct TrainEvaluateRunTests {
    @Test func trainEvaluateAndRunAPendulumPolicy() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let policy = scratch.path("pendulum.json")
        let train = try Tool.run(["train", "classic/Pendulum-v1", "--algo", "ppo", "--config", scratch.config,
                                  "--steps", "512", "--seed", "3", "--out", policy, "--json"], store: scratch.store)
        #expect(train.status == 0, "\(train.standardError)")
        let report = try #require(train.json)
        #expect(report["steps"] as? Int == 512 && report["policy"] as? String == policy)
        #expect((report["steps_per_second"] as? Double ?? 0) > 0)
        #expect(report["mean_return"] as? Double != nil, "two full episodes per copy end within 512 steps")
        #expect(train.standardError.contains("n_steps: 64") && train.standardError.contains("gamma: 0.9"), "hyperparameters logged")
        #expect(!train.standardError.contains("steps/s"), "no progress line with --json")
        let file = try PolicyFile.load(from: URL(fileURLWithPath: policy))
        #expect(file.plantID == "classic/Pendulum-v1" && file.provenance.steps == 512 && file.provenance.seed == 3)
        let runStore = try RunStore(path: scratch.store)
        let runID = try #require(report["run_id"] as? String)
        let stored = try runStore.run(named: runID)
        #expect(stored.kind == .train && stored.status == .completed && stored.plant == "classic/Pendulum-v1")
        #expect(try runStore.latestCheckpoint(of: stored.id)?.sequence == 512)
        #expect(try runStore.episodes(of: stored.id).count == report["episodes"] as? Int)

        let evaluate = try Tool.run(["evaluate", policy, "--episodes", "3", "--json"], store: scratch.store)
        #expect(evaluate.status == 0, "\(evaluate.standardError)")
        let summary = try #require(evaluate.json)
        let returns = try #require(summary["returns"] as? [Double])
        #expect(returns.count == 3 && abs((summary["mean_return"] as? Double ?? 0) - returns.reduce(0, +) / 3) < 1e-9)
        #expect(summary["success_rate"] as? Double == 0, "Pendulum never terminates nor reports success")
        #expect(!summary.keys.contains("median_steps"), "absent values are omitted, never null")

        let run = try Tool.run(["run", policy, "--env", "classic/Pendulum-v1", "--steps", "5"], store: scratch.store)
        #expect(run.status == 0, "\(run.standardError)")
        let lines = run.standardOutput.split(separator: "\n")
        #expect(lines.filter { $0.hasPrefix("step ") }.count == 5)
        #expect(run.standardOutput.contains("5 steps, return"))
    }

    @Test func sameSeedSameBytesAndResumeContinues() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let (a, b) = (scratch.path("a.json"), scratch.path("b.json"))
        for out in [a, b] {
            let result = try Tool.run(["train", "classic/Pendulum-v1", "--config", scratch.config, "--steps", "256",
                                       "--seed", "9", "--out", out, "--json"], store: scratch.store)
            #expect(result.status == 0, "\(result.standardError)")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: a)) == Data(contentsOf: URL(fileURLWithPath: b)))

        let resumed = try Tool.run(["train", "--resume", "r1", "--steps", "512", "--json"], store: scratch.store)
        #expect(resumed.status == 0, "\(resumed.standardError)")
        #expect(resumed.json?["steps"] as? Int == 512 && resumed.json?["resumed"] as? Bool == true)
        #expect(resumed.standardError.contains("resumed at step 256"))
        #expect(try PolicyFile.load(from: URL(fileURLWithPath: a)).provenance.steps == 512)
    }

    @Test func badInputExitsWithUsageStatusAndSaysWhy() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let policy = scratch.path("p.json")
        #expect(try Tool.run(["train", "classic/Pendulum-v1", "--config", scratch.config, "--steps", "128", "--out", policy], store: scratch.store).status == 0)

        let cases: [([String], String)] = [
            (["train", "classic/Pendulm-v1", "--out", policy], "classic/Pendulum-v1"),
            (["train", "classic/Pendulum-v1", "--config", scratch.path("none.yaml"), "--out", policy], "does not exist"),
            (["train", "classic/Pendulum-v1", "--steps", "0", "--out", policy], "--steps"),
            (["train", "classic/Pendulum-v1", "--algo", "sac", "--out", policy], "sac"),
            (["train", "--resume", "r99"], "r99"),
            (["train", "classic/Pendulum-v1", "--resume", "r1"], "--resume continues a run"),
            (["evaluate", policy, "--env", "awake/Steering-v1", "--episodes", "2"], "trained on classic/Pendulum-v1"),
            (["evaluate", policy, "--episodes", "0"], "--episodes"),
            (["evaluate", scratch.path("missing.json")], "does not exist"),
            (["run", policy, "--env", "awake/Steering-v1"], "trained on classic/Pendulum-v1"),
        ]
        for (arguments, message) in cases {
            let result = try Tool.run(arguments, store: scratch.store)
            #expect(result.status == 64, "\(arguments): status \(result.status)")
            #expect(result.standardError.contains(message), "\(arguments): \(result.standardError)")
        }

        // A corrupted policy: one digit of a weight changed.
        var text = try String(contentsOfFile: policy, encoding: .utf8)
        let range = try #require(text.range(of: "\"weights\" : [\n"))
        let digit = try #require(text[range.upperBound...].firstIndex { $0.isNumber && $0 != "0" })
        text.replaceSubrange(digit...digit, with: text[digit] == "9" ? "8" : "9")
        try text.write(toFile: policy, atomically: true, encoding: .utf8)
        let corrupted = try Tool.run(["evaluate", policy, "--episodes", "1"], store: scratch.store)
        #expect(corrupted.status == 64 && corrupted.standardError.contains("checksum mismatch"), "\(corrupted.standardError)")

        // An unknown hyperparameter.
        try "n_step: 10\n".write(toFile: scratch.path("typo.yaml"), atomically: true, encoding: .utf8)
        let typo = try Tool.run(["train", "classic/Pendulum-v1", "--config", scratch.path("typo.yaml"), "--out", policy], store: scratch.store)
        #expect(typo.status == 64 && typo.standardError.contains("n_steps"), "\(typo.standardError)")
    }
}
