import Foundation

/// A live progress line on standard error: redrawn in place on a terminal (at most ten times a second),
/// one line every few seconds in a log file, nothing when disabled (`--json`). Thread-safe: the interrupt
/// handler writes its notes from another thread.
final class TerminalProgress: @unchecked Sendable {
    private let lock = NSLock()
    private let enabled: Bool
    private let isTerminal = isatty(STDERR_FILENO) != 0
    private let logInterval: TimeInterval
    private var lastShown = Date.distantPast
    private var shown = false

    /// - Parameter logInterval: seconds between lines when standard error is not a terminal.
    init(enabled: Bool, logInterval: TimeInterval = 5) {
        self.enabled = enabled
        self.logInterval = logInterval
    }

    /// Shows `line` if enough time has passed since the last one, or always when `force` is set.
    func show(_ line: String, force: Bool = false) {
        guard enabled else { return }
        lock.lock()
        defer { lock.unlock() }
        let now = Date()
        guard force || now.timeIntervalSince(lastShown) >= (isTerminal ? 0.1 : logInterval) else { return }
        lastShown = now
        let text = isTerminal ? "\r\(line)\u{1B}[K" : "\(line)\n"
        FileHandle.standardError.write(Data(text.utf8))
        shown = true
    }

    /// Ends the line so that what follows starts on a fresh one.
    func finish() {
        lock.lock()
        defer { lock.unlock() }
        if enabled, shown, isTerminal { FileHandle.standardError.write(Data("\n".utf8)) }
        shown = false
    }

    /// Prints a message on its own line (e.g. "stopping…"), keeping the progress line intact after it.
    func note(_ message: String) {
        finish()
        lock.lock()
        defer { lock.unlock() }
        FileHandle.standardError.write(Data("\(message)\n".utf8))
    }
}
