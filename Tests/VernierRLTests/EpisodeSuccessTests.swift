import Foundation
import Testing
import VernierCore
@testable import VernierRL

/// Episode successes, kept for the training report's success-rate curve.
@Suite struct EpisodeSuccessTests {
    @Test func episodeSuccessesAreKeptInTheWindowAndOldCheckpointsStillDecode() throws {
        var statistics = EpisodeStatistics(window: 2)
        statistics.record(return: 1, length: 1, success: true)
        statistics.record(return: 2, length: 2)
        statistics.record(return: 3, length: 3, success: false)
        #expect(statistics.recentSuccesses == [nil, false])
        let round = try JSONDecoder().decode(EpisodeStatistics.self, from: JSONEncoder().encode(statistics))
        #expect(round == statistics)
        // Written before successes were kept: no `recentSuccesses` key.
        let old = #"{"window": 100, "recentReturns": [1, 2], "recentLengths": [3, 4], "completedEpisodes": 7}"#
        let decoded = try JSONDecoder().decode(EpisodeStatistics.self, from: Data(old.utf8))
        #expect(decoded.recentSuccesses == [nil, nil] && decoded.completedEpisodes == 7 && decoded.recentLengths == [3, 4])
    }
}

/// Three-step episodes whose second step reports success when its action is positive; `reports` off, it
/// reports nothing (as Pendulum).
private struct SucceedsOnPositiveAction: Environment {
    var reports = true
    var t = 0
    var metadata: PlantMetadata { PlantMetadata(machine: "test: succeeds on a positive action", maxEpisodeSteps: 3) }
    var observationSpace: Space { .box(Box(low: [0], high: [1])) }
    var actionSpace: Space { .box(Box(low: [-1], high: [1])) }

    mutating func reset(seed: UInt64?, options: ResetOptions?) throws -> Reset {
        t = 0
        return Reset(observation: [0])
    }

    mutating func step(_ action: [Double]) throws -> Step {
        t += 1
        let info = reports && t == 2 ? StepInfo(isSuccess: action[0] > 0) : StepInfo()
        return Step(observation: [0], reward: 0, terminated: false, truncated: t == 3, info: info)
    }
}

extension EpisodeSuccessTests {
    @Test func episodesRecordWhetherAStepReportedSuccess() throws {
        var vector = try VectorEnvironment([SucceedsOnPositiveAction(), SucceedsOnPositiveAction(reports: false)])
        try vector.reset(seed: 1)
        for actions in [[-1.0, 1], [1, 1], [-1, -1], [-1, 1], [-1, 1], [-1, 1]] {
            try actions.withUnsafeBufferPointer { try vector.step($0.baseAddress!) }
        }
        // Episode 1 of copy 0 succeeded at its second step, episode 2 did not; copy 1 never reports.
        #expect(vector.episodes.completedEpisodes == 4)
        #expect(vector.episodes.recentSuccesses == [true, nil, false, nil])
    }
}
