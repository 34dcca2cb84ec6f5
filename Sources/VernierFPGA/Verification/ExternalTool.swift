import Foundation

/// An open-source hardware tool run as a child process (Verilator, Icarus Verilog, Yosys, nextpnr), found on
/// `PATH`.
public struct ExternalTool: Sendable, Hashable {
    /// The executable's name.
    public var name: String
    /// Its path, when installed.
    public var path: String?

    /// Looks `name` up on `PATH` (or takes it as is when it is a path).
    public init(_ name: String) {
        self.name = name
        if name.hasPrefix("/") {
            path = FileManager.default.isExecutableFile(atPath: name) ? name : nil
            return
        }
        let directories = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        path = directories.map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Whether the tool is installed.
    public var isInstalled: Bool { path != nil }

    /// What running a tool gave.
    public struct Output: Sendable {
        /// Exit status.
        public var status: Int32
        /// Standard output and standard error, interleaved.
        public var text: String
    }

    /// Runs the tool with `arguments` in `directory`, waiting at most `timeout` seconds (then it is terminated).
    ///
    /// - Throws: ``VerificationError`` when the tool is missing, cannot start, times out or fails.
    public func run(_ arguments: [String], in directory: URL, timeout: TimeInterval = 600) throws -> Output {
        guard let path else { throw VerificationError.toolMissing(name) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.currentDirectoryURL = directory
        let logURL = directory.appendingPathComponent(".\((name as NSString).lastPathComponent)-\(UUID().uuidString).log")
        FileManager.default.createFile(atPath: logURL.path, contents: nil)
        let log = try FileHandle(forWritingTo: logURL)
        defer {
            try? log.close()
            try? FileManager.default.removeItem(at: logURL)
        }
        process.standardOutput = log
        process.standardError = log
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw VerificationError.toolFailed(tool: name, status: -1, log: "\(error)")
        }
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning {
            if Date() > deadline {
                process.terminate()
                process.waitUntilExit()
                throw VerificationError.timedOut(tool: name, seconds: timeout)
            }
            Thread.sleep(forTimeInterval: 0.02)
        }
        let text = (try? String(contentsOf: logURL, encoding: .utf8)) ?? ""
        let output = Output(status: process.terminationStatus, text: text)
        guard output.status == 0 else {
            throw VerificationError.toolFailed(tool: name, status: output.status, log: String(text.suffix(4000)))
        }
        return output
    }
}
