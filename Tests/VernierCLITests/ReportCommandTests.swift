import Foundation
import Testing
import VernierCore
import VernierStore
import VernierTestSupport

/// `vernier report` and `vernier paramap --svg`, end to end through the built tool; the pages are loaded in
/// headless Chromium.
@Suite(.serialized)
struct ReportCommandTests {
    static func vernier(_ arguments: [String], home: String) throws -> CommandLineTool.Result {
        try CommandLineTool.run(arguments, home: home)
    }

    static func decode(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func aTuningRunsReportHasThePlantsPictureAndRendersInChromium() throws {
        try CommandLineTool.withHome { home in
            let store = home + "/runs.sqlite"
            let tune = try Self.vernier(["tune", "awake/Steering-v1", "--optimizer", "random", "--budget", "12", "--seed", "3",
                                         "--store", store, "--json"], home: home)
            #expect(tune.status == 0, "\(tune.standardError)")
            let report = try Self.vernier(["report", "latest", "--store", store], home: home)
            #expect(report.status == 0, "\(report.standardError)")
            let path = home + "/report-r1.html"
            #expect(report.standardOutput.contains("report of run r1") && report.standardOutput.contains(path))
            let html = try String(contentsOfFile: path, encoding: .utf8)
            for title in ["Objective per evaluation", "BPM readings along the line", "MCAWA.430029", "Settings: initial, best and final"] {
                #expect(html.contains(title), "\(title) missing")
            }
            let page = try HeadlessChromium.load(path)
            #expect(page.consoleMessages.isEmpty, "\(page.consoleMessages)")
            #expect(page.screenshot.luminanceVariance > 100)
            #expect(page.dom.contains(">Objective per evaluation</text>") && page.dom.contains(">BPM readings along the line</text>"))
        }
    }

    @Test func markdownAndJSONCarryTheNumbersAndEveryPoint() throws {
        try CommandLineTool.withHome { home in
            let store = home + "/runs.sqlite"
            #expect(try Self.vernier(["runs", "record-synthetic", "--count", "25", "--store", store], home: home).status == 0)
            let markdown = try Self.vernier(["report", "r1", "--store", store, "--format", "md", "--out", home + "/r1.md"], home: home)
            #expect(markdown.status == 0, "\(markdown.standardError)")
            let text = try String(contentsOfFile: home + "/r1.md", encoding: .utf8)
            #expect(text.contains("# Run r1 — run of synthetic with record-synthetic"))
            #expect(text.contains("Plots: [r1.html](r1.html)"))
            #expect(text.contains("- **evaluations**: 25"))
            #expect(FileManager.default.fileExists(atPath: home + "/r1.html"))

            // --json prints every point (no file); evaluation i has objective i/2 − 1 (record-synthetic's formula).
            let json = try Self.vernier(["report", "r1", "--store", store, "--json"], home: home)
            #expect(json.status == 0)
            let object = try Self.decode(json.standardOutput)
            let plots = try #require(object["plots"] as? [[String: Any]])
            let objective = try #require(plots.first { $0["title"] as? String == "Objective per evaluation" })
            let series = try #require(objective["series"] as? [[String: Any]])
            let feasible = try #require(series.first { $0["name"] as? String == "feasible" })
            let infeasible = try #require(series.first { $0["name"] as? String == "infeasible" })
            #expect((feasible["y"] as? [Double]) == stride(from: 0, to: 25, by: 2).map { Double($0) / 2 - 1 })
            #expect((infeasible["x"] as? [Double]) == stride(from: 1, to: 25, by: 2).map(Double.init))
            #expect(!FileManager.default.fileExists(atPath: home + "/report-r1.html"))

            let file = try Self.vernier(["report", "r1", "--store", store, "--format", "json"], home: home)
            #expect(file.status == 0)
            #expect(try Self.decode(String(contentsOfFile: home + "/report-r1.json", encoding: .utf8))["title"] as? String
                    == "Run r1 — run of synthetic with record-synthetic")
        }
    }

