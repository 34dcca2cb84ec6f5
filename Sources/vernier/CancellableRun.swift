import VernierCore

/// Runs a command's work in a child task that Ctrl-C (SIGINT) and SIGTERM cancel: the one way `tune`, `train`
/// and `run` make themselves interruptible. The work sees the interrupt as task cancellation
/// (`Task.checkCancellation()`, or the safety envelope's own checks, which then restore the machine).
enum CancellableRun {
    /// Awaits `work` in a child task cancelled on SIGINT/SIGTERM; `onSignal` is told each signal and how many
    /// have arrived (to print "stopping…" notes).
    ///
    /// The work's values are not `Sendable` (plants, trainers, stores): the parent does nothing but await the
    /// child, so they are never used from two places at a time.
    static func run<Result>(
        onSignal: @escaping @Sendable (Int32, Int) -> Void = { _, _ in },
        _ work: @escaping () async throws -> Result
    ) async throws -> Result {
        let monitor = InterruptMonitor(onSignal: onSignal)
        defer { monitor.stop() }
        let carried = Carried(value: work)
        let task = Task { Carried(value: try await carried.value()) }
        monitor.cancelOnInterrupt(task)
        return try await task.value.value
    }

    /// Carries a non-`Sendable` value into (or out of) the child task that the caller awaits at once.
    private struct Carried<Value>: @unchecked Sendable {
        let value: Value
    }
}
