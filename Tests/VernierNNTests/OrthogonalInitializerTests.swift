import Testing
import VernierMath
@testable import VernierNN

@Suite struct OrthogonalInitializerTests {
    /// Rows orthonormal for a wide matrix, columns for a tall one, scaled by the gain: W Wᵀ = g² I or WᵀW = g² I.
    @Test(arguments: [(64, 3), (3, 64), (64, 64), (1, 64), (64, 1)])
    func orthogonalUpToTheGain(rows: Int, columns: Int) throws {
        var generator = SeededGenerator(seed: 42)
        let gain = 2.0.squareRoot()
        let w = try OrthogonalInitializer.matrix(rows: rows, columns: columns, gain: gain, using: &generator)
        let matrix = Matrix(rows: rows, columns: columns, elements: w)
        let gram = rows <= columns ? matrix * matrix.transposed() : matrix.transposed() * matrix
        for i in 0..<gram.rows {
            for j in 0..<gram.columns {
                let expected = i == j ? gain * gain : 0
                #expect(abs(gram[i, j] - expected) < 1e-12, "(\(i), \(j)) = \(gram[i, j])")
            }
        }
    }

    @Test func seededAndBiasesZero() throws {
        let network = try MultilayerPerceptron(inputCount: 3, hiddenSizes: [64, 64], outputCount: 1, hiddenActivation: .tanh)
        var first = [Double](repeating: 1, count: network.parameterCount)
        var second = first
        var a = SeededGenerator(seed: 1), b = SeededGenerator(seed: 1)
        try OrthogonalInitializer.initialize(network, parameters: &first, outputGain: 0.01, using: &a)
        try OrthogonalInitializer.initialize(network, parameters: &second, outputGain: 0.01, using: &b)
        #expect(first == second)
        for (index, layer) in network.layers.enumerated() {
            let offset = network.weightOffset(ofLayer: index)
            #expect(first[(offset + layer.weightCount)..<(offset + layer.parameterCount)].allSatisfy { $0 == 0 })
        }
        // The head (1 × 64) has gain 0.01: its single row has norm 0.01.
        let head = network.weightOffset(ofLayer: 2)
        let norm = first[head..<(head + 64)].reduce(0) { $0 + $1 * $1 }.squareRoot()
        #expect(abs(norm - 0.01) < 1e-14)
    }
}
