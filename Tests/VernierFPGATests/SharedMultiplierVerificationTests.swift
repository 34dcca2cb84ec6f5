import Foundation
import Testing
import VernierFPGA
import VernierNN

/// `--reuse N`: designs with shared multipliers and tanh ROMs (II = N) equal the bit-exact reference code for
/// code in Verilator (and Icarus), the testbench measures the latency and II the emitter reports, and the
/// multipliers and ROMs fall N-fold.
@Suite(.serialized) struct SharedMultiplierVerificationTests {
    typealias Case = RandomNetworkCase

    static let cases: [Case] = [
        Case(sizes: [4, 8, 8, 2], activation: .tanh, categorical: false, normalized: true, width: 16, integerBits: 6,
             quantization: .roundHalfEven, overflow: .saturate, reuse: 2),
        Case(sizes: [3, 6, 5], activation: .relu, categorical: true, normalized: false, width: 12, integerBits: 4,
             quantization: .truncate, overflow: .wrap, reuse: 4),
        // 13 products per multiplier: runs straddle rows (a row's sum comes from two multipliers' partial sums).
        Case(sizes: [5, 9, 3], activation: .relu, categorical: false, normalized: true, width: 10, integerBits: 3,
             quantization: .roundHalfUp, overflow: .saturateSymmetric, reuse: 13),
        // 40 ≥ every layer's products: one multiplier per layer.
        Case(sizes: [2, 17, 1], activation: .tanh, categorical: false, normalized: false, width: 8, integerBits: 3,
             quantization: .truncate, overflow: .saturate, reuse: 40),
    ]

    static func design(_ testCase: Case, seed: UInt64) throws -> (PolicyFile, FixedPointPolicy, VerilogDesign) {
        let file = SyntheticPolicy.make(sizes: testCase.sizes, activation: testCase.activation,
                                        categorical: testCase.categorical, normalized: testCase.normalized, seed: seed)
        let plan = PrecisionPlan.uniform(for: file, width: testCase.width, integerBits: testCase.integerBits,
                                         quantization: testCase.quantization, overflow: testCase.overflow,
                                         tanhTableSize: testCase.tableSize)
        let policy = try PolicyLowering.lower(file, plan: plan)
        return (file, policy, VerilogEmitter(moduleName: "mlp", reuse: testCase.reuse).emit(policy))
    }

    /// Σ over layers of ⌈non-zero weights / N⌉, plus the normalisation's one per input.
    static func expectedMultipliers(_ policy: FixedPointPolicy, reuse: Int) -> Int {
        let layers = policy.layers.map { layer in
            (layer.weights.filter { $0 != 0 }.count + reuse - 1) / reuse
        }.reduce(0, +)
        return layers + (policy.normalization == nil ? 0 : policy.inputCount)
    }

    /// Lines of the emitted Verilog that multiply two signals or a signal and a constant (`… = a * b;`).
    static func multiplicationsInText(_ design: VerilogDesign) -> Int {
        design.files.map { file in
            file.contents.split(separator: "\n").filter { $0.hasPrefix("    wire") && $0.contains(" * ") }.count
        }.reduce(0, +)
    }

    /// Instances of tanh ROM modules in the emitted Verilog.
    static func romInstances(_ design: VerilogDesign) -> Int {
        design.files.map { file in
            file.contents.split(separator: "\n").filter { $0.contains("_tanh_l") && $0.contains("(.clk(clk)") }.count
        }.reduce(0, +)
    }

    @Test(.enabled(if: HardwareTools.verilatorOrCI), arguments: cases)
    func sharedMultipliersMatchTheReferenceInVerilator(_ testCase: Case) throws {
        try #require(HardwareTools.verilator, "Verilator is not installed (apt-get install verilator); CI must run this test")
        let (file, policy, design) = try Self.design(testCase, seed: 7)
        #expect(design.initiationInterval == testCase.reuse)
        let inputs = HardwareTools.vectors(for: policy, observations: SyntheticPolicy.observations(for: file, count: 500, seed: 3),
                                           count: 2000, seed: 11)
        let verifier = DesignVerifier(policy: policy, design: design, inputs: inputs)
        let directory = try HardwareTools.temporaryDirectory("reuse")
        defer { try? FileManager.default.removeItem(at: directory) }
        try verifier.prepare(in: directory)
        let result = try verifier.simulateRTL(.verilator, in: directory)
        #expect(result.vectors == 2000)
        #expect(result.mismatches == 0, "first mismatch at vector \(result.firstMismatch ?? -1)")
        #expect(result.latencyCycles == design.latencyCycles)
        #expect(result.initiationInterval == Double(testCase.reuse))
    }

