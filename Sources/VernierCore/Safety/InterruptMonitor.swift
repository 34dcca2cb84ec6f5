import Foundation

/// Turns SIGINT (Ctrl-C) and SIGTERM into Swift task cancellation, so that a run stops between two writes
/// and its ``SafetyEnvelope`` restores the machine instead of the process dying mid-move.
///
/// While a monitor is active the signals no longer kill the process. The first signal cancels the watched
/// tasks; further ones are reported and ignored while the machine is being restored. ``stop()`` returns the
/// signals to their default action.
public final class InterruptMonitor: @unchecked Sendable {
    private let lock = NSLock()
    /// The relay's token while watching; nil once stopped.
    private var relayToken: Int?
    private var cancellers: [@Sendable () -> Void] = []
    private var signalsReceived: [Int32] = []
    private let onSignal: @Sendable (Int32, Int) -> Void

    /// Starts watching `signals`.
    ///
    /// - Parameter onSignal: told each signal and how many have arrived so far (to print "stopping…").
    public init(signals: [Int32] = [SIGINT, SIGTERM], onSignal: @escaping @Sendable (Int32, Int) -> Void = { _, _ in }) {
        self.onSignal = onSignal
        relayToken = SignalRelay.shared.add(signals: signals) { [weak self] number in self?.received(number) }
    }

    /// Cancels `task` when a signal arrives (at once, if one already has).
    public func cancelOnInterrupt<Success, Failure>(_ task: Task<Success, Failure>) {
        let alreadyInterrupted = lock.withLock {
            cancellers.append { task.cancel() }
            return !signalsReceived.isEmpty
        }
        if alreadyInterrupted { task.cancel() }
    }

    /// The signals received so far, in order.
    public var received: [Int32] {
        lock.withLock { signalsReceived }
    }

    /// Stops watching and gives the signals their default action back. Safe to call twice.
    public func stop() {
        let token = lock.withLock {
            let current = relayToken
            relayToken = nil
            return current
        }
        if let token { SignalRelay.shared.remove(token) }
    }

    deinit {
        stop()
    }

    private func received(_ number: Int32) {
        let (count, toCancel) = lock.withLock {
            signalsReceived.append(number)
            return (signalsReceived.count, signalsReceived.count == 1 ? cancellers : [])
        }
        onSignal(number, count)
        for cancel in toCancel { cancel() }
    }
}
