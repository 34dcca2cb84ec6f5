import Foundation
import Testing
import VernierTestSupport
@testable import VernierReport

/// Every report kind, loaded in headless Chromium: no console messages, a screenshot that is not blank, and
/// every plot's title in the rendered page.
@Suite(.serialized)
struct BrowserReportTests {
    static func withPage<T>(_ html: String, _ body: (String) throws -> T) throws -> T {
        let path = (NSTemporaryDirectory() as NSString).appendingPathComponent("vernier-report-\(UUID().uuidString).html")
        try html.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try body(path)
    }

    @Test(arguments: Fixtures.documents.map(\.name))
    func everyReportKindRendersInChromium(kind: String) throws {
        let document = try #require(Fixtures.documents.first { $0.name == kind }).document
        try Self.withPage(HTMLReport.render(document)) { path in
            let page = try HeadlessChromium.load(path)
            #expect(page.consoleMessages.isEmpty, "console: \(page.consoleMessages)")
            #expect(page.screenshot.width == 1100 && page.screenshot.height == 1400)
            // Plots in several colours on white: far from a blank (single-colour) page.
            #expect(page.screenshot.luminanceVariance > 100, "variance \(page.screenshot.luminanceVariance)")
            #expect(page.screenshot.distinctColours() > 20)
            #expect(page.dom.contains("<h1>\(SVGText.escape(document.title))</h1>"))
            for plot in document.plots {
                #expect(page.dom.contains(">\(SVGText.escape(plot.title))</text>"), "plot title '\(plot.title)' missing")
            }
        }
    }

    @Test func aConsoleErrorAndABlankPageAreCaught() throws {
        // The checks above must be able to fail: a script's console error is reported, a blank page has no variance.
        try Self.withPage("<!DOCTYPE html><html><body><script>console.error('boom')</script></body></html>") { path in
            let page = try HeadlessChromium.load(path, width: 400, height: 300)
            #expect(page.consoleMessages.contains { $0.contains("boom") })
            #expect(page.screenshot.luminanceVariance < 1)
            #expect(page.screenshot.distinctColours() == 1)
        }
    }
}
