import Foundation
import Testing
import VernierTestSupport

/// `--threads N` on `train` and `cache simulate`: the same results as one thread, and a clear refusal of N < 1.
@Suite struct ThreadsOptionTests {
    /// Pendulum, 3 copies (`--envs 3`), 512 steps with the tiny configuration: the policy files written with
    /// `--threads 1` and `--threads 2` are the same bytes, and a resumed run accepts `--threads`.
    @Test func trainingWritesTheSamePolicyOnOneAndTwoThreads() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        var policies: [Data] = []
        for threads in ["1", "2"] {
            let policy = scratch.path("pendulum-\(threads).json")
            let train = try Tool.run(["train", "classic/Pendulum-v1", "--config", scratch.config, "--envs", "3",
                                      "--steps", "512", "--seed", "5", "--threads", threads, "--out", policy, "--json"],
                                     store: scratch.store)
            #expect(train.status == 0, "\(train.standardError)")
            policies.append(try Data(contentsOf: URL(fileURLWithPath: policy)))
        }
        #expect(policies.count == 2 && !policies[0].isEmpty)
        #expect(policies.first == policies.last, "the policies differ between 1 and 2 threads")
    }

    /// A synthetic trace through four policies on 1 and 3 threads: the same figures for every policy.
    @Test func cacheSimulateGivesTheSameFiguresOnSeveralThreads() throws {
        try CommandLineTool.withHome { home in
            let generated = try CommandLineTool.run(["cache", "generate", "--kind", "drift", "--requests", "5000",
                                                     "--seed", "3", "--out", "t.csv"], home: home)
            #expect(generated.status == 0, "\(generated.standardError)")
            var reports: [[NSDictionary]] = []
            for threads in ["1", "3"] {
                let result = try CommandLineTool.run(["cache", "simulate", "t.csv", "--policy", "lru,lfu,fifo,belady",
                                                      "--capacity", "10%", "--daily", "--threads", threads, "--json"], home: home)
                #expect(result.status == 0, "\(result.standardError)")
                let report = try CacheCommandTests.json(result.standardOutput)
                #expect(report["threads"] as? Int == Int(threads))
                reports.append(try #require(report["policies"] as? [NSDictionary]))
            }
            #expect(reports.count == 2 && reports[0].count == 4)
            #expect(reports.first == reports.last, "the figures differ between 1 and 3 threads")
        }
    }

    @Test(arguments: [["train", "classic/Pendulum-v1", "--out", "p.json"], ["cache", "simulate", "t.csv", "--capacity", "1TB"]])
    func zeroThreadsAreRefused(command: [String]) throws {
        try CommandLineTool.withHome { home in
            _ = try CacheCommandTests.write("time,file,size\n0,1,10\n", to: "t.csv", in: home)
            let result = try CommandLineTool.run(command + ["--threads", "0"], home: home)
            #expect(result.status == 64)
            #expect(result.standardError.contains("--threads must be at least 1, got 0"), "\(result.standardError)")
        }
    }
}
