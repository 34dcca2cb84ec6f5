import Foundation
import Testing
import VernierStore

/// Episodes: exact round trips, batches, traces.
struct EpisodeRecordTests {
    static let trace = EpisodeTrace(
        observations: [[1, 0, -0.0], [0.9, 0.1, .leastNonzeroMagnitude], [0.8, 0.2, 1e300]],
        actions: [[-1], [0.5]],
        rewards: [-0.0, -1e-300])

    @Test func episodesRoundTripExactly() throws {
        try withTemporaryDirectory { directory in
            let path = directory + "/runs.sqlite"
            let results = [
                EpisodeResult(episodeReturn: -0.0, length: 2, success: true, seed: .max, trace: Self.trace),
                EpisodeResult(episodeReturn: .nan, length: 0, success: false, seed: 0),
                EpisodeResult(episodeReturn: -.infinity, length: 200),
                EpisodeResult(episodeReturn: -1234.5678901234567, length: 200, success: nil, seed: 1 << 63),
            ]
            let run: RunID
            do {
                let store = try RunStore(path: path)
                run = try store.createRun(sampleRun(kind: .evaluate)).id
                let records = try store.appendEpisodes(results, to: run)
                #expect(records.map(\.index) == [0, 1, 2, 3])
                try store.close()
            }
            let read = try RunStore(path: path).episodes(of: run)
            #expect(read.map(\.index) == [0, 1, 2, 3])
            for (record, result) in zip(read, results) {
                #expect(sameBits(record.result.episodeReturn, result.episodeReturn))
                #expect(record.result.length == result.length)
                #expect(record.result.success == result.success)
                #expect(record.result.seed == result.seed)
            }
            let trace = try #require(read[0].result.trace)
            #expect(zip(trace.observations, Self.trace.observations).allSatisfy(sameBits))
            #expect(trace.actions == Self.trace.actions)
            #expect(sameBits(trace.rewards, Self.trace.rewards))
            #expect(read[1...].allSatisfy { $0.result.trace == nil })
        }
    }

    @Test func numberingContinuesAcrossBatchesAndSingles() throws {
        let store = try RunStore.inMemory()
        let run = try store.createRun(sampleRun(kind: .train)).id
        try store.appendEpisodes((0..<3).map { EpisodeResult(episodeReturn: Double($0), length: 1) }, to: run)
        let single = try store.appendEpisode(EpisodeResult(episodeReturn: 3, length: 1), to: run)
        try store.appendEpisodes([], to: run)
        try store.appendEpisodes([EpisodeResult(episodeReturn: 4, length: 1)], to: run)
        #expect(single.index == 3)
        let episodes = try store.episodes(of: run)
        #expect(episodes.map(\.index) == [0, 1, 2, 3, 4])
        #expect(episodes.map(\.result.episodeReturn) == [0, 1, 2, 3, 4])
    }

    @Test func tracesCanBeLeftOutWhenReading() throws {
        let store = try RunStore.inMemory()
        let run = try store.createRun(sampleRun(kind: .run)).id
        try store.appendEpisode(EpisodeResult(episodeReturn: -3, length: 2, trace: Self.trace), to: run)
        let light = try store.episodes(of: run, includingTraces: false)
        #expect(light.count == 1)
        #expect(light[0].result.trace == nil)
        #expect(light[0].result.length == 2)
    }

    @Test(arguments: [
        EpisodeResult(episodeReturn: 0, length: -1),
        EpisodeResult(episodeReturn: 0, length: 3, trace: EpisodeRecordTests.trace),
        EpisodeResult(episodeReturn: 0, length: 2,
                      trace: EpisodeTrace(observations: [[0]], actions: [[0], [0]], rewards: [0, 0])),
        EpisodeResult(episodeReturn: 0, length: 2,
                      trace: EpisodeTrace(observations: [[0], [0]], actions: [[0]], rewards: [0, 0])),
    ])
    func inconsistentEpisodesAreRefusedAndNothingOfTheBatchIsRecorded(bad: EpisodeResult) throws {
        let store = try RunStore.inMemory()
        let run = try store.createRun(sampleRun(kind: .train)).id
        let good = EpisodeResult(episodeReturn: 1, length: 2, trace: Self.trace)
        let error = #expect(throws: RunStoreError.self) { try store.appendEpisodes([good, bad], to: run) }
        #expect(error?.description.hasPrefix("invalid record:") == true)
        #expect(try store.episodes(of: run).isEmpty)
    }

    @Test func aTraceWithoutTheFinalObservationIsAccepted() throws {
        let store = try RunStore.inMemory()
        let run = try store.createRun(sampleRun(kind: .train)).id
        let trace = EpisodeTrace(observations: [[0], [1]], actions: [[0], [1]], rewards: [1, 1])
        try store.appendEpisode(EpisodeResult(episodeReturn: 2, length: 2, trace: trace), to: run)
        #expect(try store.episodes(of: run).first?.result.trace == trace)
    }

    @Test func onlyARunningRunTakesEpisodes() throws {
        let store = try RunStore.inMemory()
        let run = try store.createRun(sampleRun(kind: .evaluate)).id
        try store.finishRun(run, outcome: .completed)
        #expect(throws: RunStoreError.runNotRunning(run, status: .completed)) {
            try store.appendEpisode(EpisodeResult(episodeReturn: 1, length: 1), to: run)
        }
    }
}
