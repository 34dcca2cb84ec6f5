import Foundation

/// A `vernier` process started in the background (a worker, a study participant), its output going to files in
/// the home directory (no pipe can fill up and block it); ``finish()`` waits for it and reads them.
public struct BackgroundCommand {
    /// The running process (its ``Process/processIdentifier`` for signals).
    public var process: Process
    /// Where its standard output goes.
    public var outputPath: String
    /// Where its standard error goes.
    public var errorPath: String

    /// Starts `vernier arguments…` in `home` with the tests' environment; its output goes to `home/NAME.out` and
    /// `home/NAME.err`.
    public static func start(_ arguments: [String], home: String, name: String) throws -> BackgroundCommand {
        let process = Process()
        process.executableURL = try CommandLineTool.executable()
        process.arguments = arguments
        process.environment = CommandLineTool.environment(home: home)
        process.currentDirectoryURL = URL(fileURLWithPath: home)
        let output = home + "/\(name).out", error = home + "/\(name).err"
        _ = FileManager.default.createFile(atPath: output, contents: nil)
        _ = FileManager.default.createFile(atPath: error, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: output))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: error))
        try process.run()
        return BackgroundCommand(process: process, outputPath: output, errorPath: error)
    }

    /// Waits for the process to end; its exit status and what it printed.
    public func finish() throws -> CommandLineTool.Result {
        process.waitUntilExit()
        return CommandLineTool.Result(status: process.terminationStatus,
                                      standardOutput: try String(contentsOfFile: outputPath, encoding: .utf8),
                                      standardError: try String(contentsOfFile: errorPath, encoding: .utf8))
    }
}
