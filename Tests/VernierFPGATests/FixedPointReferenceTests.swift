import Foundation
import Testing
import VernierFPGA
import VernierMath
import VernierNN

@Suite struct FixedPointReferenceTests {
    /// A network whose weights, biases and inputs are dyadic (k/16, k/8) is computed exactly in Double and in a
    /// wide enough fixed point: the reference's actions equal the float policy's exactly.
    @Test(arguments: [Activation.relu, .linear])
    func dyadicNetworkIsExact(activation: Activation) throws {
        var generator = SeededGenerator(seed: 5)
        func dyadic(_ denominator: Double) -> Double { Double(Int(generator.next() % 33) - 16) / denominator }
        let sizes = [3, 5, 4, 2]
        var layers: [PolicyFile.LayerRecord] = []
        for index in 1..<sizes.count {
            layers.append(.init(inputs: sizes[index - 1], outputs: sizes[index],
                                activation: index == sizes.count - 1 ? .linear : activation,
                                weights: (0..<(sizes[index - 1] * sizes[index])).map { _ in dyadic(16) },
                                bias: (0..<sizes[index]).map { _ in dyadic(16) }))
        }
        let file = PolicyFile(plantID: "synthetic/Mlp-v1", observationCount: 3, layers: layers,
                              head: .init(kind: .gaussian, logStd: [0, 0]), observationNormalization: nil,
                              actionScaling: .continuous(low: [-1000, -1000], high: [1000, 1000]),
                              provenance: .init(algorithm: "test", steps: 0, seed: 0))
        let float = try Policy(file)
        let reference = FixedPointReference(try PolicyLowering.lower(file, plan: .uniform(for: file, width: 30, integerBits: 14)))
        var floatAction = [0.0, 0.0]
        var compared = 0
        for _ in 0..<500 {
            let observation = (0..<3).map { _ in dyadic(8) }
            float.act(observation, into: &floatAction)
            #expect(reference.act(observation) == floatAction)
            compared += 1
        }
        #expect(compared == 500)
    }

    /// At a wide precision and a fine table, a tanh network with normalisation is within 1e-3 of float; at a
    /// narrow one the error is larger (the report measures what the formats cost).
    @Test func errorShrinksWithPrecision() throws {
        let file = SyntheticPolicy.make(sizes: [6, 16, 16, 3], activation: .tanh, normalized: true, seed: 3)
        let float = try Policy(file)
        let observations = SyntheticPolicy.observations(for: file, count: 300, seed: 4)
        let wide = ErrorReport(policy: try PolicyLowering.lower(file, plan: .uniform(for: file, width: 28, integerBits: 6, tanhTableSize: 65536)),
                               float: float, observations: observations)
        let narrow = ErrorReport(policy: try PolicyLowering.lower(file, plan: .uniform(for: file, width: 10, integerBits: 4, tanhTableSize: 64)),
                                 float: float, observations: observations)
        #expect(wide.observations == 300)
        #expect(wide.maximumAbsoluteError < 1e-3)
        #expect(narrow.maximumAbsoluteError > 10 * wide.maximumAbsoluteError)
        #expect(wide.meanAbsoluteError <= wide.maximumAbsoluteError)
        #expect(wide.tanhTableErrors.count == 3 && wide.tanhTableErrors[2] == nil)
    }

    /// Inputs beyond the input format saturate, and the report counts them.
    @Test func saturationIsCounted() throws {
        let file = SyntheticPolicy.make(sizes: [2, 4, 1], activation: .relu, seed: 1)
        let policy = try PolicyLowering.lower(file, plan: .uniform(for: file, width: 8, integerBits: 3))
        let reference = FixedPointReference(policy)
        var counts = reference.emptyCounts()
        _ = reference.act([100, -100], counts: &counts)
        _ = reference.act([0.5, 0.25], counts: &counts)
        #expect(counts.stages.first == "input")
        #expect(counts.overflowed[0] == 2 && counts.total[0] == 4)
        #expect(counts.shares[0] == 0.5)
    }

    /// A precision that cannot hold the weights is refused, naming the layer and by how many integer bits.
    @Test func weightsBeyondThePrecisionAreRefused() {
        var file = SyntheticPolicy.make(sizes: [3, 4, 2], activation: .tanh, seed: 2)
        file.layers[1].weights[5] = -3.0
        do {
            _ = try PolicyLowering.lower(file, plan: .uniform(for: file, width: 8, integerBits: 1))
            Issue.record("lowering should have failed")
        } catch {
            let message = "\(error)"
            #expect(message.contains("layer 2 (4→2) weights reach -3.0"))
            #expect(message.contains("2 integer bits short"))
        }
    }

    /// The quantiser's plan meets the error it was asked for, with fewer bits than the uniform plan it started from.
    @Test func automaticPrecisionMeetsTheLimit() throws {
        let file = SyntheticPolicy.make(sizes: [4, 8, 2], activation: .tanh, normalized: true, seed: 9)
        let float = try Policy(file)
        let observations = SyntheticPolicy.observations(for: file, count: 200, seed: 1)
        let search = PrecisionSearch(file: file, float: float, observations: observations)
        let bits = try #require(search.search(maximumError: 0.01))
        #expect(bits.count == search.stageNames.count)
        let error = try #require(search.maximumError(bits))
        #expect(error <= 0.01)
        let report = ErrorReport(policy: try PolicyLowering.lower(file, plan: search.plan(fractionBits: bits)),
                                 float: float, observations: observations)
        #expect(report.maximumAbsoluteError == error)
    }

    /// The issue's benchmark network, 10-32-32-10 tanh at ap_fixed<16,6>, is pipelined in at most 12 cycles.
    @Test func benchmarkNetworkLatency() throws {
        let file = SyntheticPolicy.make(sizes: [10, 32, 32, 10], activation: .tanh, seed: 1)
        let design = VerilogEmitter().emit(try PolicyLowering.lower(file, plan: .uniform(for: file, width: 16, integerBits: 6)))
        #expect(design.latencyCycles == 12)
        #expect(design.initiationInterval == 1)
    }
}
