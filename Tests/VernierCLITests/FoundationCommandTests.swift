import VernierTestSupport
import Foundation
import Testing

/// End-to-end tests of `vernier envs`, `check` and `rollout`, run as a separate process.
struct FoundationCommandTests {
    static func temporaryFile(_ name: String, contents: String) throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vernier-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let url = directory.appendingPathComponent(name)
        try contents.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    static func json(_ text: String) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(text.utf8))
    }

    @Test func envsListsPendulumInJSONWithSnakeCaseKeys() throws {
        let result = try CommandLineTool.run(["envs", "--json"])
        #expect(result.status == 0)
        let entries = try #require(try Self.json(result.standardOutput) as? [[String: Any]])
        let pendulum = try #require(entries.first { $0["id"] as? String == "classic/Pendulum-v1" })
        #expect(pendulum["capabilities"] as? [String] == ["environment"])
        #expect(pendulum["options_file"] as? String == "environments/pendulum.yaml")
    }

    @Test func checkPassesOnPendulum() throws {
        let human = try CommandLineTool.run(["check", "classic/Pendulum-v1"])
        #expect(human.status == 0)
        #expect(human.standardOutput.contains("conforms to every rule"))
        let json = try CommandLineTool.run(["check", "classic/Pendulum-v1", "--json"])
        let report = try #require(try Self.json(json.standardOutput) as? [String: Any])
        #expect(report["conformant"] as? Bool == true)
        #expect((report["rules_checked"] as? [String])?.contains("terminated-truncated-apart") == true)
    }

    @Test func unknownPlantIsAUsageErrorWithANearMatch() throws {
        let result = try CommandLineTool.run(["check", "classic/Pendulm-v1"])
        #expect(result.status == 64)
        #expect(result.standardError.contains("Did you mean classic/Pendulum-v1?"))
    }

    @Test func badOptionsAreUsageErrorsThatSayWhatToDo() throws {
        let typo = try CommandLineTool.run(["check", "classic/Pendulum-v1", "--options", "{gravity: 9.81}"])
        #expect(typo.status == 64)
        #expect(typo.standardError.contains("unknown option 'gravity'"))
        #expect(typo.standardError.contains("known options: g, max_episode_steps"))
        let malformed = try CommandLineTool.run(["check", "classic/Pendulum-v1", "--options", "{g: [1, 2"])
        #expect(malformed.status == 64)
        #expect(malformed.standardError.contains("not valid YAML"))
        let missing = try CommandLineTool.run(["check", "classic/Pendulum-v1", "--options", "no/such/file.yaml"])
        #expect(missing.status == 64)
        #expect(missing.standardError.contains("does not exist"))
        let outOfRange = try CommandLineTool.run(["check", "classic/Pendulum-v1", "--options", "{max_episode_steps: -5}"])
        #expect(outOfRange.status == 64)
        #expect(outOfRange.standardError.contains("max_episode_steps must be at least 1"))
    }

    @Test func rolloutPrintsEveryStepAsJSON() throws {
        let actions = try Self.temporaryFile("actions.json", contents: "[[0.5], [-1], [3], [0]]")
        let result = try CommandLineTool.run([
            "rollout", "classic/Pendulum-v1", "--seed", "4", "--options", #"{"state": [3.141592653589793, 0]}"#,
            "--actions", actions.path, "--json",
        ])
        #expect(result.status == 0, "\(result.standardError)")
        let output = try #require(try Self.json(result.standardOutput) as? [String: Any])
        let steps = try #require(output["steps"] as? [[String: Any]])
        #expect(steps.count == 4)
        #expect(Set(steps[0].keys) == ["observation", "reward", "terminated", "truncated"])
        // From rest at θ = π with torque u = 2 · 0.5 = 1: θ̇ = (15 sin π + 3 · 1) · 0.05 = 0.15 (to 1e-15).
        let first = try #require(steps[0]["observation"] as? [Double])
        #expect(abs(first[2] - 0.15) < 1e-12)
        // Reward of the first step: −(π² + 0 + 0.001 · 1²).
        let reward = try #require(steps[0]["reward"] as? Double)
        #expect(abs(reward + (Double.pi * Double.pi + 0.001)) < 1e-12)
        #expect(steps.allSatisfy { $0["truncated"] as? Bool == false })
    }

    @Test func rolloutStopsAtTruncation() throws {
        let actions = try Self.temporaryFile("zeros.json", contents: "[" + Array(repeating: "[0]", count: 8).joined(separator: ",") + "]")
        let result = try CommandLineTool.run([
            "rollout", "classic/Pendulum-v1", "--seed", "1", "--plant-options", "{max_episode_steps: 5}",
            "--actions", actions.path, "--json",
        ])
        #expect(result.status == 0, "\(result.standardError)")
        let steps = try #require((try Self.json(result.standardOutput) as? [String: Any])?["steps"] as? [[String: Any]])
        #expect(steps.count == 5)
        #expect(steps.last?["truncated"] as? Bool == true)
    }

    @Test func rolloutRefusesBadActionFiles() throws {
        let wrongShape = try Self.temporaryFile("wrong.json", contents: "[[0.5, 0.5]]")
        let shape = try CommandLineTool.run(["rollout", "classic/Pendulum-v1", "--seed", "1", "--actions", wrongShape.path])
        #expect(shape.status == 64)
        #expect(shape.standardError.contains("action 0 has 2 elements"))
        let garbled = try Self.temporaryFile("garbled.json", contents: "[[0.5], oops")
        let parse = try CommandLineTool.run(["rollout", "classic/Pendulum-v1", "--seed", "1", "--actions", garbled.path])
        #expect(parse.status == 64)
        #expect(parse.standardError.contains("not a JSON array of arrays of numbers"))
        let missing = try CommandLineTool.run(["rollout", "classic/Pendulum-v1", "--seed", "1", "--actions", "/nonexistent/a.json"])
        #expect(missing.status == 64)
    }

    @Test func everyArgumentOfEveryCommandHasHelpText() throws {
        let result = try CommandLineTool.run(["--experimental-dump-help"])
        #expect(result.status == 0)
        let root = try #require((try Self.json(result.standardOutput) as? [String: Any])?["command"] as? [String: Any])
        var missing: [String] = []
        func visit(_ command: [String: Any], path: String) {
            for argument in command["arguments"] as? [[String: Any]] ?? [] where argument["shouldDisplay"] as? Bool != false {
                let abstract = argument["abstract"] as? String ?? ""
                if abstract.isEmpty { missing.append("\(path) \(argument["valueName"] as? String ?? "?")") }
            }
            // ArgumentParser's own `help` command is not ours to document.
            for subcommand in command["subcommands"] as? [[String: Any]] ?? [] where subcommand["commandName"] as? String != "help" {
                visit(subcommand, path: path + " " + (subcommand["commandName"] as? String ?? "?"))
            }
        }
        visit(root, path: "vernier")
        #expect((root["subcommands"] as? [Any])?.count ?? 0 >= 4)
        #expect(missing.isEmpty, "arguments without help: \(missing)")
    }
}