    /// Icarus agrees too (RTL), on the case whose runs straddle rows.
    @Test(.enabled(if: HardwareTools.icarus || HardwareTools.isCI))
    func sharedMultipliersMatchTheReferenceInIcarus() throws {
        try #require(HardwareTools.icarus, "Icarus Verilog is not installed (apt-get install iverilog); CI must run this test")
        let testCase = Self.cases[2]
        let (file, policy, design) = try Self.design(testCase, seed: 9)
        let inputs = HardwareTools.vectors(for: policy, observations: SyntheticPolicy.observations(for: file, count: 300, seed: 4),
                                           count: 1000, seed: 12)
        let verifier = DesignVerifier(policy: policy, design: design, inputs: inputs)
        let directory = try HardwareTools.temporaryDirectory("reuse-icarus")
        defer { try? FileManager.default.removeItem(at: directory) }
        try verifier.prepare(in: directory)
        let result = try verifier.simulateRTL(.icarus, in: directory)
        #expect(result.vectors == 1000)
        #expect(result.mismatches == 0, "first mismatch at vector \(result.firstMismatch ?? -1)")
        #expect(result.latencyCycles == design.latencyCycles)
        #expect(result.initiationInterval == Double(testCase.reuse))
    }

    /// The shipped JPA policy (10-64-64-3, normalised) at reuse 16 on 3,000 vectors.
    @Test(.enabled(if: HardwareTools.verilatorOrCI))
    func shippedPolicyWithSharedMultipliersMatchesTheReference() throws {
        try #require(HardwareTools.verilator, "Verilator is not installed (apt-get install verilator); CI must run this test")
        let file = try PolicyFile.load(from: ShippedPolicyVerificationTests.policies.appendingPathComponent("jpa-tuning-v1.json"))
        let policy = try PolicyLowering.lower(file, plan: .uniform(for: file, width: 16, integerBits: 6))
        let design = VerilogEmitter(reuse: 16).emit(policy)
        #expect(design.multiplierCount == Self.expectedMultipliers(policy, reuse: 16))
        let inputs = HardwareTools.vectors(for: policy, observations: SyntheticPolicy.observations(for: file, count: 1000, seed: 21),
                                           count: 3000, seed: 5)
        let verifier = DesignVerifier(policy: policy, design: design, inputs: inputs)
        let directory = try HardwareTools.temporaryDirectory("reuse-shipped")
        defer { try? FileManager.default.removeItem(at: directory) }
        try verifier.prepare(in: directory)
        let result = try verifier.simulateRTL(.verilator, in: directory)
        #expect(result.vectors == 3000)
        #expect(result.mismatches == 0, "first mismatch at vector \(result.firstMismatch ?? -1)")
        #expect(result.latencyCycles == design.latencyCycles)
        #expect(result.initiationInterval == 16)
    }

    /// The multipliers instantiated (counted in the Verilog text) are ⌈products / N⌉ per layer, so they fall
    /// N-fold; each layer's one multiply stage becomes N + 1 cycles (its adder tree may lose a level), each tanh
    /// stage walks its shared ROMs, plus the input hold.
    @Test(arguments: [2, 4, 8, 64])
    func multipliersFallWithTheReuseFactor(_ reuse: Int) throws {
        let file = SyntheticPolicy.make(sizes: [10, 32, 32, 10], activation: .tanh, seed: 1)
        let policy = try PolicyLowering.lower(file, plan: .uniform(for: file, width: 16, integerBits: 6))
        let parallel = VerilogEmitter().emit(policy)
        let shared = VerilogEmitter(reuse: reuse).emit(policy)
        #expect(parallel.multiplierCount == Self.expectedMultipliers(policy, reuse: 1))
        #expect(parallel.multiplierCount > 1600)
        #expect(Self.multiplicationsInText(parallel) == parallel.multiplierCount)
        #expect(shared.multiplierCount == Self.expectedMultipliers(policy, reuse: reuse))
        #expect(Self.multiplicationsInText(shared) == shared.multiplierCount)
        #expect(shared.multiplierCount * reuse < parallel.multiplierCount + 3 * reuse)
        #expect(shared.initiationInterval == reuse)
        // The tanh ROMs are shared too: ⌈32 / N⌉ per hidden layer (one per neuron at II = 1).
        #expect(Self.romInstances(parallel) == 64)
        #expect(Self.romInstances(shared) == 2 * ((32 + reuse - 1) / reuse))
        // Each of the two tanh layers walks its ROMs over ⌈32 / ROMs⌉ rows: that many cycles + 2 more.
        let rowsPerRom = (32 + (32 + reuse - 1) / reuse - 1) / ((32 + reuse - 1) / reuse)
        let tanhCycles = 2 * (rowsPerRom + 2)
        #expect(shared.latencyCycles >= parallel.latencyCycles + 3 * reuse - 2 + tanhCycles)
        #expect(shared.latencyCycles <= parallel.latencyCycles + 3 * reuse + 1 + tanhCycles)
    }
}
