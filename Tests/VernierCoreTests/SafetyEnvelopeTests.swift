import Foundation
import Testing
import VernierCore
import VernierMath

/// The safety envelope: nothing outside the hard limits is written, long moves are split, and the machine is
/// restored however a run ends.
struct SafetyEnvelopeTests {
    static let limits = SafetyLimits(hardLimits: Box(low: -1, high: 1, count: 2), maxStep: [0.1, 0.25])

    /// Records every write the envelope announces.
    final class WriteLog: @unchecked Sendable {
        var records: [WriteRecord] = []
    }

    func envelope(_ limits: SafetyLimits = Self.limits, log: WriteLog = WriteLog()) throws -> SafetyEnvelope<TestPlant> {
        var envelope = try SafetyEnvelope(plant: TestPlant(), limits: limits, initialPoint: [0, 0])
        envelope.onWrite = { log.records.append($0) }
        return envelope
    }

    @Test func outOfBoundsProposalIsClippedNeverWritten() throws {
        let log = WriteLog()
        var envelope = try envelope(SafetyLimits(hardLimits: Box(low: -1, high: 1, count: 2)), log: log)
        let evaluation = try envelope.evaluate([3, -0.5])
        #expect(envelope.plant.settings == [1, -0.5])
        #expect(evaluation.observables["x0"] == 1)
        #expect(log.records.last?.wasClipped == true)
        #expect(envelope.plant.evaluations.allSatisfy { Box(low: -1, high: 1, count: 2).contains($0) })
    }

