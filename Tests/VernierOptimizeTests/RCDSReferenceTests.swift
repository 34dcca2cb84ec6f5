import Foundation
import Testing
import VernierCore
@testable import VernierOptimize

/// Vernier's RCDS against a reference run of Xopt's (`Fixtures/xopt-rcds-quadratic.json`, written by
/// `Benchmarks/python/rcds_reference.py` with Xopt 3.2.2): the same quadratic, start, step and noise, and
/// `reuse_bracket_points: false` (what Xopt's port does in effect).
///
/// Tolerance: every one of the 120 points within 1e-9 of Xopt's, per parameter (physical units on ranges of 4–5).
/// The two differ only in floating-point detail: Xopt fits the parabola with `numpy.polyfit` (a scaled
/// least-squares solve), Vernier with normal equations on centred, scaled steps; the fitted minimum is taken on
/// the same 100-point grid, so the chosen points agree to rounding.
@Suite("RCDS against Xopt")
struct RCDSReferenceTests {
    struct Reference: Decodable {
        var low: [Double]
        var high: [Double]
        var start: [Double]
        var step: Double
        var noise: Double
        var points: [[Double]]
        var values: [Double]
    }

    static func objective(_ x: [Double]) -> Double {
        let a = x[0] - 0.4, b = x[1] - 1.1, c = x[2] - 2.7
        return 10 + 3 * a * a + b * b + 0.5 * c * c + 0.6 * a * b
    }

    @Test func reproducesXoptsRunOnAQuadratic() throws {
        let url = try #require(Bundle.module.url(forResource: "xopt-rcds-quadratic", withExtension: "json",
                                                  subdirectory: "Fixtures"))
        let reference = try JSONDecoder().decode(Reference.self, from: Data(contentsOf: url))
        #expect(reference.points.count == 120)
        let problem = OptimizationProblem(space: Box(low: reference.low, high: reference.high),
                                          initialPoint: reference.start)
        var rcds = try RCDS(problem: problem, options: RCDSOptions(
            step: reference.step, noise: reference.noise, reuseBracketPoints: false))
        var largest = 0.0
        for (index, expected) in reference.points.enumerated() {
            let point = try rcds.suggest(1)[0]
            let difference = zip(point, expected).map { abs($0 - $1) }.max() ?? .infinity
            largest = max(largest, difference)
            #expect(difference <= 1e-9, "evaluation \(index + 1): \(point) against Xopt's \(expected)")
            // Xopt's value at its own point, so a difference in one point cannot hide in the next.
            try rcds.ingest([EvaluatedPoint(parameters: point, objective: reference.values[index])])
            #expect(abs(Self.objective(expected) - reference.values[index]) <= 1e-12)
        }
        #expect(largest <= 1e-9)
    }
}
