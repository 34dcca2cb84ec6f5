import Foundation
import Testing
import VernierTestSupport

/// Scripts depend on `--json`: each command's output is pinned by its schema in `docs/json/` (keys, types,
/// nothing `null` — absent values are omitted).
@Suite(.serialized) struct JSONSchemaTests {
    static let schemas = ServedDevice.packageRoot.appendingPathComponent("docs/json")

    /// Runs `vernier ARGUMENTS --json`, expects exit 0, and checks the output against `schema`.
    private static func expectConforms(_ arguments: [String], schema: String, store: String? = nil) throws {
        let storeArguments = store.map { ["--store", $0] } ?? []
        let result = try CommandLineTool.run(arguments + ["--json"] + storeArguments)
        #expect(result.status == 0, "\(arguments.joined(separator: " ")): \(result.standardError)")
        let output = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8), options: [.fragmentsAllowed])
        let validator = try JSONSchemaValidator(file: schemas.appendingPathComponent("\(schema).schema.json"))
        let problems = validator.problems(in: output)
        #expect(problems.isEmpty, "vernier \(arguments.joined(separator: " ")) --json: \(problems.prefix(5).joined(separator: "; "))")
    }

    @Test("the validator itself refuses a missing key, an unknown key, a wrong type and a null")
    func validatorRefuses() throws {
        let validator = try JSONSchemaValidator(file: Self.schemas.appendingPathComponent("train.schema.json"))
        let good: [String: Any] = [
            "plant_id": "classic/Pendulum-v1", "algorithm": "ppo", "steps": 10, "updates": 1, "seed": 1, "seconds": 0.5,
            "steps_per_second": 20.0, "episodes": 0, "policy": "p.json", "run_id": "r1", "resumed": false,
            "interrupted": false,
        ]
        #expect(validator.problems(in: good).isEmpty)
        var missing = good
        missing["run_id"] = nil
        #expect(validator.problems(in: missing) == ["$: the required key 'run_id' is missing"])
        var unknown = good
        unknown["return"] = 1.0
        #expect(validator.problems(in: unknown) == ["$: the key 'return' is not in the schema"])
        var wrongType = good
        wrongType["steps"] = "ten"
        #expect(validator.problems(in: wrongType) == ["$.steps: is string, the schema allows integer"])
        var null = good
        null["mean_return"] = NSNull()
        #expect(validator.problems(in: null) == ["$.mean_return: is null, the schema allows number or string"])
    }

    @Test("envs, check and rollout print what their schemas say")
    func plantCommands() throws {
        try Self.expectConforms(["envs"], schema: "envs")
        try Self.expectConforms(["check", "classic/Pendulum-v1"], schema: "check")
        let scratch = try Scratch()
        defer { scratch.remove() }
        let actions = scratch.path("actions.json")
        try "[[0.5], [-1], [0]]".write(toFile: actions, atomically: true, encoding: .utf8)
        try Self.expectConforms(["rollout", "classic/Pendulum-v1", "--seed", "2", "--actions", actions], schema: "rollout")
    }

    @Test("tune, runs and runs show print what their schemas say")
    func tuneAndRuns() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        try Self.expectConforms(["tune", "awake/Steering-v1", "--optimizer", "random", "--budget", "3"], schema: "tune",
                                store: scratch.store)
        try Self.expectConforms(["tune", "awake/Steering-v1", "--optimizer", "random", "--budget", "3", "--study", "s"],
                                schema: "tune", store: scratch.store)
        try Self.expectConforms(["runs"], schema: "runs", store: scratch.store)
        try Self.expectConforms(["runs", "show", "r1"], schema: "runs-show", store: scratch.store)
    }

    @Test("scan prints what its schema says")
    func scan() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        try Self.expectConforms(["scan", "jpa/Tuning-v1", "--to", "2.386", "--csv", scratch.path("points.csv")],
                                schema: "scan", store: scratch.store)
        try Self.expectConforms(["runs", "show", "r1"], schema: "runs-show", store: scratch.store)
        let policy = ServedDevice.packageRoot.appendingPathComponent("policies/jpa-tuning-v1.json").path
        try Self.expectConforms(["scan", "jpa/Tuning-v1", "--to", "2.386", "--method", "policy:" + policy],
                                schema: "scan", store: scratch.store)
    }

    @Test("train, evaluate and run print what their schemas say")
    func policyCommands() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let policy = scratch.path("pendulum.json")
        try Self.expectConforms(["train", "classic/Pendulum-v1", "--config", scratch.config, "--steps", "128",
                                 "--out", policy], schema: "train", store: scratch.store)
        try Self.expectConforms(["evaluate", policy, "--episodes", "2", "--max-steps", "20"], schema: "evaluate",
                                store: scratch.store)
        let shipped = ServedDevice.packageRoot.appendingPathComponent("policies/awake-steering-v1.json").path
        try Self.expectConforms(["run", shipped, "--env", "awake/Steering-v1", "--steps", "3"], schema: "run",
                                store: scratch.store)
        try Self.expectConforms(["runs", "show", "r2"], schema: "runs-show", store: scratch.store)
    }

    @Test("probe and device bench print what their schemas say, against a served device")
    func deviceCommands() throws {
        let map = ServedDevice.packageRoot.appendingPathComponent("hardware/awake-float64.yaml").path
        let served = try ServedDevice("awake/Steering-v1", map: map, arguments: ["--seed", "3"])
        defer { served.stop() }
        let endpoint = "\(served.host):\(served.port)"
        try Self.expectConforms(["probe", "--map", map, "--endpoint", endpoint], schema: "probe")
        try Self.expectConforms(["device", "bench", "awake/Steering-v1", "--map", map, "--endpoint", endpoint,
                                 "--steps", "5", "--warmup", "1", "--no-settle"], schema: "device-bench")
    }
}
