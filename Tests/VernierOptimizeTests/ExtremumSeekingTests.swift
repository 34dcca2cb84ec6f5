import Foundation
import Testing
import VernierCore
import VernierMath
@testable import VernierOptimize

@Suite("extremum seeking")
struct ExtremumSeekingTests {
    /// One step by hand: p₁ = p₀ + Δt √(αω) cos(ω·0 + kC), with αᵢ = ωᵢ s², Δt = 2π/(10 ω_max).
    @Test func firstStepMatchesTheUpdateLaw() throws {
        let problem = OptimizationProblem(space: Box(low: [0, -2], high: [10, 2]), initialPoint: [5, 1])
        var optimizer = try ExtremumSeeking(problem: problem)
        #expect(optimizer.frequencies == [1, 1.75])
        let dt = 2 * Double.pi / (10 * 1.75)
        #expect(optimizer.timeStep == dt)
        let start = try optimizer.suggest(1)[0]
        #expect(start == [5, 1])
        let cost = 0.3
        try optimizer.ingest([EvaluatedPoint(parameters: start, objective: cost)])
        let p0 = problem.space.normalize(start)
        let expected = (0..<2).map { i -> Double in
            let omega = optimizer.frequencies[i]
            return p0[i] + dt * (omega * 0.1 * 0.1 * omega).squareRoot() * cos(2 * cost)
        }
        for i in 0..<2 { #expect(abs(optimizer.normalizedPoint[i] - expected[i]) < 1e-15) }
    }

    /// Bounded: whatever the cost (huge, noisy, NaN), no step exceeds Δt·ωᵢ·s in normalised units.
    @Test func stepsAreBoundedWhateverTheCost() throws {
        let problem = OptimizationProblem(space: Box(low: -1, high: 1, count: 3), initialPoint: [0, 0, 0])
        var optimizer = try ExtremumSeeking(problem: problem)
        var generator = SeededGenerator(seed: 4)
        var previous = try optimizer.suggest(1)[0]
        for _ in 0..<200 {
            let cost = [1e12, -1e9, .nan, generator.nextStandardNormal()][Int(generator.next() % 4)]
            try optimizer.ingest([EvaluatedPoint(parameters: previous, objective: cost)])
            let next = try optimizer.suggest(1)[0]
            for i in 0..<3 {
                let bound = optimizer.timeStep * optimizer.frequencies[i] * 0.1 * (1 + 1e-12)
                #expect(abs(next[i] - previous[i]) <= bound)
            }
            previous = next
        }
    }

    /// On a quadratic bowl the dithered point drifts to the minimum: after 1,500 steps the mean position over
    /// the last 200 lies within 0.05 (normalised) of it, from a start 0.6 away.
    @Test func driftsToTheMinimum() throws {
        let target = [0.3, -0.4]
        let problem = OptimizationProblem(space: Box(low: -1, high: 1, count: 2), initialPoint: [-0.3, 0.2])
        var optimizer = try ExtremumSeeking(problem: problem)
        var recent: [[Double]] = []
        for step in 0..<1500 {
            let point = try optimizer.suggest(1)[0]
            let cost = zip(point, target).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
            try optimizer.ingest([EvaluatedPoint(parameters: point, objective: cost)])
            if step >= 1300 { recent.append(point) }
        }
        let mean = (0..<2).map { i in recent.reduce(0) { $0 + $1[i] } / Double(recent.count) }
        #expect(abs(mean[0] - target[0]) < 0.05 && abs(mean[1] - target[1]) < 0.05, "mean position \(mean)")
    }
}
