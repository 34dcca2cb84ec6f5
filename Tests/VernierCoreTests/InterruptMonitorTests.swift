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

/// A signal reaches the monitor whichever thread the kernel hands it to.
@Suite(.serialized)
struct SignalRelayTests {
    /// A thread that blocks nothing and waits: the kind of thread a process-directed signal may land on.
    private final class IdleThread: @unchecked Sendable {
        private let started = DispatchSemaphore(value: 0)
        private let finish = DispatchSemaphore(value: 0)
        private(set) var handle = pthread_self()

        init() {
            let thread = Thread { [self] in
                var nothing = sigset_t()
                sigemptyset(&nothing)
                pthread_sigmask(SIG_SETMASK, &nothing, nil)
                handle = pthread_self()
                started.signal()
                finish.wait()
            }
            thread.start()
            started.wait()
        }

        func end() { finish.signal() }
    }

    @Test func aSignalSentToAnUnblockingThreadIsReceived() throws {
        let idle = IdleThread()
        defer { idle.end() }
        for round in 1...5 {
            let monitor = InterruptMonitor(signals: [SIGUSR2])
            pthread_kill(idle.handle, SIGUSR2)
            let deadline = Date().addingTimeInterval(10)
            while monitor.received.isEmpty && Date() < deadline { usleep(1_000) }
            #expect(monitor.received == [SIGUSR2], "round \(round)")
            monitor.stop()
        }
    }

    @Test func twoMonitorsBothHearOneSignalAndStoppingOneKeepsTheOther() throws {
        let first = InterruptMonitor(signals: [SIGUSR2])
        let second = InterruptMonitor(signals: [SIGUSR2])
        kill(getpid(), SIGUSR2)
        let deadline = Date().addingTimeInterval(10)
        while (first.received.isEmpty || second.received.isEmpty) && Date() < deadline { usleep(1_000) }
        #expect(first.received == [SIGUSR2] && second.received == [SIGUSR2])
        first.stop()
        kill(getpid(), SIGUSR2)
        while second.received.count < 2 && Date() < deadline { usleep(1_000) }
        #expect(second.received == [SIGUSR2, SIGUSR2] && first.received == [SIGUSR2])
        second.stop()
        // Nobody watches it now: its default action is back.
        var current = sigaction()
        sigaction(SIGUSR2, nil, &current)
        #expect(unsafeBitCast(current.__sigaction_handler.sa_handler, to: Int.self) == unsafeBitCast(SIG_DFL, to: Int.self))
    }
}
