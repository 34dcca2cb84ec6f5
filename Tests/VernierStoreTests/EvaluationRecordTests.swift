import Foundation
import GRDB
import Testing
import VernierCore
import VernierStore

/// Evaluations: exact round trips, order, and the rules of recording.
struct EvaluationRecordTests {
    @Test func everyFieldRoundTripsBitForBitThroughTheFile() throws {
        try withTemporaryDirectory { directory in
            let path = directory + "/runs.sqlite"
            let observables = Dictionary(uniqueKeysWithValues: awkwardDoubles.enumerated().map { ("q\($0)", $1) })
            let run: RunID
            do {
                let store = try RunStore(path: path)
                run = try store.createRun(sampleRun()).id
                for (index, value) in awkwardDoubles.enumerated() {
                    let recorded = try store.appendEvaluation(
                        to: run, parameters: awkwardDoubles, evaluation: Evaluation(
                            objective: value, constraints: awkwardDoubles.reversed(), observables: observables),
                        wallTime: value.isFinite ? abs(value) : 0, isFeasible: index.isMultiple(of: 3))
                    #expect(recorded.index == index)
                }
                try store.close()
            }
            // Read back through a new connection: what is on disk, not what a cache holds.
            let records = try RunStore(path: path).evaluations(of: run)
            #expect(records.count == awkwardDoubles.count)
            for (record, value) in zip(records, awkwardDoubles) {
                #expect(sameBits(record.objective, value), "objective \(value) read back as \(record.objective)")
                #expect(sameBits(record.parameters, awkwardDoubles))
                #expect(sameBits(record.constraints, awkwardDoubles.reversed()))
                #expect(sameBits(record.observables, observables))
                #expect(sameBits(record.wallTime, value.isFinite ? abs(value) : 0))
                #expect(record.isFeasible == record.index.isMultiple(of: 3))
            }
        }
    }

    @Test(arguments: awkwardDoubles)
    func objectiveRoundTrips(value: Double) throws {
        let store = try RunStore.inMemory()
        let run = try store.createRun(sampleRun()).id
        try store.appendEvaluation(to: run, parameters: [value], evaluation: Evaluation(objective: value),
                                   wallTime: 0, isFeasible: true)
        let record = try #require(try store.evaluations(of: run).first)
        #expect(sameBits(record.objective, value))
        #expect(sameBits(record.parameters, [value]))
    }

    @Test func negativeZeroIsStoredAsARealNotAnInteger() throws {
        try withTemporaryDirectory { directory in
            let path = directory + "/runs.sqlite"
            let store = try RunStore(path: path)
            let run = try store.createRun(sampleRun()).id
            try store.appendEvaluation(to: run, parameters: [], evaluation: Evaluation(objective: -0.0),
                                       wallTime: -0.0, isFeasible: true)
            try store.appendEvaluation(to: run, parameters: [], evaluation: Evaluation(objective: .nan),
                                       wallTime: 0, isFeasible: false)
            try store.close()
            // The documented representation, seen through SQL: −0.0 stays a REAL (REAL affinity would make it
            // the integer 0), and NaN is NULL.
            let raw = try DatabaseQueue(path: path)
            let rows = try raw.read {
                try Row.fetchAll($0, sql: """
                    SELECT typeof(objective) AS type, objective, typeof(wall_time) AS wall_type
                    FROM evaluation ORDER BY evaluation_index
                    """)
            }
            #expect(rows.map { $0["type"] as String } == ["real", "null"])
            #expect(rows.map { $0["wall_type"] as String } == ["real", "real"])
            #expect((rows[0]["objective"] as Double).sign == .minus)
            try raw.close()
        }
    }

    @Test func evaluationsKeepTheirOrderAndRangesSelectByIndex() throws {
        let store = try RunStore.inMemory()
        let run = try store.createRun(sampleRun()).id
        let other = try store.createRun(sampleRun()).id
        for index in 0..<30 {
            // Interleave two runs: each keeps its own numbering.
            try store.appendEvaluation(to: run, parameters: [Double(index)], evaluation: Evaluation(objective: Double(30 - index)),
                                       wallTime: 0, isFeasible: true)
            try store.appendEvaluation(to: other, parameters: [-Double(index)], evaluation: Evaluation(objective: 0),
                                       wallTime: 0, isFeasible: true)
        }
        let records = try store.evaluations(of: run)
        #expect(records.map(\.index) == Array(0..<30))
        #expect(records.map { $0.parameters[0] } == (0..<30).map(Double.init))
        #expect(try store.evaluations(of: other).map { $0.parameters[0] } == (0..<30).map { -Double($0) })
        #expect(try store.evaluations(of: run, in: 10..<13).map(\.index) == [10, 11, 12])
        #expect(try store.evaluations(of: run, in: 28..<40).map(\.index) == [28, 29])
        #expect(try store.evaluations(of: run, in: 40..<50).isEmpty)
        #expect(try store.evaluationCount(of: run) == 30)
        // Recording times never go backwards.
        #expect(zip(records, records.dropFirst()).allSatisfy { $0.recordedAt <= $1.recordedAt })
    }

