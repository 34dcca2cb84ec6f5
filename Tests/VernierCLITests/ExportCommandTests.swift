import Foundation
import Testing
import VernierFPGA
import VernierNN
import VernierTestSupport

/// `vernier export`: bad input is refused with exit 64 and nothing written; a small policy exports and verifies
/// bit for bit (Verilator, Icarus, the Yosys netlist) — CI runs this, so CI verifies hardware.
@Suite struct ExportCommandTests {
    static let isCI = ProcessInfo.processInfo.environment["CI"].map { !$0.isEmpty && $0 != "false" } ?? false
    static let toolsOrCI = (ExternalTool("verilator").isInstalled && ExternalTool("iverilog").isInstalled
                            && ExternalTool("yosys").isInstalled) || isCI

    static func writePolicy(_ file: PolicyFile, in home: String) throws -> String {
        let path = home + "/policy.json"
        try file.write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func existingDirectoryThatIsNotAnExportIsRefused() throws {
        try CommandLineTool.withHome { home in
            let policy = try Self.writePolicy(SyntheticPolicy.make(sizes: [2, 3, 1], activation: .tanh, seed: 1), in: home)
            let out = home + "/precious"
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
            try "keep me".write(toFile: out + "/notes.txt", atomically: true, encoding: .utf8)
            let result = try CommandLineTool.run(["export", policy, "--out", out, "--vectors", "10"], home: home)
            #expect(result.status == 64)
            #expect(result.standardError.contains("is not an earlier export"))
            #expect(try FileManager.default.contentsOfDirectory(atPath: out) == ["notes.txt"])
            #expect(try FileManager.default.contentsOfDirectory(atPath: home).filter { $0.contains("partial") }.isEmpty)
        }
    }

    @Test func precisionThatCannotHoldTheWeightsIsRefused() throws {
        try CommandLineTool.withHome { home in
            var file = SyntheticPolicy.make(sizes: [2, 3, 1], activation: .tanh, seed: 1)
            file.layers[0].weights[1] = 5.5
            let policy = try Self.writePolicy(PolicyFile(
                plantID: file.plantID, observationCount: file.observationCount, layers: file.layers, head: file.head,
                observationNormalization: nil, actionScaling: file.actionScaling, provenance: file.provenance), in: home)
            let out = home + "/export"
            let result = try CommandLineTool.run(["export", policy, "--out", out, "--precision", "8,2", "--vectors", "10"], home: home)
            #expect(result.status == 64)
            #expect(result.standardError.contains("layer 1 (2→3) weights reach 5.5"))
            #expect(result.standardError.contains("2 integer bits short"))
            #expect(!FileManager.default.fileExists(atPath: out))
        }
    }

    @Test(arguments: ["{\"format\": \"vernier-policy\", \"format_version\": 7}", "{\"layers\": [", "[]"])
    func malformedPolicyIsRefused(contents: String) throws {
        try CommandLineTool.withHome { home in
            let policy = home + "/bad.json"
            try contents.write(toFile: policy, atomically: true, encoding: .utf8)
            let result = try CommandLineTool.run(["export", policy, "--out", home + "/export"], home: home)
            #expect(result.status == 64)
            #expect(result.standardError.contains("bad.json"))
            #expect(!FileManager.default.fileExists(atPath: home + "/export"))
        }
    }

    /// A small tanh policy: exported, then verified in Verilator and Icarus on the RTL and on Yosys's netlist, every
    /// output code equal to the reference; JSON carries the issue's keys.
    @Test(.enabled(if: toolsOrCI)) func smallPolicyVerifiesBitForBit() throws {
        try CommandLineTool.withHome { home in
            let policy = try Self.writePolicy(SyntheticPolicy.make(sizes: [3, 5, 2], activation: .tanh, seed: 4), in: home)
            let out = home + "/export"
            let result = try CommandLineTool.run(
                ["export", policy, "--out", out, "--precision", "10,3", "--table-size", "32", "--vectors", "1000",
                 "--verify", "--json"], home: home)
            #expect(result.status == 0, "\(result.standardError.suffix(3000))")
            let json = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
            #expect(json["mismatches"] as? Int == 0)
            #expect(json["vectors"] as? Int == 1000)
            #expect(json["initiation_interval"] as? Int == 1)
            #expect((json["latency_cycles"] as? Int ?? 0) >= 4)
            #expect(json["max_abs_error"] as? Double != nil && json["mean_abs_error"] as? Double != nil)
            #expect((json["resources"] as? [String: Any])?["luts"] as? Int ?? 0 > 0)
            let simulations = try #require(json["simulations"] as? [[String: Any]])
            #expect(Set(simulations.map { "\($0["simulator"] ?? "") \($0["subject"] ?? "")" }) == ["verilator rtl", "icarus rtl", "verilator netlist", "icarus netlist"])
            #expect(FileManager.default.fileExists(atPath: out + "/rtl/vernier_policy.v"))
            #expect(FileManager.default.fileExists(atPath: out + "/vernier-export.json"))
            // A second export into the same directory replaces it without --force.
            let again = try CommandLineTool.run(["export", policy, "--out", out, "--vectors", "5"], home: home)
            #expect(again.status == 0)
        }
    }

    /// `--reuse 4`: the design shares its multipliers (II = 4); Verilator's output equals the reference and the
    /// JSON reports the II, the latency the testbench measured and a quarter of the multipliers (rounded up per
    /// layer). A reuse factor below 1 is refused with exit 64.
    @Test(.enabled(if: ExternalTool("verilator").isInstalled || isCI)) func sharedMultipliersVerifyAndReportTheII() throws {
        try CommandLineTool.withHome { home in
            let file = SyntheticPolicy.make(sizes: [3, 5, 2], activation: .tanh, seed: 4)
            let policy = try Self.writePolicy(file, in: home)
            let lowered = try PolicyLowering.lower(file, plan: .uniform(for: file, width: 10, integerBits: 3, tanhTableSize: 32))
            let runs = lowered.layers.map { ($0.weights.count + 3) / 4 }.reduce(0, +)
            let refused = try CommandLineTool.run(["export", policy, "--out", home + "/bad", "--reuse", "0"], home: home)
            #expect(refused.status == 64)
            #expect(refused.standardError.contains("--reuse must be in 1…4096"))
            let out = home + "/export"
            let result = try CommandLineTool.run(
                ["export", policy, "--out", out, "--precision", "10,3", "--table-size", "32", "--vectors", "1000",
                 "--reuse", "4", "--verify", "--skip-synthesis", "--skip-icarus", "--json"], home: home)
            #expect(result.status == 0, "\(result.standardError.suffix(3000))")
            let json = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
            #expect(json["mismatches"] as? Int == 0)
            #expect(json["initiation_interval"] as? Int == 4)
            // ⌈weights / 4⌉ per layer: 3·5 products in 4 runs and 5·2 in 3.
            #expect(json["multipliers"] as? Int == runs)
            #expect(runs == 7)
            let simulations = try #require(json["simulations"] as? [[String: Any]])
            #expect(simulations.count == 1)
            #expect(simulations.first?["latency_cycles"] as? Int == json["latency_cycles"] as? Int)
            #expect(simulations.first?["initiation_interval"] as? Double == 4)
        }
    }

    /// `--compat hls4ml`: the network alone in hls4ml's arithmetic, shared multipliers and tanh ROMs included
    /// (`--reuse 3`), equals the reference in Verilator; the JSON names the compatibility; options hls4ml's
    /// defaults fix are refused with exit 64. (The comparison with hls4ml itself: Hls4mlCompatibilityTests.)
    @Test(.enabled(if: ExternalTool("verilator").isInstalled || isCI)) func hls4mlCompatExportVerifies() throws {
        try CommandLineTool.withHome { home in
            let file = SyntheticPolicy.make(sizes: [4, 6, 3], activation: .tanh, normalized: true, seed: 9)
            let policy = try Self.writePolicy(file, in: home)
            for refusedOptions in [["--precision", "auto"], ["--rounding", "even"], ["--overflow", "sat"]] {
                let refused = try CommandLineTool.run(["export", policy, "--out", home + "/bad", "--compat", "hls4ml"] + refusedOptions,
                                                      home: home)
                #expect(refused.status == 64, "\(refusedOptions)")
                #expect(refused.standardError.contains("--compat hls4ml"))
            }
            let out = home + "/export"
            let result = try CommandLineTool.run(
                ["export", policy, "--out", out, "--compat", "hls4ml", "--vectors", "1000", "--reuse", "3",
                 "--verify", "--skip-synthesis", "--skip-icarus", "--json"], home: home)
            #expect(result.status == 0, "\(result.standardError.suffix(3000))")
            let json = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
            #expect(json["compat"] as? String == "hls4ml")
            #expect(json["mismatches"] as? Int == 0)
            #expect(json["initiation_interval"] as? Int == 3)
            // The design reads the normalised observation in ap_fixed<16,6> and writes the network's 3 outputs.
            let formats = try #require(json["formats"] as? [[String: Any]])
            #expect(formats.contains { ($0["format"] as? String)?.contains("ap_fixed<16,6,AP_TRN,AP_WRAP>") == true })
            #expect(!formats.contains { ($0["stage"] as? String)?.contains("normali") == true })
        }
    }
}
