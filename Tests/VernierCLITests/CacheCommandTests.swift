import Foundation
import Testing
import VernierTestSupport

/// End-to-end tests of `vernier cache generate | simulate | advise`, run as a separate process.
struct CacheCommandTests {
    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    static func write(_ text: String, to name: String, in home: String) throws -> String {
        let path = home + "/" + name
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func generateThenSimulateSeveralPoliciesInOnePassAndRecordTheRun() throws {
        try CommandLineTool.withHome { home in
            let generated = try CommandLineTool.run(["cache", "generate", "--kind", "static", "--requests", "3000",
                                                     "--seed", "2", "--out", "t.csv", "--json"], home: home)
            #expect(generated.status == 0, "\(generated.standardError)")
            #expect(try Self.json(generated.standardOutput)["requests"] as? Int == 3000)
            let result = try CommandLineTool.run(["cache", "simulate", "t.csv", "--policy", "lru,belady,lru+second-hit",
                                                  "--capacity", "10%", "--bandwidth", "10Gbit/s", "--json"], home: home)
            #expect(result.status == 0, "\(result.standardError)")
            let report = try Self.json(result.standardOutput)
            let policies = try #require(report["policies"] as? [[String: Any]])
            #expect(policies.map { $0["policy"] as? String } == ["lru", "belady", "lru+second-hit"])
            for policy in policies {
                for key in ["requests", "hit_ratio", "byte_hit_ratio", "throughput", "throughput_hit_per_write", "cost",
                            "read_on_hit", "bandwidth", "cpu_efficiency"] {
                    #expect(policy[key] != nil, "\(key) missing")
                }
                #expect(policy["requests"] as? Int == 3000)
            }
            let lru = try #require(policies[0]["hit_ratio"] as? Double)
            let belady = try #require(policies[1]["hit_ratio"] as? Double)
            #expect(belady > lru)
            let runs = try CommandLineTool.run(["runs", "list", "--json"], home: home)
            #expect(runs.standardOutput.contains("cache-simulate"))
            // One policy: its metrics are also at the top level.
            let single = try CommandLineTool.run(["cache", "simulate", "t.csv", "--capacity", "1TB", "--json"], home: home)
            let top = try Self.json(single.standardOutput)
            #expect(top["hit_ratio"] as? Double != nil && top["cost"] as? Double != nil)
            #expect(top["bandwidth"] == nil)
        }
    }

    @Test func badRowsAreWarnedWithLineNumbersAndAnEmptyTraceIsRefused() throws {
        try CommandLineTool.withHome { home in
            _ = try Self.write("time,file,size\n0,1,10\nx,2,10\n2,1,10\n", to: "bad.csv", in: home)
            let result = try CommandLineTool.run(["cache", "simulate", "bad.csv", "--capacity", "100B"], home: home)
            #expect(result.status == 0)
            #expect(result.standardError.contains("line 3: time 'x' is not a number of seconds"))
            _ = try Self.write("time,file,size\nx,1,1\n", to: "none.csv", in: home)
            let refused = try CommandLineTool.run(["cache", "simulate", "none.csv", "--capacity", "100B"], home: home)
            #expect(refused.status == 64)
            #expect(refused.standardError.contains("no valid row"))
            let badUnit = try CommandLineTool.run(["cache", "simulate", "bad.csv", "--capacity", "100B", "--size-unit", "parsec"], home: home)
            #expect(badUnit.status == 64)
            let badPolicy = try CommandLineTool.run(["cache", "simulate", "bad.csv", "--capacity", "100B", "--policy", "arc"], home: home)
            #expect(badPolicy.status == 64)
            #expect(badPolicy.standardError.contains("is not a policy"))
        }
    }

    @Test func adviseTrainsSavesAndTheSavedPolicyReplays() throws {
        try CommandLineTool.withHome { home in
            _ = try CommandLineTool.run(["cache", "generate", "--kind", "drift", "--requests", "4000", "--out", "d.csv"], home: home)
            let advice = try CommandLineTool.run(["cache", "advise", "d.csv", "--capacity", "10%", "--bandwidth", "10Gbit/s",
                                                  "--save", "admission.json", "--json"], home: home)
            #expect(advice.status == 0, "\(advice.standardError)")
            let report = try Self.json(advice.standardOutput)
            #expect(report["training_requests"] as? Int == 2000)
            let policies = try #require(report["policies"] as? [[String: Any]])
            #expect(Set(policies.compactMap { $0["policy"] as? String })
                    == ["lru", "lfu", "lfuda", "fifo", "size-big", "size-small", "dataset-crf", "lru+second-hit", "belady", "learned"])
            #expect(policies.allSatisfy { $0["requests"] as? Int == 2000 })
            // dataset-crf's τ is picked on the training part among the advisor's candidates.
            let timescale = try #require(report["dataset_timescale_seconds"] as? Double)
            #expect([10_800.0, 21_600, 43_200, 86_400, 172_800, 345_600, 691_200, 1_382_400].contains(timescale))
            #expect((report["recommendation"] as? String)?.isEmpty == false)
            let replay = try CommandLineTool.run(["cache", "simulate", "d.csv", "--capacity", "10%",
                                                  "--policy", "learned:admission.json", "--json"], home: home)
            #expect(replay.status == 0, "\(replay.standardError)")
            #expect(try Self.json(replay.standardOutput)["policy"] as? String == "learned")
        }
    }
}