    @Test func comparisonsPutTheBestSoFarCurvesOnOnePlot() throws {
        try CommandLineTool.withHome { home in
            let store = home + "/runs.sqlite"
            for count in [10, 30] {
                #expect(try Self.vernier(["runs", "record-synthetic", "--count", "\(count)", "--store", store], home: home).status == 0)
            }
            let result = try Self.vernier(["report", "--compare", "r1", "r2", "--store", store, "--json"], home: home)
            #expect(result.status == 0, "\(result.standardError)")
            let plots = try #require(try Self.decode(result.standardOutput)["plots"] as? [[String: Any]])
            #expect(plots.count == 1 && plots[0]["title"] as? String == "Best-so-far objective")
            let series = try #require(plots[0]["series"] as? [[String: Any]])
            #expect(series.map { $0["name"] as? String } == ["r1 record-synthetic", "r2 record-synthetic"])
            // Evaluation 0 is the best of every synthetic run (objective −1), so each curve stays at −1.
            #expect((series[1]["y"] as? [Double]) == Array(repeating: -1, count: 30))
            let html = try Self.vernier(["report", "--compare", "r1", "r2", "--store", store], home: home)
            #expect(html.standardOutput.contains("compare-r1-r2.html"))
        }
    }

    @Test(arguments: [
        (["report"], "name the run to report"),
        (["report", "r1", "r2"], "use --compare"),
        (["report", "--compare", "r1"], "two or more runs"),
        (["report", "x7"], "x7"),
        (["report", "r9"], "no run r9"),
    ])
    func badInputIsRefusedWithExit64(arguments: [String], message: String) throws {
        try CommandLineTool.withHome { home in
            let store = home + "/runs.sqlite"
            #expect(try Self.vernier(["runs", "record-synthetic", "--count", "1", "--store", store], home: home).status == 0)
            let result = try Self.vernier(arguments + ["--store", store], home: home)
            #expect(result.status == 64)
            #expect(result.standardError.contains(message), "\(result.standardError)")
        }
    }

    @Test func trainingAndEvaluationRunsHaveTheirOwnReports() throws {
        try CommandLineTool.withHome { home in
            let store = home + "/runs.sqlite"
            let config = home + "/tiny.yaml"
            try "n_envs: 2\nn_steps: 64\nbatch_size: 32\nn_epochs: 2\nnet_arch: [16, 16]\n".write(toFile: config, atomically: true, encoding: .utf8)
            let train = try Self.vernier(["train", "classic/Pendulum-v1", "--config", config, "--steps", "1024", "--out",
                                          home + "/p.json", "--store", store], home: home)
            #expect(train.status == 0, "\(train.standardError)")
            let evaluate = try Self.vernier(["evaluate", home + "/p.json", "--episodes", "3", "--store", store], home: home)
            #expect(evaluate.status == 0, "\(evaluate.standardError)")

            let training = try Self.decode(try Self.vernier(["report", "r1", "--store", store, "--json"], home: home).standardOutput)
            let titles = (training["plots"] as? [[String: Any]] ?? []).compactMap { $0["title"] as? String }
            #expect(Array(titles.prefix(2)) == ["Episode return", "Episode length"])
            #expect(titles.contains("Policy loss") && titles.contains("Explained variance") && titles.contains("Steps per second"))
            // 1024 steps in updates of 2 × 64: eight progress records.
            let loss = try #require((training["plots"] as? [[String: Any]])?.first { $0["title"] as? String == "Policy loss" })
            let steps = (loss["series"] as? [[String: Any]])?.first?["x"] as? [Double]
            #expect(steps == (1...8).map { Double($0 * 128) })

            let evaluation = try Self.decode(try Self.vernier(["report", "r2", "--store", store, "--json"], home: home).standardOutput)
            #expect(((evaluation["plots"] as? [[String: Any]]) ?? []).first?["title"] as? String == "Return per episode")
            #expect(try Self.vernier(["report", "r2", "--store", store], home: home).status == 0)
            let page = try HeadlessChromium.load(home + "/report-r2.html")
            #expect(page.consoleMessages.isEmpty)
            #expect(page.dom.contains(">Return per episode</text>"))
        }
    }

    @Test func paramapDrawsTheHeatmapWithItsContour() throws {
        try CommandLineTool.withHome { home in
            let svg = home + "/map.svg"
            let result = try Self.vernier(["paramap", "jpa/Tuning-v1", "--svg", svg, "--context", "2.25", "--ideal",
                                           "--bias-points", "41", "--power-points", "31", "--mark", "110,-20"], home: home)
            #expect(result.status == 0, "\(result.standardError)")
            let text = try String(contentsOfFile: svg, encoding: .utf8)
            #expect(text.hasPrefix("<?xml") && text.contains("<svg"))
            #expect(text.contains("class=\"contour\""))
            #expect(text.contains("20 dB contour") && text.contains("least-pump 20 dB point (model)") && text.contains("operating point"))
            let refused = try Self.vernier(["paramap", "jpa/Tuning-v1", "--out", home + "/m.csv", "--mark", "1,2"], home: home)
            #expect(refused.status == 64 && refused.standardError.contains("--mark and --mark-run go with --svg"))
            // A run's best point is marked: a synthetic run is refused (not JPA), with exit 64.
            let store = home + "/runs.sqlite"
            #expect(try Self.vernier(["runs", "record-synthetic", "--count", "2", "--store", store], home: home).status == 0)
            let notJPA = try Self.vernier(["paramap", "jpa/Tuning-v1", "--svg", svg, "--mark-run", "r1", "--store", store], home: home)
            #expect(notJPA.status == 64 && notJPA.standardError.contains("not a JPA tuning run"))
            let neither = try Self.vernier(["paramap", "jpa/Tuning-v1"], home: home)
            #expect(neither.status == 64 && neither.standardError.contains("--out FILE.csv, --svg FILE.svg"))
        }
    }
}

