import Foundation
import Testing
import VernierCore
@testable import VernierOptimize

@Suite("configuration")
struct ConfigurationTests {
    /// Every key optional: a partial file keeps the other defaults.
    @Test func partialConfigurationKeepsDefaults() throws {
        let json = #"""
        {"bayesian": {"max_travel": [0.5, 0.25], "acquisition": {"type": "ucb", "exploration_weight": 2.5},
                      "prior": {"noise_variance_bounds": {"lower": 1e-4, "upper": 0.5}}},
         "nelder_mead": {"initial_step": 0.05}, "ignore_constraints": true}
        """#
        let configuration = try JSONDecoder().decode(OptimizerConfiguration.self, from: Data(json.utf8))
        #expect(configuration.bayesian.maxTravel == [0.5, 0.25])
        #expect(configuration.bayesian.acquisition == .upperConfidenceBound(explorationWeight: 2.5))
        #expect(configuration.bayesian.prior.noiseVarianceBounds == GPPrior.Interval(1e-4, 0.5))
        #expect(configuration.bayesian.prior.lengthscaleBounds == GPPrior().lengthscaleBounds)
        #expect(configuration.bayesian.acquisitionRawSamples == BayesianOptions().acquisitionRawSamples)
        #expect(configuration.nelderMead.initialStep == 0.05)
        #expect(configuration.nelderMead.xTolerance == NelderMeadOptions().xTolerance)
        #expect(configuration.ignoreConstraints)
        let simple = try JSONDecoder().decode(BayesianOptions.self, from: Data(#"{"acquisition": "ucb"}"#.utf8))
        #expect(simple.acquisition == .upperConfidenceBound(explorationWeight: 1.96))
        // Round trip.
        let again = try JSONDecoder().decode(OptimizerConfiguration.self, from: JSONEncoder().encode(configuration))
        #expect(again == configuration)
    }

    /// A typo is an error that names the key and the likely intended one.
    @Test func unknownKeysAreRefused() {
        let json = #"{"bayesian": {"max_travle": [1, 1]}}"#
        do {
            _ = try JSONDecoder().decode(OptimizerConfiguration.self, from: Data(json.utf8))
            Issue.record("a misspelt key was accepted")
        } catch {
            #expect("\(error)".contains("max_travle"))
            #expect("\(error)".contains("max_travel"))
        }
    }

    @Test func invalidOptionsAreRefusedWithTheReason() {
        var options = BayesianOptions()
        options.maxTravel = [1]
        options.acquisitionRestarts = 0
        #expect(throws: OptimizerError.self) {
            try BayesianOptimizer(problem: TestProblem.branin.problem(), options: options, seed: 0)
        }
        #expect(options.problems(dimension: 2).count == 2)
        let flat = OptimizationProblem(space: Box(low: [0, 1], high: [1, 1]))
        #expect(throws: OptimizerError.self) { try RandomSearch(problem: flat, seed: 0) }
        let outside = OptimizationProblem(space: Box(low: 0, high: 1, count: 2), initialPoint: [0.5, 2])
        do {
            _ = try NelderMead(problem: outside)
        } catch {
            #expect(error.description.contains("x1 = 2.0"))
        }
    }

    @Test func kindsDeclareCapabilities() {
        #expect(OptimizerKind.bayesian.capabilities.handlesConstraints)
        #expect(OptimizerKind.bayesian.capabilities.supportsBatch)
        #expect(!OptimizerKind.nelderMead.capabilities.handlesConstraints)
        #expect(!OptimizerKind.extremumSeeking.capabilities.supportsBatch)
        #expect(OptimizerKind(rawValue: "nelder-mead") == .nelderMead)
    }
}
