import Foundation

/// Compiles and runs an HLS export's C-simulation testbench with g++ against Xilinx's open-source `ap_fixed`
/// headers (github.com/Xilinx/HLS_arbitrary_Precision_Types, Apache-2.0; not shipped with Vernier: point
/// `apTypesInclude` at its `include/`), and compares every output value with the reference's codes.
public enum HLSCSimulation {
    /// Runs the C simulation in `directory` (an export root holding `hls/`) on `inputs`; returns mismatching
    /// vectors, out of `inputs.count`.
    public static func run(policy: FixedPointPolicy, inputs: [[Int64]], functionName: String = "vernier_policy",
                           apTypesInclude: String, in directory: URL) throws -> Int {
        let hls = directory.appendingPathComponent("hls")
        let data = hls.appendingPathComponent("tb_data")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        let format = policy.inputFormat
        let text = inputs.map { vector in
            vector.map { String(format: "%.17g", format.value(ofRaw: $0)) }.joined(separator: " ") + "\n"
        }.joined()
        try text.write(to: data.appendingPathComponent("tb_input_features.dat"), atomically: true, encoding: .utf8)
        _ = try ExternalTool("g++").run(
            ["-std=c++14", "-O1", "-I", apTypesInclude, "-I", "firmware", "-o", "csim",
             "tb/\(functionName)_test.cpp", "firmware/\(functionName).cpp"], in: hls, timeout: 1200)
        _ = try ExternalTool(hls.appendingPathComponent("csim").path).run([], in: hls, timeout: 600)
        let results = try String(contentsOf: data.appendingPathComponent("csim_results.log"), encoding: .utf8)
            .split(separator: "\n")
        let reference = FixedPointReference(policy)
        let outputFormat = policy.outputFormat
        var mismatches = 0
        for (index, input) in inputs.enumerated() {
            let want = reference.outputCodes(input).map { outputFormat.value(ofRaw: $0) }
            let got = index < results.count ? results[index].split(separator: " ").compactMap { Double($0) } : []
            if got != want { mismatches += 1 }
        }
        return mismatches
    }
}
