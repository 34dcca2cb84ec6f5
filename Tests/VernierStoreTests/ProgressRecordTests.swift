import Foundation
import Testing
import VernierStore

/// v2 records: a learner's per-update statistics and an episode's steps to success.
struct ProgressRecordTests {
    @Test func progressRoundTripsExactlyInStepOrderAndARepeatedStepReplaces() throws {
        let store = try RunStore.inMemory()
        let run = try store.createRun(sampleRun(kind: .train)).id
        let late = ["policy_loss": -0.0, "approx_kl": 1e-300, "explained_variance": -.infinity]
        try store.recordProgress(late, step: 4096, of: run)
        try store.recordProgress(["entropy": .nan], step: 2048, of: run)
        try store.recordProgress(["entropy": 1.25], step: 2048, of: run)
        let read = try store.progress(of: run)
        #expect(read.map(\.step) == [2048, 4096])
        #expect(read[0].statistics == ["entropy": 1.25])
        #expect(sameBits(read[1].statistics, late))
        #expect(throws: RunStoreError.self) { try store.recordProgress([:], step: -1, of: run) }
        try store.finishRun(run, outcome: .completed)
        #expect(throws: RunStoreError.self) { try store.recordProgress([:], step: 1, of: run) }
    }

    @Test func stepsToSuccessRoundTripAndMustLieInTheEpisode() throws {
        let store = try RunStore.inMemory()
        let run = try store.createRun(sampleRun(kind: .evaluate)).id
        try store.appendEpisodes([
            EpisodeResult(episodeReturn: 1, length: 10, success: true, stepsToSuccess: 7),
            EpisodeResult(episodeReturn: 0, length: 10, success: false),
        ], to: run)
        #expect(try store.episodes(of: run).map(\.result.stepsToSuccess) == [7, nil])
        #expect(throws: RunStoreError.self) {
            try store.appendEpisode(EpisodeResult(episodeReturn: 1, length: 3, success: true, stepsToSuccess: 4), to: run)
        }
        #expect(throws: RunStoreError.self) {
            try store.appendEpisode(EpisodeResult(episodeReturn: 1, length: 3, success: true, stepsToSuccess: 0), to: run)
        }
        #expect(try store.episodes(of: run).count == 2)
    }
}
