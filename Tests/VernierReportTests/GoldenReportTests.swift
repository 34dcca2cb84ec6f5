import Foundation
import Testing
@testable import VernierReport

/// Golden files pin the exact SVG and HTML of small fixed runs, so any change to the drawing shows in review.
///
/// Regenerate after an intended change with `scripts/update-report-goldens.sh` (it runs this suite with
/// `VERNIER_UPDATE_GOLDEN=1`, which writes the files instead of comparing), then look at the diff.
struct GoldenReportTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")
    static var updating: Bool { ProcessInfo.processInfo.environment["VERNIER_UPDATE_GOLDEN"] == "1" }

    static func check(_ text: String, against name: String) throws {
        let url = folder.appendingPathComponent(name)
        if updating {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        let golden = try String(contentsOf: url, encoding: .utf8)
        #expect(text == golden, "\(name) differs from its golden file; if the change is intended, run scripts/update-report-goldens.sh")
    }

    @Test func theObjectivePlotOfASmallRun() throws {
        let plot = TuningReport.document(Fixtures.tuning).plots[0]
        #expect(plot.title == "Objective per evaluation")
        try Self.check(PlantPictures.svgFile(plot), against: "tuning-objective.svg")
    }

    @Test func theParamapHeatmapWithItsContour() throws {
        try Self.check(PlantPictures.svgFile(Fixtures.paramap), against: "paramap.svg")
    }

    @Test func theWholeTuningReport() throws {
        try Self.check(HTMLReport.render(TuningReport.document(Fixtures.tuning)), against: "tuning-report.html")
    }

    @Test func theMarkdownSummary() throws {
        try Self.check(MarkdownReport.render(TuningReport.document(Fixtures.tuning), htmlLink: "report-r7.html"),
                       against: "tuning-report.md")
    }

    @Test func theDailyHitRatioCurvesOfASmallCacheRun() throws {
        let plot = try #require(CacheStudyReport.document(Fixtures.cacheStudy).plots.first { $0.title == "Daily hit ratio" })
        try Self.check(PlantPictures.svgFile(plot), against: "cache-daily-hit-ratio.svg")
    }

    @Test func theWholeCacheStudyReport() throws {
        try Self.check(HTMLReport.render(CacheStudyReport.document(Fixtures.cacheStudy)), against: "cache-study-report.html")
    }
}
