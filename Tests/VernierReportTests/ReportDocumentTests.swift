import Foundation
import Testing
@testable import VernierReport

/// What each report contains, checked against the fixture runs' known numbers.
struct ReportDocumentTests {
    @Test func bestSoFarIsTheRunningMinimumOfFeasibleObjectives() {
        let values = BestSoFar.values(objectives: [3, 1, 0.5, .nan, 2, 0.25], feasible: [false, true, false, true, true, true])
        #expect(values[0].isNaN)
        #expect(Array(values[1...]) == [1, 1, 1, 1, 0.25])
    }

    @Test func aTuningReportShowsEverythingAnOperatorLooksFor() throws {
        let run = Fixtures.tuning
        let document = TuningReport.document(run)
        #expect(document.plots.map(\.title) == ["Objective per evaluation", "Constraint: half x0", "x0", "x1", "BPM readings along the line"])
        let best = try #require(run.bestIndex)
        #expect(run.evaluations[best].isFeasible)
        #expect(run.evaluations.filter(\.isFeasible).allSatisfy { $0.objective >= run.evaluations[best].objective })
        #expect(document.facts.contains(ReportFact("stop reason", "reached the budget of 30 evaluations")))
        // Infeasible points are their own layer, drawn with crosses.
        guard case .scatter(let infeasible) = document.plots[0].layers[1] else { Issue.record("no infeasible layer"); return }
        #expect(infeasible.x.count == run.evaluations.filter { !$0.isFeasible }.count)
        #expect(infeasible.marker == .cross)
        // Parameters are normalised into their bounds.
        guard case .line(let x0) = document.plots[2].layers[0] else { Issue.record("no parameter line"); return }
        #expect(x0.y.count == 30)
        #expect(abs(x0.y[0] - (run.evaluations[0].parameters[0] + 1) / 2) < 1e-15)
        let table = document.sections.flatMap(\.blocks).compactMap { block -> ReportTable? in
            if case .table(let table) = block { return table } else { return nil }
        }
        #expect(table.first?.header == ["parameter", "lower", "upper", "initial", "best", "final"])
        #expect(table.first?.rows.first?[3] == "1.2")
    }

