import Foundation
import Testing
import VernierFPGA
import VernierNN

/// The HLS C++ export, compiled with g++ against Xilinx's open-source ap_fixed headers, equals the reference on
/// every vector (uniform codes over the whole input range: saturation and rounding corners included). Needs
/// `VERNIER_AP_TYPES` = a directory with Xilinx's open `ap_fixed.h` (not a Debian package; `make test` takes the
/// copy hls4ml's PyPI wheel ships and sets it, so CI always runs this test; elsewhere it runs where it is set).
@Suite struct HLSCSimulationTests {
    static let apTypes = ProcessInfo.processInfo.environment["VERNIER_AP_TYPES"]

    @Test(.enabled(if: (apTypes != nil && ExternalTool("g++").isInstalled) || HardwareTools.isCI),
          arguments: VerilogVerificationTests.cases)
    func cSimulationMatchesTheReference(_ testCase: VerilogVerificationTests.Case) throws {
        let file = SyntheticPolicy.make(sizes: testCase.sizes, activation: testCase.activation,
                                        categorical: testCase.categorical, normalized: testCase.normalized, seed: 7)
        let plan = PrecisionPlan.uniform(for: file, width: testCase.width, integerBits: testCase.integerBits,
                                         quantization: testCase.quantization, overflow: testCase.overflow,
                                         tanhTableSize: testCase.tableSize)
        let policy = try PolicyLowering.lower(file, plan: plan)
        let directory = try HardwareTools.temporaryDirectory("hls")
        defer { try? FileManager.default.removeItem(at: directory) }
        for generated in HLSEmitter().emit(policy) {
            let url = directory.appendingPathComponent(generated.path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try generated.contents.write(to: url, atomically: true, encoding: .utf8)
        }
        let inputs = HardwareTools.vectors(for: policy, observations: SyntheticPolicy.observations(for: file, count: 200, seed: 3),
                                           count: 2000, seed: 17)
        let mismatches = try HLSCSimulation.run(policy: policy, inputs: inputs, apTypesInclude: try #require(Self.apTypes),
                                                in: directory)
        #expect(mismatches == 0)
    }

    /// The `--compat hls4ml` design's C++ (hls4ml's tanh table, products truncated to the accumulator type) equals
    /// the reference on the hls4ml fixture's vectors, and so hls4ml's own outputs.
    @Test(.enabled(if: (apTypes != nil && ExternalTool("g++").isInstalled) || HardwareTools.isCI),
          arguments: Hls4mlCompatibilityTests.fixtures)
    func hls4mlCompatCSimulationMatchesTheReference(_ fixture: Hls4mlCompatibilityTests.Fixture) throws {
        let (policy, inputs, hls4ml) = try Hls4mlCompatibilityTests.load(fixture)
        let directory = try HardwareTools.temporaryDirectory("hls-compat")
        defer { try? FileManager.default.removeItem(at: directory) }
        for generated in HLSEmitter().emit(policy) {
            let url = directory.appendingPathComponent(generated.path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try generated.contents.write(to: url, atomically: true, encoding: .utf8)
        }
        let reference = FixedPointReference(policy)
        #expect(inputs.map { reference.outputCodes($0) } == hls4ml)
        let mismatches = try HLSCSimulation.run(policy: policy, inputs: inputs, apTypesInclude: try #require(Self.apTypes),
                                                in: directory)
        #expect(mismatches == 0)
    }
}
