import Foundation
import Testing
import VernierFPGA
import VernierNN

/// The shipped policies (AWAKE 10-64-64-10, JPA 10-64-64-3) and a Pendulum-like 3-64-64-1 policy with action
/// scaling (torque in [−2, 2]) on 10,000 vectors each: Verilator's output equals the reference code for code.
/// Slow (three Verilator builds of 5,000-multiplier designs): one test.
@Suite(.serialized) struct ShippedPolicyVerificationTests {
    static let policies = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("policies")

    static func pendulumLike() -> PolicyFile {
        let base = SyntheticPolicy.make(sizes: [3, 64, 64, 1], activation: .tanh, normalized: true, seed: 12)
        var scaling = PolicyFile.ActionScaling.continuous(low: [-2], high: [2])
        scaling.scale = [2]
        return PolicyFile(plantID: "classic/Pendulum-v1", observationCount: 3, layers: base.layers, head: base.head,
                          observationNormalization: base.observationNormalization, actionScaling: scaling,
                          provenance: base.provenance)
    }

    @Test(.enabled(if: HardwareTools.verilatorOrCI))
    func shippedPoliciesMatchTheReferenceOnTenThousandVectors() throws {
        try #require(HardwareTools.verilator, "Verilator is not installed (apt-get install verilator); CI must run this test")
        let files = [
            try PolicyFile.load(from: Self.policies.appendingPathComponent("awake-steering-v1.json")),
            try PolicyFile.load(from: Self.policies.appendingPathComponent("jpa-tuning-v1.json")),
            Self.pendulumLike(),
        ]
        for file in files {
            let float = try Policy(file)
            let observations = SyntheticPolicy.observations(for: file, count: 2000, seed: 21)
            // The narrowest plan within 1 % of the action range, as `--precision auto` picks it.
            let search = PrecisionSearch(file: file, float: float, observations: Array(observations.prefix(300)),
                                         tanhTableSize: 4096)
            let bits = try #require(search.search(maximumError: 0.02 * (file.actionScaling.high[0] - file.actionScaling.low[0]) / 2))
            let policy = try PolicyLowering.lower(file, plan: search.plan(fractionBits: bits))
            let report = ErrorReport(policy: policy, float: float, observations: observations)
            #expect(report.maximumAbsoluteError.isFinite)
            let design = VerilogEmitter().emit(policy)
            let inputs = HardwareTools.vectors(for: policy, observations: observations, count: 10_000, seed: 5)
            let verifier = DesignVerifier(policy: policy, design: design, inputs: inputs)
            let directory = try HardwareTools.temporaryDirectory("shipped")
            defer { try? FileManager.default.removeItem(at: directory) }
            try verifier.prepare(in: directory)
            let result = try verifier.simulateRTL(.verilator, in: directory)
            #expect(result.vectors == 10_000)
            #expect(result.mismatches == 0, "\(file.plantID): first mismatch at vector \(result.firstMismatch ?? -1)")
            #expect(result.latencyCycles == design.latencyCycles)
        }
    }
}
