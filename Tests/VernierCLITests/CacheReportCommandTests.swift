import Foundation
import GRDB
import Testing
import VernierStore
import VernierTestSupport

/// `vernier report` on `vernier cache simulate` and `cache advise` runs, end to end through the built tool; the
/// page is loaded in headless Chromium.
@Suite(.serialized)
struct CacheReportCommandTests {
    static func vernier(_ arguments: [String], home: String) throws -> CommandLineTool.Result {
        try CommandLineTool.run(arguments, home: home)
    }

    static func decode(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    static func plots(_ report: [String: Any]) -> [[String: Any]] { report["plots"] as? [[String: Any]] ?? [] }

    /// Whether `got` holds `want`'s values to within 4 ulp each (the tool prints each double's shortest exact
    /// text, but Foundation's `JSONSerialization` on Linux does not always read it back to the nearest double).
    static func same(_ got: [Double]?, _ want: [Double]) -> Bool {
        guard let got, got.count == want.count else { return false }
        return zip(got, want).allSatisfy { abs($0 - $1) <= 4 * max($1.ulp, Double.leastNormalMagnitude) }
    }

    static func same(_ got: Any?, _ want: Double?) -> Bool {
        guard let want, let got = got as? Double else { return false }
        return same([got], [want])
    }

    @Test func anAdvisorsReportHasTheTableTheRecommendationBarsAndDailyCurves() throws {
        try CommandLineTool.withHome { home in
            let store = home + "/runs.sqlite"
            #expect(try Self.vernier(["cache", "generate", "--kind", "drift", "--requests", "4000", "--seed", "1", "--out", "d.csv"],
                                     home: home).status == 0)
            let advice = try Self.vernier(["cache", "advise", "d.csv", "--capacity", "10%", "--bandwidth", "10Gbit/s",
                                           "--store", store, "--json"], home: home)
            #expect(advice.status == 0, "\(advice.standardError)")
            let advised = try Self.decode(advice.standardOutput)
            let recommended = try #require(advised["recommended"] as? String)
            let sentence = try #require(advised["recommendation"] as? String)
            // The advisor's JSON is as before: no daily series unless asked.
            #expect((advised["policies"] as? [[String: Any]])?.allSatisfy { $0["daily"] == nil } == true)

            // What the store holds is what the advisor printed, with every day of every policy.
            let study = try #require(try RunStore(path: store).cacheStudy(of: RunID(number: 1)))
            #expect(study.policies.map(\.policy) == ["lru", "lfu", "lfuda", "fifo", "size-big", "size-small", "dataset-crf", "lru+second-hit",
                                                     "belady", "learned"])
            #expect(study.recommended == recommended && study.recommendation == sentence)
            let printed = try #require(advised["policies"] as? [[String: Any]])
            for (stored, shown) in zip(study.policies, printed) {
                #expect(Self.same(shown["cost"], stored.metrics["cost"]) && Self.same(shown["read_on_hit"], stored.metrics["read_on_hit"]))
                #expect(stored.metrics["requests"] == 2000)
                #expect(Double(stored.days.count) == stored.metrics["days"])
                #expect(stored.days.allSatisfy { ($0.statistics["occupancy"] ?? -1) >= 0 && ($0.statistics["occupancy"] ?? 2) <= 1 })
            }

            let report = try Self.vernier(["report", "r1", "--store", store], home: home)
            #expect(report.status == 0, "\(report.standardError)")
            let path = home + "/report-r1.html"
            let html = try String(contentsOfFile: path, encoding: .utf8)
            #expect(html.contains("Recommendation: \(recommended) — "))
            #expect(html.contains("\(recommended) (recommended)") && html.contains("belady (offline bound)"))
            let page = try HeadlessChromium.load(path)
            #expect(page.consoleMessages.isEmpty, "\(page.consoleMessages)")
            #expect(page.screenshot.luminanceVariance > 100)
            #expect(page.screenshot.distinctColours() > 20)
            for title in ["cost (W+D)/C (%) (lower is better)", "read-on-hit H/(H+M) (%) (higher is better)",
                          "throughput H/W (higher is better)", "throughput (H−W)/C (%) (higher is better)",
                          "bandwidth M/B (%) (lower is better)", "Daily hit ratio", "Daily byte hit ratio", "Cache occupancy"] {
                #expect(page.dom.contains(">\(title)</text>"), "plot title '\(title)' missing")
            }

            // --json keeps every point: the daily hit ratio of each policy is the stored series, one line each.
            let json = try Self.decode(try Self.vernier(["report", "r1", "--store", store, "--json"], home: home).standardOutput)
            let daily = try #require(Self.plots(json).first { $0["title"] as? String == "Daily hit ratio" })
            let lines = try #require(daily["series"] as? [[String: Any]])
            #expect(lines.map { $0["name"] as? String } == study.policies.map(\.policy))
            for (line, policy) in zip(lines, study.policies) {
                #expect(line["x"] as? [Double] == policy.days.map { Double($0.day) })
                #expect(Self.same(line["y"] as? [Double], policy.days.map { $0.statistics["hit_ratio"] ?? .nan }))
            }
            let validator = try JSONSchemaValidator(
                file: ServedDevice.packageRoot.appendingPathComponent("docs/json/report.schema.json"))
            #expect(validator.problems(in: json).isEmpty)

            let markdown = try Self.vernier(["report", "r1", "--store", store, "--format", "md"], home: home)
            #expect(markdown.status == 0)
            let text = try String(contentsOfFile: home + "/report-r1.md", encoding: .utf8)
            #expect(text.contains("Recommendation: \(recommended) — "))
            #expect(text.contains("| policy | throughput H/W | throughput (H−W)/C (%) | cost (W+D)/C (%) |"))
            #expect(text.contains("- figure: Daily hit ratio") && text.contains("- figure: Cache occupancy"))
        }
    }

    @Test func cacheRunsCompareWithEachOtherButNotWithTuningRuns() throws {
        try CommandLineTool.withHome { home in
            let store = home + "/runs.sqlite"
            #expect(try Self.vernier(["cache", "generate", "--kind", "static", "--requests", "3000", "--seed", "2", "--out", "s.csv"],
                                     home: home).status == 0)
            for capacity in ["5%", "20%"] {
                let simulated = try Self.vernier(["cache", "simulate", "s.csv", "--policy", "lru,fifo", "--capacity", capacity,
                                                  "--store", store, "--json"], home: home)
                #expect(simulated.status == 0, "\(simulated.standardError)")
                #expect((try Self.decode(simulated.standardOutput)["policies"] as? [[String: Any]])?.allSatisfy { $0["daily"] == nil } == true)
            }
            #expect(try Self.vernier(["runs", "record-synthetic", "--count", "3", "--store", store], home: home).status == 0)

            let compared = try Self.vernier(["report", "--compare", "r1", "r2", "--store", store, "--json"], home: home)
            #expect(compared.status == 0, "\(compared.standardError)")
            let report = try Self.decode(compared.standardOutput)
            let table = try #require((report["tables"] as? [[String: Any]])?.first)
            #expect((table["rows"] as? [[String]])?.map { $0[0].replacingOccurrences(of: " (best)", with: "") }
                    == ["r1 lru", "r1 fifo", "r2 lru", "r2 fifo"])
            // The larger cache (r2, 20 %) hits more: its LRU is the best hit ratio.
            let hit = try #require(Self.plots(report).first { $0["title"] as? String == "hit ratio (%) (higher is better)" })
            let bars = try #require((hit["series"] as? [[String: Any]])?.first?["y"] as? [Double])
            #expect(bars.count == 4 && bars[2] > bars[0])
            #expect(try #require(Self.plots(report).first { $0["title"] as? String == "Cache occupancy" })["series"]
                    .map { ($0 as? [[String: Any]])?.count } == 4)

            let mixed = try Self.vernier(["report", "--compare", "r1", "r3", "--store", store], home: home)
            #expect(mixed.status == 64)
            #expect(mixed.standardError.contains("r1 (cache-simulate) is a cache study"), "\(mixed.standardError)")
            #expect(mixed.standardError.contains("r3 (run) is not") && mixed.standardError.contains("report each run on its own"))
        }
    }

    @Test func aCacheRunWithoutAStudySaysSo() throws {
        try CommandLineTool.withHome { home in
            let store = home + "/runs.sqlite"
            // A run as stores before v4 (or a failed run) hold it: figures in the summary, no study.
            do {
                let runs = try RunStore(path: store)
                let run = try runs.createRun(NewRun(kind: RunKind(rawValue: "cache-simulate"), plant: "grid/Cache-v1",
                                                    algorithm: "lru", configurationJSON: "{}", seed: nil))
                try runs.finishRun(run.id, outcome: .completed, summary: RunSummary(metrics: ["hit_ratio": 0.25, "cost": 80]))
                try runs.close()
            }
            let result = try Self.vernier(["report", "r1", "--store", store, "--json"], home: home)
            #expect(result.status == 0, "\(result.standardError)")
            let report = try Self.decode(result.standardOutput)
            #expect(Self.plots(report).isEmpty)
            let html = try Self.vernier(["report", "r1", "--store", store], home: home)
            #expect(html.status == 0)
            let text = try String(contentsOfFile: home + "/report-r1.html", encoding: .utf8)
            #expect(text.contains("recorded no per-policy results") && text.contains("cost 80, hit ratio 0.25"))
        }
    }
}
