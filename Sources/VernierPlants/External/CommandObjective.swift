import Foundation
import VernierCore

/// A problem evaluated by an external program: Vernier's "bring your own plant".
///
/// The program is started once (through `/bin/sh -c`, so pipelines and arguments work) and kept running. For
/// each evaluation Vernier writes one JSON object on the program's standard input, `{"x": [1.5, -0.2]}`, and reads
/// one line back: `{"objective": 0.83, "constraints": [0.1], "observables": {"loss": 0.2}}` (`constraints` and
/// `observables` optional). A program that exits, answers garbage or does not answer in time is reported with a
/// ``CommandObjectiveError``; evaluations already recorded by the host are untouched.
///
/// Writing to a program that has died raises SIGPIPE; the plant ignores that signal (process-wide) so the
/// failure arrives as an error instead of killing Vernier.
public final class CommandObjective: SingleOptimizable {
    /// The shell command that starts the evaluator.
    public let command: String
    /// The parameter space, constraints and timeout.
    public let specification: CommandObjectiveSpecification
    private var process: Process?
    private var input: FileHandle?
    private var output: Int32 = -1
    private var errorOutput: Int32 = -1
    private var pending: [UInt8] = []
    /// Keeps the read ends of the pipes open for the program's life.
    private var retainedHandles: [FileHandle] = []

    public init(command: String, specification: CommandObjectiveSpecification) {
        self.command = command
        self.specification = specification
    }

    deinit {
        shutDown()
    }

    public var metadata: PlantMetadata {
        PlantMetadata(renderModes: [], machine: "external evaluator `\(command)`", isCancellable: false, isSimulated: false)
    }

    public var optimizationSpace: Box { specification.space }
    public var parameterNames: [String] { specification.parameters.map(\.name) }
    public var objectiveName: String { specification.objectiveName }
    public var constraints: [Constraint] { specification.vernierConstraints }

    public func initialParameters(seed: UInt64?) throws -> [Double] {
        specification.initialPoint
    }

    public func evaluate(_ parameters: [Double]) throws -> Evaluation {
        guard parameters.count == specification.parameters.count else {
            throw PlantError.wrongParameterCount(expected: specification.parameters.count, got: parameters.count)
        }
        try startIfNeeded()
        // JSONEncoder writes each Double in its shortest form that reads back exactly: the evaluator sees the
        // very point Vernier records.
        let request = try JSONEncoder().encode(Request(x: parameters)) + Data([10])
        do {
            try input?.write(contentsOf: request)
        } catch {
            throw exitedError()
        }
        let line = try readLine(timeout: specification.timeoutSeconds)
        return try parse(line)
    }

    public func close() throws {
        shutDown()
    }

    // MARK: - Process

    private func startIfNeeded() throws {
        if let process, process.isRunning { return }
        if process != nil { throw exitedError() }
        signal(SIGPIPE, SIG_IGN)
        let launched = Process()
        launched.executableURL = URL(fileURLWithPath: "/bin/sh")
        launched.arguments = ["-c", command]
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        launched.standardInput = stdin
        launched.standardOutput = stdout
        launched.standardError = stderr
        do {
            try launched.run()
        } catch {
            throw CommandObjectiveError.launchFailed(command: command, reason: error.localizedDescription)
        }
        process = launched
        input = stdin.fileHandleForWriting
        output = stdout.fileHandleForReading.fileDescriptor
        errorOutput = stderr.fileHandleForReading.fileDescriptor
        retainedHandles = [stdout.fileHandleForReading, stderr.fileHandleForReading]
    }