    @Test func outOfBoundsProposalIsRefusedWhenConfigured() throws {
        var limits = SafetyLimits(hardLimits: Box(low: -1, high: 1, count: 2))
        limits.outOfBounds = .refuse
        let log = WriteLog()
        var envelope = try envelope(limits, log: log)
        #expect(throws: SafetyError.outsideHardLimits(parameter: "x1", value: -1.5, low: -1, high: 1)) {
            try envelope.evaluate([0.5, -1.5])
        }
        #expect(log.records.isEmpty)
        #expect(envelope.plant.evaluations.isEmpty)
        #expect(envelope.currentPoint == [0, 0])
    }

    @Test func nonFiniteAndMisshapenProposalsAreRefused() throws {
        var envelope = try envelope()
        #expect(throws: SafetyError.notFinite(parameter: "x0", value: .infinity)) { try envelope.evaluate([.infinity, 0]) }
        #expect(throws: SafetyError.wrongDimension(expected: 2, got: 3)) { try envelope.evaluate([0, 0, 0]) }
        #expect(envelope.plant.evaluations.isEmpty)
    }

    @Test func largeMoveIsSplitIntoStepsNoLargerThanTheMaximum() throws {
        let log = WriteLog()
        var envelope = try envelope(log: log)
        _ = try envelope.evaluate([0.95, -1])
        // x0 needs ⌈0.95/0.1⌉ = 10 writes, x1 ⌈1/0.25⌉ = 4: ten writes, nine interpolated.
        #expect(log.records.count == 10)
        #expect(log.records.dropLast().allSatisfy { $0.purpose == .interpolation })
        #expect(log.records.last?.purpose == .target && log.records.last?.parameters == [0.95, -1])
        var previous = [0.0, 0.0]
        for record in log.records {
            #expect(abs(record.parameters[0] - previous[0]) <= 0.1)
            #expect(abs(record.parameters[1] - previous[1]) <= 0.25)
            previous = record.parameters
        }
        // Only the final point is measured; the intermediate points are written without measuring.
        #expect(envelope.plant.evaluations == [[0.95, -1]])
    }

    @Test func stepCountRoundsUpAndNeverUndershoots() {
        #expect(SafetyEnvelope<TestPlant>.stepCount(from: [0], to: [0.25], maxStep: [0.1]) == 3)
        #expect(SafetyEnvelope<TestPlant>.stepCount(from: [0], to: [0.3], maxStep: [0.1]) == 3)
        // Over many rounded paths, no interpolated move exceeds the maximum by even an ulp, and the count is
        // the exact-arithmetic one or one more.
        var generator = SeededGenerator(seed: 5)
        for _ in 0..<2_000 {
            let start = [generator.nextUniform(-1, 1), generator.nextUniform(-1, 1)]
            let end = [generator.nextUniform(-1, 1), generator.nextUniform(-1, 1)]
            let maxStep = [generator.nextUniform(0.01, 0.5), generator.nextUniform(0.01, 0.5)]
            let count = SafetyEnvelope<TestPlant>.stepCount(from: start, to: end, maxStep: maxStep)
            let ideal = (0..<2).map { Int((abs(end[$0] - start[$0]) / maxStep[$0]).rounded(.up)) }.max() ?? 1
            #expect(count == max(ideal, 1) || count == ideal + 1)
            var previous = start
            for step in 1...count {
                let point = step == count ? end : (0..<2).map { start[$0] + (end[$0] - start[$0]) * (Double(step) / Double(count)) }
                #expect(abs(point[0] - previous[0]) <= maxStep[0] && abs(point[1] - previous[1]) <= maxStep[1])
                previous = point
            }
        }
        #expect(SafetyEnvelope<TestPlant>.stepCount(from: [0], to: [0.30001], maxStep: [0.1]) == 4)
        #expect(SafetyEnvelope<TestPlant>.stepCount(from: [0], to: [0], maxStep: [0.1]) == 1)
        #expect(SafetyEnvelope<TestPlant>.stepCount(from: [0], to: [5], maxStep: nil) == 1)
    }

    @Test func cancellationInTheMiddleRestoresTheInitialPoint() async throws {
        let started = AsyncStream<Void>.makeStream()
        let task = Task {
            var envelope = try SafetyEnvelope(plant: TestPlant(), limits: Self.limits, initialPoint: [0, 0])
            do {
                _ = try await envelope.run { envelope in
                    for index in 0..<1_000 {
                        _ = try envelope.evaluate([0.5, 0.5 - Double(index % 2)])
                        if index == 3 { started.continuation.yield() }
                        try await Task.sleep(for: .milliseconds(5))
                    }
                }
                return (envelope.plant, envelope.currentPoint, nil as RunOutcome?, nil as RestoreReport?)
            } catch let aborted as AbortedRun {
                return (envelope.plant, envelope.currentPoint, aborted.outcome, aborted.restore)
            }
        }
        for await _ in started.stream { break }
        task.cancel()
        let (plant, currentPoint, outcome, restore) = try await task.value
        #expect(outcome == .cancelled)
        #expect(restore?.restored == true && restore?.target == .initial)
        #expect(plant.settings == [0, 0])
        #expect(currentPoint == [0, 0])
        #expect(plant.evaluations.count >= 4 && plant.evaluations.count < 1_000)
    }

    @Test func failureRestoresAndCompletionGoesToTheBest() async throws {
        struct DeviceFault: Error {}
        var failing = try envelope()
        await #expect(throws: AbortedRun.self) {
            _ = try await failing.run { envelope in
                _ = try envelope.evaluate([0.2, 0.2])
                throw DeviceFault()
            }
        }
        #expect(failing.plant.settings == [0, 0])

        var completing = try envelope()
        let (_, report) = try await completing.run { envelope in
            for point in [[0.9, 0.9], [0.3, -0.2], [-0.5, 0.5]] { _ = try envelope.evaluate(point) }
        }
        #expect(report.target == .best && report.restored)
        #expect(completing.plant.settings == [0.3, -0.2])
        #expect(completing.best?.parameters == [0.3, -0.2])
    }

    @Test func infeasiblePointsNeverBecomeBest() throws {
        var envelope = try envelope(SafetyLimits(hardLimits: Box(low: -1, high: 1, count: 2)))
        _ = try envelope.evaluate([0.9, 0.4])   // objective 0.72 but x0 + x1 = 1.3 > 1: infeasible
        _ = try envelope.evaluate([-0.5, 0.5])  // feasible, objective 1.13
        #expect(envelope.best?.parameters == [-0.5, 0.5])
    }

    @Test func dryRunLogsWritesAndOnlyReads() throws {
        var limits = Self.limits
        limits.dryRun = true
        let log = WriteLog()
        var envelope = try envelope(limits, log: log)
        let evaluation = try envelope.evaluate([0.5, 0.5])
        #expect(envelope.plant.settings == [0, 0] && envelope.plant.evaluations.isEmpty)
        #expect(evaluation.observables["x0"] == 0)
        #expect(!log.records.isEmpty && log.records.allSatisfy(\.isDryRun))
    }

    @Test func startOutsideTheLimitsAndBadLimitsAreRefused() {
        #expect(throws: SafetyError.startOutsideHardLimits(parameter: "x0", value: 2, low: -1, high: 1)) {
            try SafetyEnvelope(plant: TestPlant(), limits: Self.limits, initialPoint: [2, 0])
        }
        #expect(throws: SafetyError.self) {
            try SafetyEnvelope(plant: TestPlant(), limits: SafetyLimits(hardLimits: Box(low: -1, high: 1, count: 2), maxStep: [0, 1]),
                               initialPoint: [0, 0])
        }
        #expect(throws: SafetyError.self) {
            try SafetyEnvelope(plant: TestPlant(), limits: SafetyLimits(hardLimits: Box(low: -1, high: 1, count: 3)),
                               initialPoint: [0, 0])
        }
    }
}
