import Foundation
import Testing
import VernierMath
@testable import VernierNN

/// A network with random weights and its parameter vector.
func randomNetwork(
    _ sizes: [Int], hidden: Activation, output: Activation = .linear, seed: UInt64
) throws -> (MultilayerPerceptron, [Double]) {
    let network = try MultilayerPerceptron(inputCount: sizes[0], hiddenSizes: Array(sizes.dropFirst().dropLast()),
                                           outputCount: sizes[sizes.count - 1], hiddenActivation: hidden, outputActivation: output)
    var generator = SeededGenerator(seed: seed)
    let parameters = (0..<network.parameterCount).map { _ in 0.5 * generator.nextStandardNormal() }
    return (network, parameters)
}

/// The textbook forward pass, one row at a time, for comparison with the BLAS one.
func naiveForward(_ network: MultilayerPerceptron, parameters: [Double], input: [Double]) -> [Double] {
    var x = input
    var offset = 0
    for layer in network.layers {
        var y = [Double](repeating: 0, count: layer.outputCount)
        for o in 0..<layer.outputCount {
            var z = parameters[offset + layer.weightCount + o]
            for i in 0..<layer.inputCount { z += parameters[offset + o * layer.inputCount + i] * x[i] }
            switch layer.activation {
            case .tanh: y[o] = Activation.hyperbolicTangent(z)
            case .relu: y[o] = max(0, z)
            case .linear: y[o] = z
            }
        }
        x = y
        offset += layer.parameterCount
    }
    return x
}

func forward(_ network: MultilayerPerceptron, parameters: [Double], inputs: [Double], rows: Int) -> [Double] {
    let workspace = NetworkWorkspace(for: network, capacity: rows)
    parameters.withUnsafeBufferPointer { p in
        inputs.withUnsafeBufferPointer { x in
            network.forward(parameters: p.baseAddress!, input: x.baseAddress!, rows: rows, workspace: workspace)
        }
    }
    return Array(UnsafeBufferPointer(start: workspace.outputs, count: rows * network.outputCount))
}

@Suite struct MultilayerPerceptronTests {
    @Test(arguments: [Activation.tanh, .relu])
    func batchedForwardMatchesTheTextbookPass(hidden: Activation) throws {
        let (network, parameters) = try randomNetwork([3, 16, 8, 2], hidden: hidden, seed: 7)
        var generator = SeededGenerator(seed: 11)
        let rows = 5
        let inputs = (0..<(rows * 3)).map { _ in generator.nextStandardNormal() }
        let batched = forward(network, parameters: parameters, inputs: inputs, rows: rows)
        for row in 0..<rows {
            let expected = naiveForward(network, parameters: parameters, input: Array(inputs[(row * 3)..<(row * 3 + 3)]))
            let single = forward(network, parameters: parameters, inputs: Array(inputs[(row * 3)..<(row * 3 + 3)]), rows: 1)
            for k in 0..<2 {
                #expect(abs(batched[row * 2 + k] - expected[k]) <= 1e-12 * max(1, abs(expected[k])))
                #expect(abs(single[k] - expected[k]) <= 1e-12 * max(1, abs(expected[k])))
            }
        }
    }

    @Test func parameterLayoutIsWeightsThenBiasPerLayer() throws {
        let network = try MultilayerPerceptron(inputCount: 3, hiddenSizes: [4], outputCount: 2, hiddenActivation: .tanh)
        #expect(network.parameterCount == (3 * 4 + 4) + (4 * 2 + 2))
        #expect(network.weightOffset(ofLayer: 0) == 0)
        #expect(network.weightOffset(ofLayer: 1) == 16)
        #expect(network.layers.map(\.activation) == [.tanh, .linear])
    }

    @Test func brokenChainsAreRefused() {
        let layers = [DenseLayer(inputCount: 3, outputCount: 4, activation: .tanh),
                      DenseLayer(inputCount: 5, outputCount: 1, activation: .linear)]
        #expect(throws: NetworkError.self) { try MultilayerPerceptron(layers: layers) }
        #expect(throws: NetworkError.self) { try MultilayerPerceptron(layers: []) }
    }

    /// Backpropagation against central finite differences of the loss L = Σ c ⊙ y over a batch, for every
    /// parameter and every input.
    @Test(arguments: [(Activation.tanh, Activation.linear), (.relu, .linear), (.tanh, .tanh), (.relu, .relu)])
    func gradientsMatchFiniteDifferences(hidden: Activation, output: Activation) throws {
        let (network, parameters) = try randomNetwork([4, 7, 5, 3], hidden: hidden, output: output, seed: 3)
        var generator = SeededGenerator(seed: 5)
        let rows = 4
        let inputs = (0..<(rows * 4)).map { _ in generator.nextStandardNormal() }
        let weights = (0..<(rows * 3)).map { _ in generator.nextStandardNormal() }
        func loss(_ p: [Double], _ x: [Double]) -> Double {
            zip(forward(network, parameters: p, inputs: x, rows: rows), weights).reduce(0) { $0 + $1.0 * $1.1 }
        }

        let workspace = NetworkWorkspace(for: network, capacity: rows)
        var gradients = [Double](repeating: 0, count: network.parameterCount)
        var inputGradients = [Double](repeating: 0, count: rows * 4)
        parameters.withUnsafeBufferPointer { p in
            inputs.withUnsafeBufferPointer { x in
                network.forward(parameters: p.baseAddress!, input: x.baseAddress!, rows: rows, workspace: workspace)
                for index in 0..<(rows * 3) { workspace.outputGradients[index] = weights[index] }
                gradients.withUnsafeMutableBufferPointer { g in
                    inputGradients.withUnsafeMutableBufferPointer { gx in
                        network.backward(parameters: p.baseAddress!, input: x.baseAddress!, rows: rows, workspace: workspace,
                                         gradients: g.baseAddress!, inputGradients: gx.baseAddress!)
                    }
                }
            }
        }
        let h = 1e-6
        for index in 0..<parameters.count {
            var plus = parameters, minus = parameters
            plus[index] += h
            minus[index] -= h
            let numeric = (loss(plus, inputs) - loss(minus, inputs)) / (2 * h)
            #expect(abs(numeric - gradients[index]) <= 1e-6 * max(1, abs(numeric)), "parameter \(index)")
        }
        for index in 0..<inputs.count {
            var plus = inputs, minus = inputs
            plus[index] += h
            minus[index] -= h
            let numeric = (loss(parameters, plus) - loss(parameters, minus)) / (2 * h)
            #expect(abs(numeric - inputGradients[index]) <= 1e-6 * max(1, abs(numeric)), "input \(index)")
        }
    }