extension ReportCommandTests {
    @Test func theJSONMatchesItsSchemaForEveryKindOfRun() throws {
        try CommandLineTool.withHome { home in
            let store = home + "/runs.sqlite"
            #expect(try Self.vernier(["tune", "awake/Steering-v1", "--optimizer", "random", "--budget", "3", "--store", store, "--json"],
                                     home: home).status == 0)
            #expect(try Self.vernier(["runs", "record-synthetic", "--count", "5", "--store", store], home: home).status == 0)
            let validator = try JSONSchemaValidator(
                file: ServedDevice.packageRoot.appendingPathComponent("docs/json/report.schema.json"))
            for arguments in [["r1"], ["r2"], ["--compare", "r1", "r2"]] {
                let result = try Self.vernier(["report"] + arguments + ["--store", store, "--json"], home: home)
                #expect(result.status == 0)
                let problems = validator.problems(in: try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)))
                #expect(problems.isEmpty, "report \(arguments): \(problems.prefix(5))")
            }
        }
    }
}

extension ReportCommandTests {
    @Test func paramapMarksTheBestPointOfAJPARun() throws {
        try CommandLineTool.withHome { home in
            let store = home + "/runs.sqlite"
            do {
                let runs = try RunStore(path: store)
                let run = try runs.createRun(NewRun(kind: .tune, plant: "jpa/Tuning-v1", algorithm: "bo",
                                                    configurationJSON: "{}", seed: 1))
                let summary = RunSummary(bestObjective: -20, bestParameters: [110, -20, 0], bestEvaluationIndex: 0)
                try runs.appendEvaluation(to: run.id, parameters: [110, -20, 0], evaluation: Evaluation(objective: -20),
                                          wallTime: 0, isFeasible: true, summary: summary)
                try runs.finishRun(run.id, outcome: .completed)
                try runs.close()
            }
            let svg = home + "/map.svg"
            let result = try Self.vernier(["paramap", "jpa/Tuning-v1", "--svg", svg, "--bias-points", "11", "--power-points", "11",
                                           "--mark-run", "r1", "--store", store], home: home)
            #expect(result.status == 0, "\(result.standardError)")
            let text = try String(contentsOfFile: svg, encoding: .utf8)
            #expect(text.contains(">operating point</text>"))
            #expect(!text.contains("least-pump"))
        }
    }
}

extension ReportCommandTests {
    @Test func trainingOnAPlantThatReportsSuccessGetsASuccessRateCurve() throws {
        try CommandLineTool.withHome { home in
            let store = home + "/runs.sqlite"
            let config = home + "/tiny.yaml"
            try "n_envs: 2\nn_steps: 64\nbatch_size: 32\nn_epochs: 1\nnet_arch: [16, 16]\n".write(toFile: config, atomically: true, encoding: .utf8)
            let train = try Self.vernier(["train", "awake/Steering-v1", "--config", config, "--steps", "512", "--out",
                                          home + "/a.json", "--store", store], home: home)
            #expect(train.status == 0, "\(train.standardError)")
            let episodes = try RunStore(path: store).episodes(of: RunID(number: 1))
            #expect(!episodes.isEmpty && episodes.allSatisfy { $0.result.success != nil })
            let report = try Self.decode(try Self.vernier(["report", "r1", "--store", store, "--json"], home: home).standardOutput)
            let plots = try #require(report["plots"] as? [[String: Any]])
            let success = try #require(plots.first { $0["title"] as? String == "Success rate" })
            let raw = (success["series"] as? [[String: Any]])?.first?["y"] as? [Double]
            #expect(raw == episodes.map { $0.result.success == true ? 1.0 : 0.0 })
        }
    }
}
