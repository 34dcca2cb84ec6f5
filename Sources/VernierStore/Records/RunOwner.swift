import Foundation

/// The process that is recording a run: what lets a store tell a run in progress from one whose process died
/// (a crash, `kill -9`, a power cut) without saying how it ended.
public struct RunOwner: Sendable, Hashable {
    /// The process id.
    public var pid: Int32
    /// The host name the process runs on.
    public var host: String

    public init(pid: Int32, host: String) {
        self.pid = pid
        self.host = host
    }

    /// This process.
    public static var current: RunOwner {
        RunOwner(pid: getpid(), host: ProcessInfo.processInfo.hostName)
    }

    /// How long a run recorded by a process on another host may go without writing anything before it is
    /// taken for interrupted: a process elsewhere cannot be asked whether it is alive.
    public static let heartbeatTimeout: TimeInterval = 15 * 60

    /// Whether the owner is gone: on this host, no process with its id exists; on another host, nothing was
    /// recorded for the run for longer than ``heartbeatTimeout`` (`lastWrite` is the run's `updated_at`).
    public func isGone(lastWrite: Date, now: Date = Date()) -> Bool {
        guard host == ProcessInfo.processInfo.hostName else {
            return now.timeIntervalSince(lastWrite) > Self.heartbeatTimeout
        }
        if pid == getpid() { return false }
        // Signal 0 checks existence and permission only; ESRCH means there is no such process.
        return kill(pid, 0) != 0 && errno == ESRCH
    }
}
