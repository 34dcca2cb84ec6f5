import Foundation
import Testing
import VernierCore
import VernierStore

/// Runs: creation, listing, status, summary, resumption, deletion, unknown ids.
struct RunStoreRunTests {
    @Test func createdRunReadsBackAsCreated() throws {
        let store = try RunStore.inMemory()
        let before = Date()
        let run = try store.createRun(sampleRun(seed: .max))
        #expect(run.id == RunID(number: 1))
        #expect(run.kind == .tune)
        #expect(run.plant == "classic/Pendulum-v1")
        #expect(run.algorithm == "nelder-mead")
        #expect(run.configuration == #"{"budget": 20, "initial_step": 0.1}"#)
        #expect(run.seed == .max)
        #expect(run.status == .running)
        #expect(run.statusMessage == nil)
        #expect(run.summary == .empty)
        // Timestamps are stored to the millisecond.
        #expect(run.createdAt.timeIntervalSince(before) > -0.001)
        #expect(run.createdAt == run.updatedAt)
        #expect(try store.run(run.id) == run)
    }

    @Test func idsIncreaseAndAreNeverReused() throws {
        let store = try RunStore.inMemory()
        let first = try store.createRun(sampleRun())
        let second = try store.createRun(sampleRun(kind: .train))
        #expect([first.id, second.id].map(\.description) == ["r1", "r2"])
        try store.deleteRun(second.id)
        let third = try store.createRun(sampleRun())
        #expect(third.id.description == "r3")
    }

    @Test func seedsOfEverySizeAndNoneRoundTrip() throws {
        let store = try RunStore.inMemory()
        for seed: UInt64? in [nil, 0, 1, UInt64(Int64.max), UInt64(Int64.max) + 1, .max] {
            let run = try store.createRun(sampleRun(seed: seed))
            #expect(try store.run(run.id).seed == seed)
        }
    }

    struct Settings: Codable, Equatable {
        var budget: Int
        var target: Double
        var scale: [Double]
        var gainDB: Double
    }

    @Test func codableConfigurationRoundTripsExactly() throws {
        let store = try RunStore.inMemory()
        let settings = Settings(budget: 50, target: -.infinity, scale: [-0.0, .leastNonzeroMagnitude, 0.1], gainDB: 20)
        let run = try store.createRun(
            NewRun(kind: .tune, plant: "awake/Steering-v1", algorithm: "bo", configuration: settings, seed: 1))
        let decoded = try store.run(run.id).configuration(as: Settings.self)
        #expect(decoded.budget == 50 && decoded.target == -.infinity && decoded.gainDB == 20)
        #expect(sameBits(decoded.scale, settings.scale))
    }