    @Test func backwardAccumulatesIntoTheGradient() throws {
        let (network, parameters) = try randomNetwork([2, 3, 1], hidden: .tanh, seed: 9)
        let workspace = NetworkWorkspace(for: network, capacity: 1)
        let input = [0.3, -0.7]
        var once = [Double](repeating: 0, count: network.parameterCount)
        var twice = once
        for pass in 0..<2 {
            parameters.withUnsafeBufferPointer { p in
                input.withUnsafeBufferPointer { x in
                    network.forward(parameters: p.baseAddress!, input: x.baseAddress!, rows: 1, workspace: workspace)
                    workspace.outputGradients[0] = 1
                    twice.withUnsafeMutableBufferPointer { g in
                        network.backward(parameters: p.baseAddress!, input: x.baseAddress!, rows: 1, workspace: workspace, gradients: g.baseAddress!)
                    }
                    if pass == 0 {
                        workspace.outputGradients[0] = 1
                        network.forward(parameters: p.baseAddress!, input: x.baseAddress!, rows: 1, workspace: workspace)
                        workspace.outputGradients[0] = 1
                        once.withUnsafeMutableBufferPointer { g in
                            network.backward(parameters: p.baseAddress!, input: x.baseAddress!, rows: 1, workspace: workspace, gradients: g.baseAddress!)
                        }
                    }
                }
            }
        }
        for index in once.indices { #expect(twice[index] == 2 * once[index]) }
    }
}

@Suite struct ActivationTests {
    /// The one-`exp` tanh agrees with libm's to 1e-16 absolute and 3e-13 relative over a dense sweep, is odd,
    /// and saturates to exactly ±1.
    @Test func fastTanhMatchesLibm() {
        var x = -25.0
        while x <= 25 {
            let fast = Activation.hyperbolicTangent(x), reference = tanh(x)
            #expect(abs(fast - reference) <= 1e-16 || abs(fast - reference) <= 3e-13 * abs(reference), "tanh(\(x))")
            #expect(Activation.hyperbolicTangent(-x) == -fast)
            x += 0.000_731
        }
        for tiny in [1e-300, 1e-12, 3.9e-4, 4e-4, 4.1e-4, 1e-3] {
            let fast = Activation.hyperbolicTangent(tiny)
            #expect(abs(fast - tanh(tiny)) <= 3e-13 * tanh(tiny), "tanh(\(tiny))")
        }
        #expect(Activation.hyperbolicTangent(30) == 1 && Activation.hyperbolicTangent(-30) == -1)
        #expect(Activation.hyperbolicTangent(0).sign == .plus && Activation.hyperbolicTangent(-0.0).sign == .minus)
    }

    /// `apply` runs eight lanes at a time with both branches evaluated; every element must equal the scalar
    /// function bit for bit — the series region, its edge, saturation, signed zeros, NaN, infinities, and the
    /// tail that is not a multiple of eight.
    @Test func vectorisedTanhIsBitIdenticalToScalar() {
        var generator = SeededGenerator(seed: 7)
        var inputs: [Double] = [0, -0.0, 4e-4, -4e-4, 3.999_999e-4, 19, -19, 19.000_1, 1e-310, .infinity, -.infinity]
        for _ in 0..<20_000 {
            let magnitude = exp(Double.random(in: -12...3.5, using: &generator))
            inputs.append(Bool.random(using: &generator) ? magnitude : -magnitude)
        }
        inputs.append(.nan)
        inputs.append(contentsOf: [0.3, -2.5, 7.0])  // 20,015 values: a tail of seven after the last full lanes
        var outputs = inputs
        outputs.withUnsafeMutableBufferPointer { buffer in
            Activation.tanh.apply(buffer.baseAddress!, count: buffer.count)
        }
        var mismatches = 0
        for (x, y) in zip(inputs, outputs) {
            let scalar = Activation.hyperbolicTangent(x)
            if scalar.isNaN ? !y.isNaN : scalar.bitPattern != y.bitPattern { mismatches += 1 }
        }
        #expect(inputs.count % 8 == 7)
        #expect(mismatches == 0)
        #expect(outputs[1].bitPattern == (-0.0).bitPattern && outputs[9] == 1 && outputs[10] == -1)
    }
}
