import Foundation

/// `vernier device serve` as a real process on loopback: started with a ready file, stopped with SIGTERM.
public final class ServedDevice {
    public let process: Process
    public let host: String
    public let port: Int
    private let readyFile: URL
    private let errorLog: URL

    /// The package root, from this file's path (Tests/VernierTestSupport/…).
    public static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The `vernier` executable built next to the test bundle.
    public static func executable() throws -> URL {
        var candidates: [URL] = []
        if let first = CommandLine.arguments.first {
            candidates.append(URL(fileURLWithPath: first).deletingLastPathComponent().appendingPathComponent("vernier"))
        }
        if let path = Bundle.main.executablePath {
            candidates.append(URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent("vernier"))
        }
        candidates.append(packageRoot.appendingPathComponent(".build/debug/vernier"))
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
            throw ProcessError("the vernier executable was not found next to the tests (looked at \(candidates.map(\.path))); "
                               + "run `swift build` first")
        }
        return found
    }

    /// Runs `vernier` with `arguments` to completion and returns its status and output (small outputs only: the
    /// pipes are drained one after the other).
    public static func run(_ arguments: [String]) throws -> (status: Int32, output: String, error: String) {
        let process = Process()
        process.executableURL = try executable()
        process.arguments = arguments
        process.currentDirectoryURL = packageRoot
        let output = Pipe(), error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: outputData, as: UTF8.self), String(decoding: errorData, as: UTF8.self))
    }

    /// Starts `vernier device serve ID --map MAP --port PORT …` (or, with `serial`, `--serial PATH`: Modbus RTU on
    /// that line; ``host`` is then the line's path and ``port`` 0) and waits (at most 20 s) until it listens.
    public init(_ id: String, map: String, port: Int = 0, serial: String? = nil, arguments extra: [String] = []) throws {
        let directory = FileManager.default.temporaryDirectory
        let token = UUID().uuidString
        readyFile = directory.appendingPathComponent("vernier-ready-\(token)")
        errorLog = directory.appendingPathComponent("vernier-serve-\(token).log")
        _ = FileManager.default.createFile(atPath: errorLog.path, contents: nil)
        process = Process()
        process.executableURL = try Self.executable()
        process.currentDirectoryURL = Self.packageRoot
        process.arguments = ["device", "serve", id, "--map", map] + (serial.map { ["--serial", $0] } ?? ["--port", String(port)])
            + ["--ready-file", readyFile.path] + extra
        process.standardOutput = FileHandle.nullDevice
        process.standardError = try FileHandle(forWritingTo: errorLog)
        try process.run()
        let deadline = Date().addingTimeInterval(20)
        var endpoint: String?
        while Date() < deadline, process.isRunning {
            if let text = try? String(contentsOf: readyFile, encoding: .utf8), text.hasSuffix("\n") {
                endpoint = text.trimmingCharacters(in: .whitespacesAndNewlines)
                break
            }
            Thread.sleep(forTimeInterval: 0.02)
        }
        if let endpoint, endpoint.hasPrefix("rtu ") {
            host = String(endpoint.split(separator: " ")[1])
            self.port = 0
            return
        }
        guard let endpoint, let colon = endpoint.lastIndex(of: ":"), let port = Int(endpoint[endpoint.index(after: colon)...]) else {
            let log = (try? String(contentsOf: errorLog, encoding: .utf8)) ?? ""
            if process.isRunning { process.terminate() }
            throw ProcessError("vernier device serve did not start listening: \(log)")
        }
        host = String(endpoint[..<colon])
        self.port = port
    }

    /// Kills the server outright (SIGKILL: no clean shutdown, as a crash or a power cut) and waits for it.
    public func kill() {
        if process.isRunning { Glibc.kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    /// What the server logged on standard error so far.
    public var log: String { (try? String(contentsOf: errorLog, encoding: .utf8)) ?? "" }

    /// Sends SIGTERM and waits (at most 10 s); returns the exit status (0 = stopped cleanly).
    @discardableResult
    public func stop() -> Int32 {
        if process.isRunning {
            process.terminate()
            let deadline = Date().addingTimeInterval(10)
            while process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
            if process.isRunning { Glibc.kill(process.processIdentifier, SIGKILL) }
        }
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: readyFile)
        try? FileManager.default.removeItem(at: errorLog)
        return process.terminationStatus
    }

    deinit { if process.isRunning { stop() } }
}

public struct ProcessError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
