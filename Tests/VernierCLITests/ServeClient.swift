import Foundation
import VernierTestSupport

/// A `vernier serve … --stdio` child process driven line by line, as the Python package drives it.
final class ServeClient {
    let process = Process()
    private let input = Pipe()
    private let output = Pipe()
    private let errors = Pipe()
    private var buffer: [UInt8] = []

    /// Starts `vernier serve arguments… --stdio`.
    init(_ arguments: [String]) throws {
        process.executableURL = try CommandLineTool.executable()
        process.arguments = ["serve"] + arguments + ["--stdio"]
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
    }

    deinit {
        if process.isRunning { process.terminate() }
    }

    /// Sends one request line.
    func send(_ line: String) {
        input.fileHandleForWriting.write(Data((line + "\n").utf8))
    }

    /// The next reply line, or `nil` at the end of the output.
    func readLine() -> String? {
        while true {
            if let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: buffer[..<newline], as: UTF8.self)
                buffer.removeSubrange(...newline)
                return line
            }
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty {
                if buffer.isEmpty { return nil }
                defer { buffer.removeAll() }
                return String(decoding: buffer, as: UTF8.self)
            }
            buffer.append(contentsOf: chunk)
        }
    }

    /// Sends `line` and returns the reply line.
    func ask(_ line: String) throws -> String {
        send(line)
        guard let reply = readLine() else { throw CommandLineTool.HarnessError("vernier serve closed its output") }
        return reply
    }

    /// Closes standard input and waits for the process to exit; returns its status and standard error.
    func finish() -> (status: Int32, standardError: String) {
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
        let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        return (process.terminationStatus, text)
    }
}
