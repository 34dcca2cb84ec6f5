import Foundation

/// Runs the built `vernier` binary as a separate process, as a user or script would.
struct CommandLineTool {
    struct Result {
        var status: Int32
        var standardOutput: String
        var standardError: String
    }

    enum ToolError: Error, CustomStringConvertible {
        case notBuilt(String)
        case timedOut([String])

        var description: String {
            switch self {
            case .notBuilt(let path): "the vernier binary is not at \(path); build it with `swift build`"
            case .timedOut(let arguments): "vernier \(arguments.joined(separator: " ")) did not finish in time"
            }
        }
    }

    /// The `vernier` executable SwiftPM built next to the test bundle.
    static var executable: URL {
        get throws {
            let buildDirectory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            for candidate in [buildDirectory, buildDirectory.deletingLastPathComponent()] {
                let url = candidate.appendingPathComponent("vernier")
                if FileManager.default.isExecutableFile(atPath: url.path) { return url }
            }
            throw ToolError.notBuilt(buildDirectory.appendingPathComponent("vernier").path)
        }
    }

    /// Runs `vernier arguments…`, waiting at most `timeout` seconds.
    static func run(_ arguments: [String], timeout: TimeInterval = 60, currentDirectory: URL? = nil) throws -> Result {
        let process = Process()
        process.executableURL = try executable
        process.arguments = arguments
        if let currentDirectory { process.currentDirectoryURL = currentDirectory }
        let output = Pipe(), error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        // Read both pipes while the process runs, so a chatty child never blocks on a full pipe.
        let outputData = ReadBuffer(output.fileHandleForReading)
        let errorData = ReadBuffer(error.fileHandleForReading)
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning {
            if Date() > deadline {
                process.terminate()
                throw ToolError.timedOut(arguments)
            }
            Thread.sleep(forTimeInterval: 0.01)
        }
        return Result(status: process.terminationStatus,
                      standardOutput: outputData.text(), standardError: errorData.text())
    }

    /// Collects a pipe's bytes on a background thread.
    final class ReadBuffer: @unchecked Sendable {
        private var data = Data()
        private let done = DispatchSemaphore(value: 0)

        init(_ handle: FileHandle) {
            Thread.detachNewThread { [self] in
                data = handle.readDataToEndOfFile()
                done.signal()
            }
        }

        func text() -> String {
            done.wait()
            return String(decoding: data, as: UTF8.self)
        }
    }
}