    @Test func aTrainingReportPlotsEveryRecordedStatisticInSB3Order() {
        let document = TrainingReport.document(Fixtures.training)
        #expect(document.plots.map(\.title) == [
            "Episode return", "Success rate", "Episode length", "Policy loss", "Value loss", "Entropy", "Approximate KL",
            "Clip fraction", "Explained variance", "Steps per second",
        ])
    }

    @Test func anEvaluationReportHasBothHistograms() throws {
        let document = EvaluationReport.document(Fixtures.evaluation)
        #expect(document.plots.map(\.title) == ["Return per episode", "Steps to success"])
        guard case .histogram(let steps) = document.plots[1].layers[0] else { Issue.record("no histogram"); return }
        #expect(steps.histogram.counts.reduce(0, +) == 80)
        #expect(document.facts.contains(ReportFact("success rate", "80 %")))
    }

    @Test func aCacheStudyMarksTheBestRealisablePolicyPerMetricAndTheRecommendation() throws {
        let study = Fixtures.cacheStudy
        let document = CacheStudyReport.document(study)
        let blocks = try #require(document.sections.first?.blocks)
        guard case .note(let recommendation) = blocks[0] else { Issue.record("no recommendation first"); return }
        #expect(recommendation == "Recommendation: learned — learned admission cuts cost by 55 % for 6.4 points of read-on-hit (versus LRU).")
        let table = try #require(blocks.compactMap { block -> ReportTable? in
            if case .table(let table) = block { return table } else { return nil }
        }.first)
        #expect(table.rows.map { $0[0] } == ["lru", "lfu", "belady (offline bound)", "learned (recommended)"])
        // Belady beats every policy on every metric but is never marked: it needs the future.
        #expect(table.rows[2].allSatisfy { !$0.contains("(best)") })
        #expect(table.rows[3][1] == "0.7943 (best)" && table.rows[3][3] == "50.68 (best)")
        #expect(table.rows[1][4] == "33.29 (best)" && table.rows[1][5] == "51 (best)")
        #expect(table.rows[3][6] == "nan" && table.rows[1][6] == "60.92 (best)")
        // One bar chart per metric, then the three daily curves with one line per policy at the recorded days.
        #expect(document.plots.count == study.metrics.count + 3)
        #expect(document.plots.map(\.title).suffix(3) == ["Daily hit ratio", "Daily byte hit ratio", "Cache occupancy"])
        let hitRatio = try #require(document.plots.first { $0.title == "Daily hit ratio" })
        #expect(hitRatio.layers.map(\.name) == ["lru", "lfu", "belady", "learned"])
        guard case .line(let learned) = hitRatio.layers[3] else { Issue.record("no line"); return }
        #expect(learned.x == [0, 1, 2, 3, 4, 6, 7, 8, 9, 10, 11, 12, 13])
        #expect(learned.y[5] == 0.3 + 0.05 * 3 + 0.01 * 1)
    }

    @Test func aCacheStudyWithoutResultsSaysSoInsteadOfDrawingEmptyPlots() {
        let study = CacheStudySummary(title: "Run r2 — cache-simulate", policies: [], metrics: [], daily: [],
                                      notes: ["This run recorded no per-policy results."])
        let document = CacheStudyReport.document(study)
        #expect(document.plots.isEmpty)
        guard case .note(let note) = document.sections.first?.blocks.first else { Issue.record("no note"); return }
        #expect(note == "This run recorded no per-policy results.")
    }

    @Test func theJSONKeepsEveryPointWhileTheSVGIsThinned() throws {
        let steps = (0..<100_000).map(Double.init)
        let plot = Plot(title: "long", x: Axis("step"), y: Axis("value"),
                        layers: [.line(LineLayer(name: "v", x: steps, y: steps.map { sin($0 / 100) }, colour: Palette.colour(0)))])
        let document = ReportDocument(title: "t", facts: [], sections: [ReportSection(heading: "h", blocks: [.figure(plot)])])
        let data = ReportData(document)
        #expect(data.plots[0].series[0].x?.count == 100_000)
        let svg = PlotRenderer(pointLimit: 1000).svg(plot, id: "p")
        #expect(svg.utf8.count < 40_000)
        #expect(svg.components(separatedBy: "L").count <= 1005)
    }

    @Test func htmlIsSelfContainedAndEscaped() {
        var run = Fixtures.tuning
        run.header.plant = "<script>alert(1)</script>"
        let html = HTMLReport.render(TuningReport.document(run))
        #expect(!html.contains("<script"))
        #expect(html.contains("&lt;script&gt;"))
        for forbidden in ["http://", "https://", "<img", "<link", "@import", "url(http"] {
            #expect(!html.replacingOccurrences(of: "http://www.w3.org/2000/svg", with: "").contains(forbidden), "\(forbidden)")
        }
    }

    @Test func categoryLabelsAreShortenedToTheirSlot() {
        let plot = Plot(title: "bars", x: Axis("", categories: ["a very long policy name indeed", "b"]), y: Axis("v"),
                        layers: [.bars(BarLayer(name: nil, values: [1, 2], colour: "#000000"))], width: 160, height: 120)
        let svg = PlotRenderer().svg(plot, id: "b")
        #expect(!svg.contains("a very long policy name indeed"))
        #expect(svg.contains("…"))
    }
}

extension ReportDocumentTests {
    @Test func aCacheStudyWithoutOccupancyLeavesThatPlotOut() {
        var study = Fixtures.cacheStudy
        study.daily = study.daily.map { .init(policy: $0.policy, hitRatio: $0.hitRatio, occupancy: []) }
        #expect(CacheStudyReport.document(study).plots.map(\.title).last == "Daily hit ratio")
        #expect(!CacheStudyReport.document(study).plots.map(\.title).contains("Daily byte hit ratio"))
        study.daily = []
        #expect(!CacheStudyReport.document(study).plots.map(\.title).contains("Daily hit ratio"))
    }
}

extension ReportDocumentTests {
    @Test func objectivesSpanningDecadesGetALogAxisWithPowerLabels() throws {
        var run = Fixtures.tuning
        run.evaluations = (0..<20).map { i in
            .init(objective: pow(10, 2 - Double(i) / 4), constraints: [0], parameters: [0, 0], isFeasible: true)
        }
        let plot = TuningReport.document(run).plots[0]
        #expect(plot.y.scale == .logarithmic)
        let svg = PlotRenderer().svg(plot, id: "log")
        #expect(svg.contains(">10⁻²</text>") && svg.contains(">100</text>"))
        // A value a log axis cannot show (≤ 0) is left out, not drawn at a made-up place.
        let withZero = Plot(title: "z", x: Axis("x"), y: Axis("y", scale: .logarithmic),
                            layers: [.scatter(ScatterLayer(name: nil, x: [0, 1, 2], y: [1, 0, 10], colour: "#000000"))])
        #expect(PlotRenderer().svg(withZero, id: "z").components(separatedBy: "<circle").count - 1 == 2)
        run.evaluations = (0..<20).map { i in .init(objective: 1 + Double(i), constraints: [0], parameters: [0, 0], isFeasible: true) }
        #expect(TuningReport.document(run).plots[0].y.scale == .linear)
    }
}
