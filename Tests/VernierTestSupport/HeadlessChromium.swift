import Foundation

/// Debian's `chromium` in headless mode, as the report tests use it: load a page, take a screenshot, dump the
/// DOM, collect console messages. Each run is bounded in time.
public enum HeadlessChromium {
    /// What one load of a page gave.
    public struct PageLoad {
        /// The DOM after loading, as HTML.
        public var dom: String
        /// The screenshot.
        public var screenshot: PNGImage
        /// The page's console messages (Chromium logs them as `CONSOLE` lines); a page without scripts has none,
        /// so any message here is an error (a failed load, a blocked resource).
        public var consoleMessages: [String]
    }

    /// The browser's path, or `nil` when it is not installed (`make test` installs Debian's `chromium`).
    public static var executable: String? {
        ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Loads the HTML file at `path`, dumps its DOM and takes a `width` × `height` screenshot.
    public static func load(_ path: String, width: Int = 1100, height: Int = 1400, timeout: Double = 90) throws -> PageLoad {
        guard let executable else {
            throw CommandLineTool.HarnessError("chromium is not installed: `apt-get install chromium` (make test does it)")
        }
        let work = (NSTemporaryDirectory() as NSString).appendingPathComponent("vernier-chromium-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: work) }
        let common = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                      "--disable-extensions", "--hide-scrollbars", "--user-data-dir=\(work)/profile",
                      "--enable-logging=stderr", "--v=0", "--window-size=\(width),\(height)"]
        let url = URL(fileURLWithPath: path).absoluteString
        // One load gives both: the DOM on standard output, the screenshot in a file.
        let screenshotPath = work + "/shot.png"
        let load = try run(executable, common + ["--dump-dom", "--screenshot=\(screenshotPath)", url], in: work, timeout: timeout)
        guard let data = FileManager.default.contents(atPath: screenshotPath) else {
            throw CommandLineTool.HarnessError("chromium wrote no screenshot (status \(load.status)): \(load.standardError.suffix(2000))")
        }
        let console = load.standardError.split(separator: "\n").filter { $0.contains("CONSOLE") }.map(String.init)
        return PageLoad(dom: load.standardOutput, screenshot: try PNGImage(data: data), consoleMessages: console)
    }
    static func run(_ executable: String, _ arguments: [String], in directory: String, timeout: Double) throws -> CommandLineTool.Result {
        let outputPath = directory + "/stdout-\(UUID().uuidString)"
        let errorPath = directory + "/stderr-\(UUID().uuidString)"
        _ = FileManager.default.createFile(atPath: outputPath, contents: nil)
        _ = FileManager.default.createFile(atPath: errorPath, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["HOME"] = directory
        process.environment = environment
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: outputPath))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: errorPath))
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
            throw CommandLineTool.HarnessError("chromium did not finish within \(Int(timeout)) s")
        }
        return CommandLineTool.Result(status: process.terminationStatus,
                                      standardOutput: (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? "",
                                      standardError: (try? String(contentsOfFile: errorPath, encoding: .utf8)) ?? "")
    }
}
