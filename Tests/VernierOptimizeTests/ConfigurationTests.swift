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

@Suite("configuration of the local optimisers")
struct LocalOptimizerConfigurationTests {
    @Test func sectionsDecodeWithNumbersOrLists() throws {
        let json = #"""
        {"bobyqa": {"rhobeg": 0.2, "rhoend": [1e-4, 2e-4]}, "cobyla": {"restart_after_convergence": false},
         "praxis": {"rhobeg": [0.3, 0.1]}, "powell": {"xtol": 1e-3}, "rcds": {"step": 0.05, "noise": 0.02},
         "bo_then_bobyqa": {"bayesian_evaluations": 8, "bobyqa": {"rhobeg": 0.05}},
         "dfols": {"residuals": ["bpm_1", "bpm_2"], "rhobeg": 0.3, "rhoend": 1e-5, "noisy": true}}
        """#
        let configuration = try JSONDecoder().decode(OptimizerConfiguration.self, from: Data(json.utf8))
        #expect(configuration.bobyqa.initialStep == [0.2])
        #expect(configuration.bobyqa.minimumStep == [1e-4, 2e-4])
        #expect(!configuration.cobyla.restartAfterConvergence)
        #expect(configuration.options(for: .praxis).initialStep == [0.3, 0.1])
        #expect(configuration.newuoa == NLoptOptions())
        #expect(configuration.powell == PowellOptions(xTolerance: 1e-3))
        #expect(configuration.rcds == RCDSOptions(step: 0.05, noise: 0.02))
        #expect(configuration.bayesianThenBOBYQA.bayesianEvaluations == 8)
        #expect(configuration.bayesianThenBOBYQA.bobyqa.initialStep == [0.05])
        #expect(configuration.leastSquares == LeastSquaresOptions(
            residuals: ["bpm_1", "bpm_2"], initialStep: [0.3], minimumStep: [1e-5], noisy: true))
        // One number means the same step for every parameter, in that parameter's units.
        let space = Box(low: [0, -10], high: [1, 10])
        #expect(configuration.bobyqa.initialSteps(for: space) == [0.2, 0.2])
        #expect(NLoptOptions().initialSteps(for: space) == [0.1, 2])
        let again = try JSONDecoder().decode(OptimizerConfiguration.self, from: JSONEncoder().encode(configuration))
        #expect(again == configuration)
    }

    @Test func misspeltKeysAndBadStepsAreRefused() throws {
        #expect(throws: (any Error).self) {
            try JSONDecoder().decode(OptimizerConfiguration.self, from: Data(#"{"bobyqa": {"rho_beg": 0.1}}"#.utf8))
        }
        #expect(throws: (any Error).self) {
            try JSONDecoder().decode(OptimizerConfiguration.self, from: Data(#"{"rcds": {"stepp": 0.1}}"#.utf8))
        }
        let problem = OptimizationProblem(space: Box(low: [0, 0], high: [1, 1]), initialPoint: [0.5, 0.5])
        let wrongCount = NLoptOptions(initialStep: [0.1, 0.1, 0.1])
        #expect(throws: OptimizerError.self) { try NLoptOptimizer(method: .cobyla, problem: problem, options: wrongCount) }
        let endAboveBegin = NLoptOptions(initialStep: [0.1], minimumStep: [0.2])
        #expect(throws: OptimizerError.self) { try NLoptOptimizer(method: .sbplx, problem: problem, options: endAboveBegin) }
        #expect(throws: OptimizerError.self) { try RCDS(problem: problem, options: RCDSOptions(step: 0.8)) }
        #expect(throws: OptimizerError.self) {
            try DerivativeFreeLeastSquares(problem: problem, options: LeastSquaresOptions(residuals: ["r"], initialStep: [0.6]))
        }
        #expect(throws: (any Error).self) {
            try JSONDecoder().decode(OptimizerConfiguration.self, from: Data(#"{"dfols": {"residual": ["a"]}}"#.utf8))
        }
        let line = OptimizationProblem(space: Box(low: [0], high: [1]))
        #expect(throws: OptimizerError.self) { try NLoptOptimizer(method: .bobyqa, problem: line) }
        #expect(throws: Never.self) { try NLoptOptimizer(method: .cobyla, problem: line) }
    }

    @Test func everyKindHasAOneLineGuide() {
        let lines = OptimizerKind.choiceGuide.split(separator: "\n")
        #expect(lines.count == OptimizerKind.allCases.count)
        #expect(lines.allSatisfy { $0.count <= 80 }, "\(lines.filter { $0.count > 80 })")
        #expect(OptimizerKind.praxis.nloptMethod == .praxis)
        #expect(OptimizerKind.powell.nloptMethod == nil)
        #expect(OptimizerKind.cobyla.capabilities.handlesConstraints)
        #expect(!OptimizerKind.bobyqa.capabilities.handlesConstraints)
        #expect(OptimizerKind.rcds.capabilities.handlesNoise)
    }
}
