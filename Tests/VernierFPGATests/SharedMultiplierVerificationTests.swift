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

    /// Σ over layers of ⌈weights / N⌉ (at N > 1 zero weights are products too: the runs stay consecutive in
    /// row-major order; at N = 1 a zero weight needs no multiplier), plus the normalisation's one per input.
    static func expectedMultipliers(_ policy: FixedPointPolicy, reuse: Int) -> Int {
        let layers = policy.layers.map { layer in
            reuse == 1 ? layer.weights.filter { $0 != 0 }.count : (layer.weights.count + reuse - 1) / reuse
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

    /// Yosys's post-synthesis netlist of a shared design (the rotating input rings, the phase-chosen weights, the
    /// accumulators and a shared tanh ROM) equals the reference in Verilator on 10,000 vectors, at II = N; the
    /// netlist is gates and flip-flops (no multiplication or addition is left for the simulator to do), with the
    /// table ROM kept as a memory.
    @Test(.enabled(if: HardwareTools.synthesisOrCI))
    func sharedNetlistMatchesTheReferenceInVerilator() throws {
        try #require(HardwareTools.verilator && HardwareTools.yosys, "Verilator and Yosys must be installed (apt-get install verilator yosys); CI must run this test")
        let testCase = Case(sizes: [3, 7, 4], activation: .tanh, categorical: false, normalized: true, width: 12,
                            integerBits: 4, quantization: .roundHalfEven, overflow: .saturate, tableSize: 64, reuse: 5)
        let (file, policy, design) = try Self.design(testCase, seed: 5)
        let inputs = HardwareTools.vectors(for: policy, observations: SyntheticPolicy.observations(for: file, count: 500, seed: 6),
                                           count: 10_000, seed: 19)
        let verifier = DesignVerifier(policy: policy, design: design, inputs: inputs)
        let directory = try HardwareTools.temporaryDirectory("reuse-netlist")
        defer { try? FileManager.default.removeItem(at: directory) }
        try verifier.prepare(in: directory)
        let result = try verifier.simulateNetlist(.verilator, in: directory)
        #expect(result.subject == "netlist" && result.vectors == 10_000)
        #expect(result.mismatches == 0, "first mismatch at vector \(result.firstMismatch ?? -1)")
        #expect(result.latencyCycles == design.latencyCycles)
        #expect(result.initiationInterval == 5)
        let netlist = try String(contentsOf: directory.appendingPathComponent("sim/netlist_mlp.v"), encoding: .utf8)
        #expect(!netlist.contains(" * ") && !netlist.contains(" + "))
        #expect(netlist.contains(" ^ ") && netlist.contains(" & "))
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

    /// No multiplier has an input multiplexer: each reads one fixed register of its layer's rotating input ring
    /// (one ring of `inputs` registers per layer), and only its weight depends on the phase — the structure that
    /// keeps a large policy's shared design within a small FPGA's LUTs (BENCHMARKS.md, AWAKE at `--reuse 69`).
    @Test func sharedMultipliersReadARotatingRingNotAMultiplexer() throws {
        let file = SyntheticPolicy.make(sizes: [10, 32, 32, 10], activation: .tanh, seed: 1)
        let policy = try PolicyLowering.lower(file, plan: .uniform(for: file, width: 16, integerBits: 6))
        let reuse = 24
        let lines = VerilogEmitter(reuse: reuse).emit(policy).files.flatMap { $0.contents.split(separator: "\n") }
        for (index, layer) in policy.layers.enumerated() {
            let name = "l\(index + 1)"
            let multiplications = lines.filter { $0.hasPrefix("    wire") && $0.contains(" \(name)_m_") }
            #expect(multiplications.count == (layer.weights.count + reuse - 1) / reuse)
            for (run, line) in multiplications.enumerated() {
                // Run k starts at product k·N, whose column is k·N mod inputs.
                let column = run * reuse % layer.inputCount
                #expect(line.hasSuffix("= \(name)_ring_\(column) * \(name)_ws_\(run);"), "\(line)")
            }
            let ring = lines.filter { $0.hasPrefix("    reg") && $0.contains(" \(name)_ring_") }
            #expect(ring.count == layer.inputCount)
        }
        #expect(!lines.contains { $0.contains("_xs_") })
    }

    /// The multipliers instantiated (counted in the Verilog text) are ⌈products / N⌉ per layer, so they fall
    /// N-fold; each layer's one multiply stage becomes N + 2 cycles (ring load, N phases, product register; its
    /// adder tree may lose a level), each tanh stage walks its shared ROMs, plus the input hold.
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
        // Each of the three layers: a ring-load cycle, N phases, a product register (less the II = 1 product stage).
        #expect(shared.latencyCycles >= parallel.latencyCycles + 3 * reuse + 1 + tanhCycles)
        #expect(shared.latencyCycles <= parallel.latencyCycles + 3 * reuse + 4 + tanhCycles)
    }
}
