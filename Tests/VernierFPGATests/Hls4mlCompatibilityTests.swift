import Foundation
import Testing
import VernierFPGA
import VernierNN

/// `--compat hls4ml` against hls4ml 1.3.0 itself: the fixtures under `Fixtures/hls4ml` hold hls4ml's C-simulation
/// outputs (`compile()` + `predict()`, ap_fixed<16,6>) for two random networks on 10,000 input vectors each,
/// written by `Benchmarks/hls4ml-compat.sh --fixture` (see the fixtures' README). No venv is needed here.
@Suite struct Hls4mlCompatibilityTests {
    struct Fixture: Sendable, CustomStringConvertible {
        var name: String
        var seed: UInt64
        var description: String { name }
    }

    static let fixtures = [Fixture(name: "tanh-10-32-32-10", seed: 1), Fixture(name: "relu-10-32-32-4", seed: 2)]
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/hls4ml")
    static let vectorCount = 10_000

    static func load(_ fixture: Fixture) throws -> (policy: FixedPointPolicy, inputs: [[Int64]], hls4ml: [[Int64]]) {
        let file = try PolicyFile.load(from: directory.appendingPathComponent("\(fixture.name).json"))
        let policy = try Hls4mlLowering.lower(file, width: 16, integerBits: 6)
        let inputs = Hls4mlFixtureInputs.codes(count: vectorCount, width: policy.inputCount, seed: fixture.seed)
        let data = try Data(contentsOf: directory.appendingPathComponent("\(fixture.name).hls4ml.i16"))
        let outputs = policy.outputCount
        try #require(data.count == vectorCount * outputs * 2, "\(fixture.name): \(data.count) bytes of hls4ml outputs")
        let bytes = [UInt8](data)
        let codes = (0..<(vectorCount * outputs)).map { index in
            Int64(Int16(bitPattern: UInt16(bytes[2 * index]) | UInt16(bytes[2 * index + 1]) << 8))
        }
        return (policy, inputs, (0..<vectorCount).map { Array(codes[($0 * outputs)..<(($0 + 1) * outputs)]) })
    }

    @Test(arguments: fixtures)
    func referenceEqualsHls4mlOnTenThousandVectors(_ fixture: Fixture) throws {
        let (policy, inputs, hls4ml) = try Self.load(fixture)
        let reference = FixedPointReference(policy)
        var counts = reference.emptyCounts()
        var mismatches = 0
        var first: Int?
        for (index, input) in inputs.enumerated() where reference.outputCodes(input, counts: &counts) != hls4ml[index] {
            mismatches += 1
            first = first ?? index
        }
        #expect(mismatches == 0, "\(fixture): first mismatch at vector \(first ?? -1)")
        // The vectors reach hls4ml's corners: sums that wrap (AP_WRAP) in some layer.
        #expect(counts.overflowed.dropFirst().reduce(0, +) > 0, "\(fixture): no layer overflowed: the fixture misses AP_WRAP")
    }

    @Test(.enabled(if: HardwareTools.verilatorOrCI), arguments: fixtures)
    func verilatorEqualsTheReferenceOnTheFixtureVectors(_ fixture: Fixture) throws {
        try #require(HardwareTools.verilator, "Verilator is not installed (apt-get install verilator); CI must run this test")
        let (policy, inputs, hls4ml) = try Self.load(fixture)
        let design = VerilogEmitter().emit(policy)
        let verifier = DesignVerifier(policy: policy, design: design, inputs: inputs)
        #expect(verifier.expected == hls4ml)
        let directory = try HardwareTools.temporaryDirectory("hls4ml")
        defer { try? FileManager.default.removeItem(at: directory) }
        try verifier.prepare(in: directory)
        let result = try verifier.simulateRTL(.verilator, in: directory)
        #expect(result.vectors == Self.vectorCount)
        #expect(result.mismatches == 0, "\(fixture): first mismatch at vector \(result.firstMismatch ?? -1)")
    }

    @Test func tanhTableIsHls4mlsLeftEdgeTableIndexedTowardZero() {
        let format = FixedPointFormat(width: 16, integerBits: 6, quantization: .truncate, overflow: .wrap)
        let table = TanhTable(size: 1024, inputFormat: format, outputFormat: format, style: .hls4mlDefault)
        // int(x · 1024 / 8) + 512 for x = code / 1024: toward zero, so −1/1024 and +1/1024 share index 512.
        #expect(table.index(ofRaw: -1) == 512)
        #expect(table.index(ofRaw: -7) == 512)
        #expect(table.index(ofRaw: -8) == 511)
        #expect(table.index(ofRaw: -9) == 511)
        #expect(table.index(ofRaw: 7) == 512)
        #expect(table.index(ofRaw: 8) == 513)
        #expect(table.index(ofRaw: format.minimumRaw) == 0)
        #expect(table.index(ofRaw: format.maximumRaw) == 1023)
        // Entry 640 is tanhf(1.0) = 0.7615942 truncated to 2^−10 (ap_fixed<18,8> then ap_fixed<16,6>): 779.
        #expect(table.entries[640] == 779)
        #expect(table.entries[512] == 0)
        // A negative value truncates toward −∞: tanhf(−1.0) → −780.
        #expect(table.entries[384] == -780)
        // Left-edge samples: the worst error is a whole bin's rise at the steepest point, more than the midpoints'.
        let midpoint = TanhTable(size: 1024, inputFormat: format, outputFormat: format)
        #expect(table.maximumError > midpoint.maximumError)
        #expect(table.maximumError < 0.02)
    }

    @Test func weightsAreReadAsHls4mlPrintsThem() throws {
        var file = SyntheticPolicy.make(sizes: [2, 2], activation: .linear, seed: 1)
        // A float32 just below 0 prints as -0.0000000000 with 10 decimals: hls4ml reads 0 where truncating the
        // value itself gives code −1. (Every other grid point k/1024 is farther than 5e-11 from the float32 below.)
        file.layers[0].weights = [-0x1p-40, 0.5, -0.3, 0x1p-10 - 0x1p-34]
        file.layers[0].bias = [0.1, -0.1]
        let read = Hls4mlLowering.weightsAsHls4mlReadsThem(file, fractionBits: 10)
        #expect(read.layers[0].weights == [0, 0.5, -0.3000000119, 0.0009765624])
        #expect(read.layers[0].bias == [0.1000000015, -0.1000000015])
        let policy = try Hls4mlLowering.lower(file, width: 16, integerBits: 6)
        #expect(policy.layers[0].weights == [0, 512, -308, 0])
        #expect(policy.layers[0].bias == [102, -103])
        #expect(policy.compatibility == .hls4ml)
        #expect(policy.normalization == nil)
    }
}