    @Test func theRecordGivesBackTheEvaluation() throws {
        let store = try RunStore.inMemory()
        let run = try store.createRun(sampleRun()).id
        let evaluation = Evaluation(objective: 0.25, constraints: [19.7, -1], observables: ["gain_db": 19.7, "bandwidth_mhz": 12])
        let recorded = try store.appendEvaluation(to: run, parameters: [0.5, 0.25], evaluation: evaluation,
                                                  wallTime: 1.5, isFeasible: false)
        let read = try #require(try store.evaluations(of: run).first)
        #expect(read.evaluation == evaluation)
        #expect(read == recorded)
    }

    @Test(arguments: [RunStatus.completed, .cancelled, .failed])
    func onlyARunningRunTakesEvaluations(status: RunStatus) throws {
        let store = try RunStore.inMemory()
        let run = try store.createRun(sampleRun()).id
        try store.setStatus(status, of: run)
        let error = #expect(throws: RunStoreError.self) {
            try store.appendEvaluation(to: run, parameters: [1], evaluation: Evaluation(objective: 1),
                                       wallTime: 0, isFeasible: true)
        }
        #expect(error == .runNotRunning(run, status: status))
        #expect(error?.description.contains("resume it") == true)
        #expect(try store.evaluationCount(of: run) == 0)
    }

    @Test(arguments: [-1.0, -.leastNonzeroMagnitude, .infinity, -.infinity, .nan])
    func wallTimeMustBeFiniteAndNonNegative(wallTime: Double) throws {
        let store = try RunStore.inMemory()
        let run = try store.createRun(sampleRun()).id
        #expect(throws: RunStoreError.self) {
            try store.appendEvaluation(to: run, parameters: [1], evaluation: Evaluation(objective: 1),
                                       wallTime: wallTime, isFeasible: true)
        }
        #expect(try store.evaluationCount(of: run) == 0)
    }

    @Test func summaryAndCheckpointCommitWithTheEvaluation() throws {
        let store = try RunStore.inMemory()
        let run = try store.createRun(sampleRun()).id
        let first = try store.appendEvaluation(
            to: run, parameters: [0.1], evaluation: Evaluation(objective: 2), wallTime: 0.1, isFeasible: true,
            summary: RunSummary(bestObjective: 2, bestParameters: [0.1], bestEvaluationIndex: 0),
            checkpoint: Data("after 0".utf8))
        let second = try store.appendEvaluation(
            to: run, parameters: [0.2], evaluation: Evaluation(objective: 3), wallTime: 0.1, isFeasible: true,
            checkpoint: Data("after 1".utf8))
        #expect(first.index == 0 && second.index == 1)
        let stored = try store.run(run)
        #expect(stored.summary == RunSummary(bestObjective: 2, bestParameters: [0.1], bestEvaluationIndex: 0))
        #expect(stored.updatedAt >= stored.createdAt)
        let checkpoint = try #require(try store.latestCheckpoint(of: run))
        #expect(checkpoint.sequence == 1)
        #expect(checkpoint.state == Data("after 1".utf8))
        #expect(try store.checkpointSequences(of: run) == [1], "an evaluation's checkpoint replaces the earlier ones")
    }

    @Test func numberingContinuesAcrossReopening() throws {
        try withTemporaryDirectory { directory in
            let path = directory + "/runs.sqlite"
            let run: RunID
            do {
                let store = try RunStore(path: path)
                run = try store.createRun(sampleRun()).id
                for _ in 0..<3 {
                    try store.appendEvaluation(to: run, parameters: [], evaluation: Evaluation(objective: 0),
                                               wallTime: 0, isFeasible: true)
                }
                try store.close()
            }
            let reopened = try RunStore(path: path)
            let next = try reopened.appendEvaluation(to: run, parameters: [], evaluation: Evaluation(objective: 0),
                                                     wallTime: 0, isFeasible: true)
            #expect(next.index == 3)
        }
    }
}
