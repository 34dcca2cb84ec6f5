import Foundation
import Testing
import VernierCore
import VernierStore

/// Optimiser and learner checkpoints: latest wins, exact state, pruning.
struct CheckpointTests {
    @Test func latestIsTheHighestSequenceAndARepeatReplaces() throws {
        let store = try RunStore.inMemory()
        let run = try store.createRun(sampleRun(kind: .train)).id
        #expect(try store.latestCheckpoint(of: run) == nil)
        try store.saveCheckpoint(Data("one".utf8), sequence: 1, of: run)
        try store.saveCheckpoint(Data("three".utf8), sequence: 3, of: run)
        try store.saveCheckpoint(Data("two".utf8), sequence: 2, of: run)
        #expect(try store.latestCheckpoint(of: run)?.state == Data("three".utf8))
        try store.saveCheckpoint(Data("three again".utf8), sequence: 3, of: run)
        let latest = try #require(try store.latestCheckpoint(of: run))
        #expect(latest.sequence == 3)
        #expect(latest.state == Data("three again".utf8))
        #expect(try store.checkpointSequences(of: run) == [1, 2, 3])
    }

    @Test func checkpointsBelongToTheirRun() throws {
        let store = try RunStore.inMemory()
        let first = try store.createRun(sampleRun()).id
        let second = try store.createRun(sampleRun()).id
        try store.saveCheckpoint(Data([1]), sequence: 100, of: first)
        try store.saveCheckpoint(Data([2]), sequence: 5, of: second)
        #expect(try store.latestCheckpoint(of: first)?.state == Data([1]))
        #expect(try store.latestCheckpoint(of: second)?.state == Data([2]))
    }

    struct OptimiserState: Codable, Equatable {
        var simplex: [[Double]]
        var best: Double
        var iteration: Int
        var random: [UInt64]
    }

    @Test func encodedStateDecodesBitForBit() throws {
        let store = try RunStore.inMemory()
        let run = try store.createRun(sampleRun()).id
        let state = OptimiserState(simplex: [awkwardDoubles, [1, 2]], best: .infinity, iteration: 12,
                                   random: [.max, 0, 0x9E37_79B9_7F4A_7C15])
        try store.saveCheckpoint(encoding: state, sequence: 12, of: run)
        let decoded = try #require(try store.latestCheckpoint(of: run)).decode(OptimiserState.self)
        #expect(sameBits(decoded.simplex[0], awkwardDoubles))
        #expect(decoded.simplex[1] == [1, 2])
        #expect(decoded.best == .infinity)
        #expect(decoded.iteration == 12)
        #expect(decoded.random == state.random)
    }

    @Test func stateEncodedForAnEvaluationDecodesBitForBit() throws {
        let store = try RunStore.inMemory()
        let run = try store.createRun(sampleRun()).id
        let state = OptimiserState(simplex: [[-0.0, .nan]], best: -.infinity, iteration: 0, random: [1])
        try store.appendEvaluation(to: run, parameters: [0], evaluation: Evaluation(objective: 0), wallTime: 0,
                                   isFeasible: true, checkpoint: try Checkpoint.data(encoding: state))
        let checkpoint = try #require(try store.latestCheckpoint(of: run))
        #expect(checkpoint.sequence == 0)
        let decoded = try checkpoint.decode(OptimiserState.self)
        #expect(sameBits(decoded.simplex[0], [-0.0, .nan]))
        #expect(decoded.best == -.infinity)
    }

    @Test(arguments: [0, 1, 1 << 20])
    func blobsOfAnySizeRoundTrip(size: Int) throws {
        try withTemporaryDirectory { directory in
            // Every byte value, in an order that is not a simple ramp (a multiplicative hash of the position).
            let state = Data((0..<size).map { UInt8(truncatingIfNeeded: (UInt64($0) &* 0x9E37_79B9_7F4A_7C15) >> 56) })
            let path = directory + "/runs.sqlite"
            let run: RunID
            do {
                let store = try RunStore(path: path)
                run = try store.createRun(sampleRun(kind: .train)).id
                try store.saveCheckpoint(state, sequence: 0, of: run)
                try store.close()
            }
            #expect(try RunStore(path: path).latestCheckpoint(of: run)?.state == state)
        }
    }

    @Test func pruningKeepsTheLatest() throws {
        let store = try RunStore.inMemory()
        let run = try store.createRun(sampleRun(kind: .train)).id
        for sequence in [10, 20, 30, 40, 50] {
            try store.saveCheckpoint(Data([UInt8(sequence)]), sequence: sequence, of: run)
        }
        try store.pruneCheckpoints(of: run, keepingLatest: 2)
        #expect(try store.checkpointSequences(of: run) == [40, 50])
        #expect(try store.latestCheckpoint(of: run)?.state == Data([50]))
        try store.pruneCheckpoints(of: run, keepingLatest: 0)
        #expect(try store.latestCheckpoint(of: run) == nil)
    }

    @Test func aFinishedRunStillTakesCheckpoints() throws {
        // A trainer may save its final state after marking the run completed.
        let store = try RunStore.inMemory()
        let run = try store.createRun(sampleRun(kind: .train)).id
        try store.finishRun(run, outcome: .completed)
        try store.saveCheckpoint(Data([7]), sequence: 1_000_000, of: run)
        #expect(try store.latestCheckpoint(of: run)?.sequence == 1_000_000)
    }
}
