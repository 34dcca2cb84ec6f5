/// Why an external evaluator could not give an evaluation.
public enum CommandObjectiveError: Error, Equatable, CustomStringConvertible {
    /// The program could not be started.
    case launchFailed(command: String, reason: String)
    /// The program exited (or closed its output) instead of answering.
    case exited(command: String, status: Int32?, standardError: String)
    /// The program answered with something that is not the expected JSON object.
    case garbled(line: String, reason: String)
    /// No answer within the timeout.
    case timedOut(seconds: Double)

    public var description: String {
        switch self {
        case .launchFailed(let command, let reason):
            return "could not start the evaluator `\(command)`: \(reason)"
        case .exited(let command, let status, let standardError):
            let code = status.map { "with status \($0)" } ?? "(closed its output)"
            let tail = standardError.isEmpty ? "" : "; its last error output: \(standardError)"
            return "the evaluator `\(command)` exited \(code) instead of answering\(tail)"
        case .garbled(let line, let reason):
            return "the evaluator answered \(line.debugDescription), which is not a valid answer: \(reason). "
                + #"Answer one JSON object per line: {"objective": 1.5, "constraints": [0.2]}"#
        case .timedOut(let seconds):
            return "the evaluator did not answer within \(seconds) s (raise timeout_seconds in the space file if it needs longer)"
        }
    }
}