    private func shutDown() {
        guard let process else { return }
        try? input?.close()
        input = nil
        // A program that does not exit within a second of losing its input is stopped, with every process it
        // started: Foundation puts the child in its own process group, so signal the group.
        let group = -process.processIdentifier
        for (grace, signalNumber) in [(1.0, SIGTERM), (1.0, SIGKILL)] {
            let deadline = Date().addingTimeInterval(grace)
            while process.isRunning && Date() < deadline { usleep(5_000) }
            if process.isRunning { kill(group, signalNumber) }
        }
        if !process.isRunning { process.waitUntilExit() }
        retainedHandles = []
        self.process = nil
    }

    /// Reads one line from the program's output, waiting at most `timeout` seconds.
    private func readLine(timeout: Double) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            if let newline = pending.firstIndex(of: 10) {
                let line = String(decoding: pending[..<newline], as: UTF8.self)
                pending.removeSubrange(...newline)
                if line.trimmingCharacters(in: .whitespaces).isEmpty { continue }
                return line
            }
            let remaining = deadline.timeIntervalSinceNow
            guard remaining > 0 else { throw CommandObjectiveError.timedOut(seconds: timeout) }
            var descriptor = pollfd(fd: output, events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, Int32(min(remaining * 1000, 1000).rounded(.up)))
            if ready < 0 {
                if errno == EINTR { continue }
                throw exitedError()
            }
            if ready == 0 { continue }
            let count = read(output, &chunk, chunk.count)
            if count > 0 {
                pending.append(contentsOf: chunk[0..<count])
            } else if count == 0 || (errno != EINTR && errno != EAGAIN) {
                throw exitedError()
            }
        }
    }

    private func exitedError() -> CommandObjectiveError {
        var status: Int32?
        if let process {
            let deadline = Date().addingTimeInterval(0.5)
            while process.isRunning && Date() < deadline { usleep(5_000) }
            if !process.isRunning { status = process.terminationStatus }
        }
        return .exited(command: command, status: status, standardError: errorTail())
    }

    /// The last few hundred bytes the program wrote to its standard error, without blocking.
    private func errorTail() -> String {
        guard errorOutput >= 0 else { return "" }
        var collected: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        var descriptor = pollfd(fd: errorOutput, events: Int16(POLLIN), revents: 0)
        while poll(&descriptor, 1, 0) > 0, (descriptor.revents & Int16(POLLIN)) != 0 {
            let count = read(errorOutput, &chunk, chunk.count)
            guard count > 0 else { break }
            collected.append(contentsOf: chunk[0..<count])
        }
        return String(decoding: collected.suffix(400), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    // MARK: - Answers

    /// One request line to the evaluator.
    private struct Request: Encodable {
        var x: [Double]
    }

    /// One answer line of the evaluator.
    private struct Answer: Decodable {
        var objective: Double
        var constraints: [Double]?
        var observables: [String: Double]?
    }

    /// The evaluation one answer line carries, or ``CommandObjectiveError/garbled(line:reason:)``; internal (not
    /// private) so that the answer parser can be fuzzed and tested without an evaluator process.
    func parse(_ line: String) throws -> Evaluation {
        let answer: Answer
        do {
            answer = try JSONDecoder().decode(Answer.self, from: Data(line.utf8))
        } catch DecodingError.keyNotFound(let key, _) {
            throw CommandObjectiveError.garbled(line: line, reason: "no \"\(key.stringValue)\"")
        } catch DecodingError.typeMismatch(_, let context) {
            let field = context.codingPath.map(\.stringValue).first ?? "the answer"
            throw CommandObjectiveError.garbled(line: line, reason: "\"\(field)\" has the wrong type (numbers expected)")
        } catch {
            throw CommandObjectiveError.garbled(line: line, reason: "not a JSON object")
        }
        let constraintValues = answer.constraints ?? []
        guard constraintValues.count == specification.constraints.count else {
            throw CommandObjectiveError.garbled(
                line: line,
                reason: "\(constraintValues.count) constraint values for the \(specification.constraints.count) constraints of the space file")
        }
        return Evaluation(objective: answer.objective, constraints: constraintValues, observables: answer.observables ?? [:])
    }
}
