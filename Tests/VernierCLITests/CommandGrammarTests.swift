import Foundation
import Testing
import VernierTestSupport

/// One grammar across commands: a shared option means the same everywhere, with one default and one help text.
@Suite struct CommandGrammarTests {
    /// Every declared argument of every command, by its long name: (command path, default, help).
    private static func declarations(of name: String) throws -> [(command: String, defaultValue: String?, help: String)] {
        let result = try CommandLineTool.run(["--experimental-dump-help"])
        let object = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any]
        let root = try #require(object?["command"] as? [String: Any])
        var found: [(String, String?, String)] = []
        func visit(_ command: [String: Any], path: String) {
            for argument in command["arguments"] as? [[String: Any]] ?? [] {
                let names = (argument["names"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
                if names.contains(name), argument["shouldDisplay"] as? Bool != false {
                    found.append((path, argument["defaultValue"] as? String, argument["abstract"] as? String ?? ""))
                }
            }
            for subcommand in command["subcommands"] as? [[String: Any]] ?? [] {
                visit(subcommand, path: path + " " + (subcommand["commandName"] as? String ?? "?"))
            }
        }
        visit(root, path: "vernier")
        return found
    }

    @Test("--seed has one default (1) and one help text wherever it is declared (device serve: no reseed without it)")
    func seedIsOneOption() throws {
        let seeds = try Self.declarations(of: "seed").filter { $0.command != "vernier device serve" }
        #expect(seeds.count >= 8, "\(seeds.map(\.command))")
        #expect(Set(seeds.map { $0.defaultValue ?? "none" }) == ["1"], "\(seeds.map { "\($0.command)=\($0.defaultValue ?? "none")" })")
        #expect(Set(seeds.map(\.help)).count == 1)
    }

    @Test("--json and --options have one help text each; --store one")
    func sharedOptionsHaveOneHelp() throws {
        for name in ["json", "store"] {
            let declared = try Self.declarations(of: name)
            #expect(declared.count >= 2, "\(name): \(declared.map(\.command))")
            let texts = Set(declared.map(\.help))
            // --json with a progress line says so; otherwise every --json reads the same.
            #expect(texts.count <= 2, "\(name): \(texts)")
        }
        let options = try Self.declarations(of: "options")
        #expect(options.count >= 5 && Set(options.map(\.help)).count <= 2, "\(options.map { "\($0.command): \($0.help)" })")
        #expect(!options.contains { $0.command == "vernier rollout" }, "rollout's reset options are --reset-options")
    }

    @Test("rollout --options still works for one version, with a deprecation message, and equals --reset-options")
    func deprecatedResetOptions() throws {
        let actions = FileManager.default.temporaryDirectory.appendingPathComponent("grammar-\(UUID().uuidString).json")
        try "[[0.5], [-1]]".write(to: actions, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: actions) }
        let state = #"{"state": [3.0, 0.5]}"#
        let renamed = try CommandLineTool.run(["rollout", "classic/Pendulum-v1", "--actions", actions.path,
                                               "--reset-options", state, "--json"])
        let old = try CommandLineTool.run(["rollout", "classic/Pendulum-v1", "--actions", actions.path,
                                           "--options", state, "--json"])
        #expect(renamed.status == 0 && old.status == 0, "\(renamed.standardError) \(old.standardError)")
        #expect(renamed.standardOutput == old.standardOutput)
        #expect(!renamed.standardError.contains("deprecated") && !renamed.standardError.contains("--reset-options"))
        #expect(old.standardError.contains("is now `--reset-options`"))
        let both = try CommandLineTool.run(["rollout", "classic/Pendulum-v1", "--actions", actions.path,
                                            "--options", state, "--reset-options", state])
        #expect(both.status == 64)
    }
}
