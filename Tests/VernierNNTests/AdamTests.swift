import Testing
@testable import VernierNN

@Suite struct AdamTests {
    /// After one step from zero moments, torch's Adam moves each parameter by exactly α g / (|g| + ε):
    /// m̂ = g, √v̂ = |g|.
    @Test func firstStepIsSignedLearningRate() {
        var adam = Adam(parameterCount: 3, learningRate: 1e-3)
        var parameters = [1.0, -2.0, 0.5]
        let gradients = [0.3, -4.0, 1e-7]
        adam.step(parameters: &parameters, gradients: gradients)
        let expected = zip([1.0, -2.0, 0.5], gradients).map { $0 - 1e-3 * $1 / (abs($1) + 1e-5) }
        for index in 0..<3 { #expect(abs(parameters[index] - expected[index]) <= 1e-15) }
        #expect(adam.stepCount == 1)
    }

    /// The second step follows the bias-corrected formula, computed here by hand.
    @Test func secondStepFollowsTheBiasCorrectedFormula() {
        var adam = Adam(parameterCount: 1, learningRate: 0.1)
        var parameters = [0.0]
        adam.step(parameters: &parameters, gradients: [2.0])
        let afterFirst = parameters[0]
        adam.step(parameters: &parameters, gradients: [-1.0])
        let m = 0.9 * (0.1 * 2.0) + 0.1 * -1.0
        let v = 0.999 * (0.001 * 4.0) + 0.001 * 1.0
        let expected = afterFirst - (0.1 / (1 - 0.81)) * m / (v.squareRoot() / (1 - 0.999 * 0.999).squareRoot() + 1e-5)
        #expect(abs(parameters[0] - expected) <= 1e-15)
    }

    @Test func minimisesAQuadratic() {
        var adam = Adam(parameterCount: 2, learningRate: 0.05)
        var x = [3.0, -2.0]
        for _ in 0..<2000 {
            adam.step(parameters: &x, gradients: [2 * (x[0] - 1), 2 * (x[1] + 0.5)])
        }
        #expect(abs(x[0] - 1) < 1e-3 && abs(x[1] + 0.5) < 1e-3)
    }
}
