import Foundation
import Testing
import VernierCore

/// SIGINT reaches a running task as cancellation, and the envelope restores the machine.
@Suite(.serialized)
struct InterruptMonitorTests {
    @Test func sigintCancelsTheRunAndTheMachineIsRestored() async throws {
        let monitor = InterruptMonitor(signals: [SIGUSR1])
        defer { monitor.stop() }
        let started = AsyncStream<Void>.makeStream()
        let task = Task {
            var envelope = try SafetyEnvelope(
                plant: TestPlant(), limits: SafetyLimits(hardLimits: Box(low: -1, high: 1, count: 2)),
                initialPoint: [0.1, 0.1])
            do {
                _ = try await envelope.run { envelope in
                    for index in 0..<10_000 {
                        _ = try envelope.evaluate([0.5, 0.5])
                        if index == 0 { started.continuation.yield() }
                        try await Task.sleep(for: .milliseconds(2))
                    }
                }
                return (envelope.plant.settings, RunOutcome.completed)
            } catch let aborted as AbortedRun {
                return (envelope.plant.settings, aborted.outcome)
            }
        }
        monitor.cancelOnInterrupt(task)
        for await _ in started.stream { break }
        // SIGUSR1 stands in for SIGINT: raising SIGINT inside the test runner would reach its own handlers.
        kill(getpid(), SIGUSR1)
        let (settings, outcome) = try await task.value
        #expect(outcome == .cancelled)
        #expect(settings == [0.1, 0.1])
        #expect(monitor.received == [SIGUSR1])
    }
}
