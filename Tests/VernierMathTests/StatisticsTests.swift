import Testing
import VernierMath

struct StatisticsTests {
    @Test func quantilesInterpolateLikeNumPy() {
        let values = [3.0, 1, 4, 1, 5, 9, 2, 6]
        // numpy.quantile(values, [0, .25, .5, .9, 1]) = [1, 1.75, 3.5, 6.9, 9]
        #expect(Statistics.quantile(values, 0) == 1)
        #expect(Statistics.quantile(values, 0.25) == 1.75)
        #expect(Statistics.median(values) == 3.5)
        #expect(abs(Statistics.quantile(values, 0.9) - 6.9) < 1e-12)
        #expect(Statistics.quantile(values, 1) == 9)
        #expect(Statistics.median([]).isNaN)
    }

    @Test func meanVarianceRms() {
        #expect(Statistics.mean([1, 2, 3, 4]) == 2.5)
        #expect(abs(Statistics.variance([1, 2, 3, 4]) - 5.0 / 3) < 1e-15)
        #expect(Statistics.rootMeanSquare([3, 4]) == (12.5).squareRoot())
    }

    @Test func runningMeanVarianceMatchesTheBatchFormulas() {
        var tracker = RunningMeanVariance(dimension: 2, epsilon: 0)
        let samples = [[1.0, 10], [2, 20], [4, 40], [8, -80]]
        tracker.update(batchMean: samples[0], batchVariance: [0, 0], batchCount: 1)
        for sample in samples.dropFirst() { tracker.update(sample) }
        for column in 0..<2 {
            let values = samples.map { $0[column] }
            let mean = Statistics.mean(values)
            let population = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)
            #expect(abs(tracker.mean[column] - mean) < 1e-12)
            #expect(abs(tracker.variance[column] - population) < 1e-9)
        }
        #expect(tracker.count == 4)
    }
}
