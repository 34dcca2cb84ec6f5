import Foundation

/// Runs the built `vernier` tool as a child process, as a user or a script would, with its own home directory
/// so that the user's real run store is never touched.
public enum CommandLineTool {
    public struct Result {
        public var status: Int32
        public var standardOutput: String
        public var standardError: String
    }

    /// The `vernier` executable `swift build` put next to this test bundle.
    public static func executable() throws -> URL {
        try ServedDevice.executable()
    }

    /// An environment in which the default store lies under `home`: the user's real store is never touched.
    public static func environment(home: String, extra: [String: String] = [:]) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["HOME"] = home
        environment["XDG_DATA_HOME"] = home + "/data"
        environment.removeValue(forKey: "VERNIER_STORE")
        return environment.merging(extra) { $1 }
    }

    /// Runs `vernier arguments…` to completion, its output going to files (no pipe can fill up and block it).
    public static func run(_ arguments: [String], home: String, environment extra: [String: String] = [:]) throws -> Result {
        let outputPath = home + "/.stdout-\(UUID().uuidString)"
        let errorPath = home + "/.stderr-\(UUID().uuidString)"
        FileManager.default.createFile(atPath: outputPath, contents: nil)
        FileManager.default.createFile(atPath: errorPath, contents: nil)
        defer {
            try? FileManager.default.removeItem(atPath: outputPath)
            try? FileManager.default.removeItem(atPath: errorPath)
        }
        let process = Process()
        process.executableURL = try executable()
        process.arguments = arguments
        process.environment = environment(home: home, extra: extra)
        process.currentDirectoryURL = URL(fileURLWithPath: home)
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: outputPath))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: errorPath))
        try process.run()
        process.waitUntilExit()
        return Result(status: process.terminationStatus,
                      standardOutput: try String(contentsOfFile: outputPath, encoding: .utf8),
                      standardError: try String(contentsOfFile: errorPath, encoding: .utf8))
    }

    /// Runs `vernier arguments…` in a fresh home directory of its own.
    public static func run(_ arguments: [String]) throws -> Result {
        try withHome { home in try run(arguments, home: home) }
    }

    /// Runs `body` with a fresh empty directory (the child's home), removed afterwards.
    public static func withHome<T>(_ body: (String) throws -> T) throws -> T {
        let path = (NSTemporaryDirectory() as NSString).appendingPathComponent("vernier-cli-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try body(path)
    }

    public struct HarnessError: Error, CustomStringConvertible {
        public var description: String
        public init(_ description: String) { self.description = description }
    }
}
