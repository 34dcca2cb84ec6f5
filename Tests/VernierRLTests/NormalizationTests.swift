import Testing
import VernierMath
@testable import VernierRL

@Suite struct NormalizationTests {
    /// VecNormalize's reward scaling on one step, by hand: returns R = r (first step), their batch mean and
    /// population variance merged with the prior (mean 0, var 1, count 1e-4) by Chan's formula.
    @Test func rewardIsDividedByTheStdOfTheDiscountedReturn() {
        var normalizer = RewardNormalizer(environmentCount: 2, discount: 0.9, clip: 10, epsilon: 1e-8)
        var rewards = [1.0, 3.0]
        rewards.withUnsafeMutableBufferPointer { normalizer.normalize($0.baseAddress!, isDone: { $0 == 1 }) }
        let count = 1e-4 + 2
        let mean = 2 * 2 / count
        let variance = (1 * 1e-4 + 1 * 2 + 4 * 1e-4 * 2 / count) / count
        #expect(abs(normalizer.statistics.mean[0] - mean) < 1e-15)
        #expect(abs(normalizer.statistics.variance[0] - variance) < 1e-15)
        let scale = (variance + 1e-8).squareRoot()
        #expect(abs(rewards[0] - 1 / scale) < 1e-15 && abs(rewards[1] - 3 / scale) < 1e-15)
        // Copy 1's episode ended: its discounted return restarts; copy 0's continues: 0.9 · 1 + r.
        #expect(normalizer.discountedReturns == [1, 0])
        var next = [2.0, 5.0]
        next.withUnsafeMutableBufferPointer { normalizer.normalize($0.baseAddress!, isDone: { _ in false }) }
        #expect(normalizer.discountedReturns == [0.9 * 1 + 2, 5])
    }

    @Test func rewardsAreClipped() {
        var normalizer = RewardNormalizer(environmentCount: 1, discount: 0.99, clip: 0.5, epsilon: 1e-8)
        var rewards = [100.0]
        rewards.withUnsafeMutableBufferPointer { normalizer.normalize($0.baseAddress!, isDone: { _ in false }) }
        #expect(rewards == [0.5])
    }

    @Test func observationsAreStandardisedAndClipped() {
        var normalizer = ObservationNormalizer(dimension: 2, clip: 3, epsilon: 1e-8)
        let batch = [1.0, 10, 3, 10, 5, 10]   // 3 rows: element 0 = 1, 3, 5; element 1 constant 10
        batch.withUnsafeBufferPointer { normalizer.update($0.baseAddress!, rows: 3) }
        let count = 1e-4 + 3
        #expect(abs(normalizer.statistics.mean[0] - 3 * 3 / count) < 1e-14)
        #expect(abs(normalizer.statistics.mean[1] - 10 * 3 / count) < 1e-14)
        var output = [0.0, 0.0]
        [3.0, 1000].withUnsafeBufferPointer { source in
            output.withUnsafeMutableBufferPointer { normalizer.normalize(source.baseAddress!, into: $0.baseAddress!, rows: 1) }
        }
        let expected0 = (3 - normalizer.statistics.mean[0]) / (normalizer.statistics.variance[0] + 1e-8).squareRoot()
        #expect(abs(output[0] - expected0) < 1e-14)
        #expect(output[1] == 3)
    }
}

@Suite struct VectorEnvironmentTests {
    /// Auto-reset keeps the ended episode's last observation, returns the new episode's first, and records
    /// the episode's raw return and length.
    @Test func autoResetKeepsTheFinalObservation() throws {
        var vector = try VectorEnvironment([LastStepPays(length: 3, truncates: true), LastStepPays(length: 2, truncates: false)])
        try vector.reset(seed: 1)
        #expect(vector.observations == [0, 0])
        let actions = [0.0, 0.0]
        try actions.withUnsafeBufferPointer { try vector.step($0.baseAddress!) }
        try actions.withUnsafeBufferPointer { try vector.step($0.baseAddress!) }
        // Copy 1 (length 2) terminated: reset to 0, final observation 1.
        #expect(vector.terminated == [false, true] && vector.truncated == [false, false])
        #expect(vector.observations == [2.0 / 3, 0] && vector.finalObservations[1] == 1)
        #expect(vector.episodes.recentReturns == [1] && vector.episodes.recentLengths == [2])
        try actions.withUnsafeBufferPointer { try vector.step($0.baseAddress!) }
        #expect(vector.truncated == [true, false] && vector.finalObservations[0] == 1 && vector.observations == [0, 0.5])
        #expect(vector.episodes.completedEpisodes == 2 && vector.episodes.meanReturn == 1)
    }

    @Test func differentSpacesAreRefused() {
        #expect(throws: VectorEnvironmentError.empty) { try VectorEnvironment([Reach]()) }
    }

    @Test func episodeWindowKeepsTheLastHundred() {
        var statistics = EpisodeStatistics(window: 3)
        for value in 1...5 { statistics.record(return: Double(value), length: value) }
        #expect(statistics.recentReturns == [3, 4, 5] && statistics.completedEpisodes == 5 && statistics.meanReturn == 4)
    }
}
