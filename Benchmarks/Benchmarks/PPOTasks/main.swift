import Foundation
import VernierNN

// The issue-5 "numbers to reach" for trained policies on Vernier's own plants. A plain release-built executable
// (whole evaluation runs, not micro-benchmarks); prints one JSON object (snake_case). From Benchmarks/:
//
//   swift run -c release PPOTasks awake [--policy ../policies/awake-steering-v1.json] [--episodes 1000]
//                                       [--seed 1000000] [--options FILE] [--per-episode]
//       steps to success of the policy, the inverse-response controller (clipped and scaled) and the oracle
//       lower bound, on the same seeded episodes (AwakeStudy.swift);
//   swift run -c release PPOTasks jpa --policy ../policies/jpa-tuning-v1.json [--scans 5] [--steps 100]
//                                     [--seed 1] [--budget 100] [--options FILE] [--per-step]
//       measurements to reach 20 dB at each new frequency step: the policy against Nelder–Mead from the same
//       starting point (JPAComparison.swift).
//
// Benchmarks/ppo-tasks.sh trains the shipped policies from config/ppo/*.yaml and runs both.

func fail(_ message: String, code: Int32 = 64) -> Never {
    FileHandle.standardError.write(Data("PPOTasks: \(message)\n".utf8))
    exit(code)
}

func printJSON(_ value: some Encodable) throws {
    let encoder = JSONEncoder()
    encoder.keyEncodingStrategy = .convertToSnakeCase
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    print(String(decoding: try encoder.encode(value), as: UTF8.self))
}

/// The command line: the study, `--name value` options and bare flags.
struct CommandLineArguments {
    var mode: String
    var values: [String: String] = [:]
    var flags: Set<String> = []

    init(_ arguments: [String]) {
        guard let mode = arguments.first else { fail("say which study: awake or jpa") }
        self.mode = mode
        var index = 1
        while index < arguments.count {
            let name = arguments[index]
            guard name.hasPrefix("--") else { fail("unexpected argument '\(name)'") }
            if ["--per-episode", "--per-step"].contains(name) {
                flags.insert(name)
                index += 1
            } else {
                guard index + 1 < arguments.count else { fail("\(name) needs a value") }
                values[name] = arguments[index + 1]
                index += 2
            }
        }
    }

    func refuseUnknown(_ known: Set<String>) {
        if let unknown = values.keys.first(where: { !known.contains($0) }) { fail("unknown option \(unknown) for \(mode)") }
    }

    func integer(_ name: String, _ fallback: Int) -> Int {
        guard let text = values[name] else { return fallback }
        guard let value = Int(text), value >= 1 else { fail("\(name) must be a positive integer, got '\(text)'") }
        return value
    }

    func seed(_ fallback: UInt64) -> UInt64 {
        guard let text = values["--seed"] else { return fallback }
        guard let value = UInt64(text) else { fail("--seed must be a non-negative integer, got '\(text)'") }
        return value
    }
}

let command = CommandLineArguments(Array(CommandLine.arguments.dropFirst()))

OpenBLASThreads.set(1)
do {
    switch command.mode {
    case "awake":
        command.refuseUnknown(["--policy", "--episodes", "--seed", "--options"])
        let study = AwakeStudy(episodes: command.integer("--episodes", 1000), seed: command.seed(1_000_000),
                               policyPath: command.values["--policy"], optionsPath: command.values["--options"])
        try printJSON(try study.run(includeEpisodes: command.flags.contains("--per-episode")))
    case "jpa":
        command.refuseUnknown(["--policy", "--scans", "--steps", "--seed", "--budget", "--options"])
        guard let policy = command.values["--policy"] else { fail("jpa needs --policy POLICY.json") }
        let comparison = JPAComparison(
            policyPath: policy, scans: command.integer("--scans", 5), stepsPerScan: command.integer("--steps", 100),
            seed: command.seed(1), budget: command.integer("--budget", 100), optionsPath: command.values["--options"])
        try printJSON(try comparison.run(includeSteps: command.flags.contains("--per-step")))
    default:
        fail("unknown study '\(command.mode)': awake or jpa")
    }
} catch {
    fail("\(error)", code: 1)
}
