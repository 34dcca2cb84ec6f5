import Testing
@testable import VernierNN

@Suite struct GradientClippingTests {
    @Test func scalesDownToTheMaximumNorm() {
        var gradients = [3.0, 4.0]
        let norm = GradientClipping.clipGlobalNorm(&gradients, maxNorm: 0.5)
        #expect(norm == 5)
        let coefficient = 0.5 / (5 + 1e-6)
        #expect(gradients == [3 * coefficient, 4 * coefficient])
    }

    @Test func leavesSmallGradientsUntouched() {
        var gradients = [0.1, -0.2, 0.05]
        let before = gradients
        GradientClipping.clipGlobalNorm(&gradients, maxNorm: 0.5)
        #expect(gradients == before)
    }
}