    @Test(arguments: ["[1, 2]", "not json", "", "42", #"{"unterminated": "#])
    func configurationMustBeAJSONObject(text: String) throws {
        let store = try RunStore.inMemory()
        let error = #expect(throws: RunStoreError.self) {
            try store.createRun(NewRun(kind: .tune, plant: "p/P-v1", algorithm: "bo", configurationJSON: text, seed: nil))
        }
        #expect(error?.description.contains("must be a JSON object") == true)
        #expect(try store.runs().isEmpty)
    }

    @Test func listingIsOldestFirstWithCounts() throws {
        let store = try RunStore.inMemory()
        let tune = try store.createRun(sampleRun())
        let train = try store.createRun(sampleRun(kind: .train))
        let evaluate = try store.createRun(sampleRun(kind: .evaluate))
        for index in 0..<3 {
            try store.appendEvaluation(to: tune.id, parameters: [Double(index)], evaluation: Evaluation(objective: 1),
                                       wallTime: 0.1, isFeasible: true)
        }
        try store.appendEpisodes([EpisodeResult(episodeReturn: -1, length: 2), EpisodeResult(episodeReturn: -2, length: 3)],
                                 to: train.id)
        try store.saveCheckpoint(Data([1, 2]), sequence: 10, of: train.id)
        let overviews = try store.runs()
        #expect(overviews.map(\.run.id) == [tune.id, train.id, evaluate.id])
        #expect(overviews.map(\.evaluationCount) == [3, 0, 0])
        #expect(overviews.map(\.episodeCount) == [0, 2, 0])
        #expect(overviews.map(\.checkpointCount) == [0, 1, 0])
        #expect(try store.runs(limit: 2).map(\.run.id) == [train.id, evaluate.id])
        #expect(try store.runs(limit: 0).isEmpty)
    }

    @Test func statusAndMessageAreRecorded() throws {
        let store = try RunStore.inMemory()
        let run = try store.createRun(sampleRun())
        try store.setStatus(.failed, message: "Modbus timeout on register 40001", of: run.id)
        let failed = try store.run(run.id)
        #expect(failed.status == .failed)
        #expect(failed.statusMessage == "Modbus timeout on register 40001")
        #expect(failed.updatedAt >= failed.createdAt)
    }

    @Test(arguments: [(RunOutcome.completed, RunStatus.completed), (.cancelled, .cancelled), (.failed, .failed)])
    func finishingRecordsTheOutcomeAndSummary(outcome: RunOutcome, status: RunStatus) throws {
        let store = try RunStore.inMemory()
        let run = try store.createRun(sampleRun())
        let summary = RunSummary(bestObjective: -0.0, bestParameters: [1e-310, -2], bestEvaluationIndex: 4,
                                 metrics: ["gain_dB": 20.5, "rmsX": .infinity])
        try store.finishRun(run.id, outcome: outcome, message: "why", summary: summary)
        let finished = try store.run(run.id)
        #expect(finished.status == status)
        #expect(finished.statusMessage == "why")
        #expect(sameBits(try #require(finished.summary.bestObjective), -0.0))
        #expect(sameBits(try #require(finished.summary.bestParameters), [1e-310, -2]))
        #expect(finished.summary.bestEvaluationIndex == 4)
        // Metric names are kept exactly (no key conversion).
        #expect(finished.summary.metrics == ["gain_dB": 20.5, "rmsX": .infinity])
    }

    @Test func finishingWithoutSummaryKeepsTheOldOne() throws {
        let store = try RunStore.inMemory()
        let run = try store.createRun(sampleRun())
        try store.setSummary(RunSummary(bestObjective: 3), of: run.id)
        try store.finishRun(run.id, outcome: .completed)
        #expect(try store.run(run.id).summary.bestObjective == 3)
    }

    @Test func unknownRunNamesTheNearestIDs() throws {
        let store = try RunStore.inMemory()
        for _ in 1...5 { try store.createRun(sampleRun()) }
        try store.deleteRun(RunID(number: 3))
        let error = #expect(throws: RunStoreError.self) { try store.run(RunID(number: 3)) }
        #expect(error == .unknownRun(RunID(number: 3), nearest: [RunID(number: 1), RunID(number: 2), RunID(number: 4)],
                                     path: ":memory:"))
        #expect(error?.description.contains("The nearest ids are r1, r2, r4.") == true)
        let far = #expect(throws: RunStoreError.self) { try store.run(RunID(number: 1000)) }
        #expect(far == .unknownRun(RunID(number: 1000), nearest: [RunID(number: 2), RunID(number: 4), RunID(number: 5)],
                                   path: ":memory:"))
        #expect(error?.isUsageError == true)
    }

    @Test func unknownRunInAnEmptyStoreSaysSo() throws {
        let store = try RunStore.inMemory()
        let error = #expect(throws: RunStoreError.self) { try store.run(named: "r1") }
        #expect(error?.description.contains("holds no runs yet") == true)
    }

    @Test func malformedRunNameIsRefused() throws {
        let store = try RunStore.inMemory()
        let error = #expect(throws: RunStoreError.self) { try store.run(named: "latest") }
        #expect(error == .malformedRunID("latest"))
        #expect(error?.description.contains("ids look like r12") == true)
    }

    @Test func everyOperationOnAnUnknownRunSaysSo() throws {
        let store = try RunStore.inMemory()
        let missing = RunID(number: 9)
        let operations: [() throws -> Void] = [
            { try store.setStatus(.completed, of: missing) },
            { try store.setSummary(.empty, of: missing) },
            { try store.finishRun(missing, outcome: .completed) },
            { _ = try store.resumption(of: missing) },
            { _ = try store.resumeRun(missing) },
            { try store.deleteRun(missing) },
            { _ = try store.evaluations(of: missing) },
            { _ = try store.evaluationCount(of: missing) },
            { try store.appendEvaluation(to: missing, parameters: [], evaluation: Evaluation(objective: 0),
                                         wallTime: 0, isFeasible: true) },
            { try store.appendEpisode(EpisodeResult(episodeReturn: 0, length: 0), to: missing) },
            { _ = try store.episodes(of: missing) },
            { try store.saveCheckpoint(Data([0]), sequence: 0, of: missing) },
            { _ = try store.latestCheckpoint(of: missing) },
            { _ = try store.checkpointSequences(of: missing) },
            { try store.pruneCheckpoints(of: missing, keepingLatest: 1) },
        ]
        for operation in operations {
            #expect(throws: RunStoreError.unknownRun(missing, nearest: [], path: ":memory:"), performing: operation)
        }
    }

    @Test func deletingARunDeletesWhatItRecorded() throws {
        let store = try RunStore.inMemory()
        let doomed = try store.createRun(sampleRun())
        let kept = try store.createRun(sampleRun())
        for run in [doomed, kept] {
            try store.appendEvaluation(to: run.id, parameters: [1], evaluation: Evaluation(objective: 1), wallTime: 0,
                                       isFeasible: true, checkpoint: Data([9]))
            try store.appendEpisode(EpisodeResult(episodeReturn: 1, length: 1), to: run.id)
        }
        try store.deleteRun(doomed.id)
        let overviews = try store.runs()
        #expect(overviews.map(\.run.id) == [kept.id])
        #expect(overviews.map(\.evaluationCount) == [1])
        #expect(overviews.map(\.episodeCount) == [1])
        #expect(overviews.map(\.checkpointCount) == [1])
    }

    @Test func resumingAStoppedRunReturnsEverythingAndSetsItRunning() throws {
        let store = try RunStore.inMemory()
        let run = try store.createRun(sampleRun())
        for index in 0..<4 {
            try store.appendEvaluation(to: run.id, parameters: [Double(index)], evaluation: Evaluation(objective: Double(-index)),
                                       wallTime: 0.5, isFeasible: true, checkpoint: Data("state \(index)".utf8))
        }
        try store.appendEpisode(EpisodeResult(episodeReturn: 1, length: 1), to: run.id)
        try store.finishRun(run.id, outcome: .cancelled, message: "Ctrl-C")
        let snapshot = try store.resumption(of: run.id)
        #expect(snapshot.run.status == .cancelled)
        let resumed = try store.resumeRun(run.id)
        #expect(resumed.run.status == .running)
        #expect(resumed.run.statusMessage == nil)
        #expect(resumed.evaluations.map(\.index) == [0, 1, 2, 3])
        #expect(resumed.evaluations == snapshot.evaluations)
        #expect(resumed.checkpoint?.sequence == 3)
        #expect(resumed.checkpoint?.state == Data("state 3".utf8))
        #expect(resumed.episodeCount == 1)
        // Recording continues where it stopped.
        let next = try store.appendEvaluation(to: run.id, parameters: [4], evaluation: Evaluation(objective: -4),
                                              wallTime: 0.5, isFeasible: true)
        #expect(next.index == 4)
    }

    @Test func theSummaryKeepsTheLowestFeasibleObjective() {
        var summary = RunSummary(metrics: ["kept": 1])
        let steps: [(objective: Double, feasible: Bool)] = [
            (.nan, true), (5, true), (7, true), (1, false), (.infinity, true), (-0.0, true), (0.0, true), (-3, false),
        ]
        var bests: [Int?] = []
        for (index, step) in steps.enumerated() {
            summary = summary.updated(afterEvaluation: index, parameters: [Double(index)], objective: step.objective,
                                      isFeasible: step.feasible)
            bests.append(summary.bestEvaluationIndex)
        }
        // NaN is never best, infeasible points never are, +0 does not beat −0 (a tie keeps the earlier one).
        #expect(bests == [nil, 1, 1, 1, 1, 5, 5, 5])
        #expect(summary.bestParameters == [5])
        #expect(summary.bestObjective.map(\.sign) == .minus)
        #expect(summary.metrics == ["kept": 1])
        // +∞ is a finite comparison's loser but still a value: it is best when nothing else was feasible.
        #expect(RunSummary.empty.updated(afterEvaluation: 0, parameters: [], objective: .infinity, isFeasible: true)
                    .bestEvaluationIndex == 0)
    }

    @Test func outcomesMapToStatuses() {
        #expect(RunStatus(RunOutcome.completed) == .completed)
        #expect(RunStatus(RunOutcome.cancelled) == .cancelled)
        #expect(RunStatus(RunOutcome.failed) == .failed)
    }
}
