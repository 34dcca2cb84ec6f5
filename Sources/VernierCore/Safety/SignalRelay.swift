import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The write end of the relay's pipe, read by the signal handler (set once, before any handler is installed).
nonisolated(unsafe) private var signalRelayWriteEnd: Int32 = -1

/// The signal handler: writes the signal's number into the relay's pipe and nothing else (async-signal-safe).
private func relaySignal(_ number: Int32) {
    let savedError = errno
    var byte = UInt8(truncatingIfNeeded: number)
    _ = write(signalRelayWriteEnd, &byte, 1)
    errno = savedError
}

/// Delivers process-directed signals (SIGINT, SIGTERM, …) to ``InterruptMonitor``s, whichever thread the kernel
/// picks to take them.
///
/// A handler writes each signal's number into a pipe (the self-pipe technique) and one thread reads the pipe and
/// tells every monitor watching that signal. A dispatch signal source is not enough on Linux: it reads a
/// `signalfd`, which sees a signal only when every thread blocks it, and the process had to ignore the signal,
/// so a signal the kernel handed to a thread that did not block it was dropped (a Ctrl-C lost now and then,
/// measured in a loaded test run). A handler also resets to the default action in child processes, where an
/// ignored signal would stay ignored.
final class SignalRelay: @unchecked Sendable {
    /// The process's one relay.
    static let shared = SignalRelay()

    private struct Listener {
        var signals: Set<Int32>
        var deliver: @Sendable (Int32) -> Void
    }

    private let lock = NSLock()
    private var listeners: [Int: Listener] = [:]
    private var nextToken = 0
    /// How many listeners watch each signal whose handler is installed.
    private var watchers: [Int32: Int] = [:]
    private let readEnd: Int32

    private init() {
        var ends: [Int32] = [-1, -1]
        if pipe(&ends) != 0 { ends = [-1, -1] }
        readEnd = ends[0]
        for end in ends where end >= 0 { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        // The handler must never block, even if nobody read the pipe for a while.
        if ends[1] >= 0 { _ = fcntl(ends[1], F_SETFL, fcntl(ends[1], F_GETFL) | O_NONBLOCK) }
        signalRelayWriteEnd = ends[1]
        let reader = Thread { [readEnd] in SignalRelay.readLoop(readEnd) }
        reader.name = "vernier.signal-relay"
        reader.start()
    }

    /// Starts delivering `signals` to `deliver`; returns the token that ``remove(_:)`` takes.
    func add(signals: [Int32], deliver: @escaping @Sendable (Int32) -> Void) -> Int {
        lock.withLock {
            let token = nextToken
            nextToken += 1
            listeners[token] = Listener(signals: Set(signals), deliver: deliver)
            for number in Set(signals) {
                if watchers[number, default: 0] == 0 { _ = signal(number, relaySignal) }
                watchers[number, default: 0] += 1
            }
            return token
        }
    }

    /// Stops delivering to the listener `token`; a signal nobody watches any more gets its default action back.
    func remove(_ token: Int) {
        lock.withLock {
            guard let listener = listeners.removeValue(forKey: token) else { return }
            for number in listener.signals {
                watchers[number, default: 1] -= 1
                if watchers[number] == 0 {
                    watchers[number] = nil
                    _ = signal(number, SIG_DFL)
                }
            }
        }
    }

    private func deliver(_ number: Int32) {
        let targets = lock.withLock { listeners.values.filter { $0.signals.contains(number) }.map(\.deliver) }
        for target in targets { target(number) }
    }

    private static func readLoop(_ descriptor: Int32) {
        guard descriptor >= 0 else { return }
        var byte: UInt8 = 0
        while true {
            let count = read(descriptor, &byte, 1)
            if count == 1 {
                shared.deliver(Int32(byte))
            } else if count < 0 && errno == EINTR {
                continue
            } else {
                return
            }
        }
    }
}
