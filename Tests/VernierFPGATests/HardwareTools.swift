import Foundation
import Testing
import VernierFPGA
import VernierMath

/// Which hardware tools the tests need, and the rule for when they are absent: outside CI the test is skipped
/// (and says so); under CI (`CI` set, as `.ci/run` does) it runs and fails, because CI must verify.
enum HardwareTools {
    static let isCI = ProcessInfo.processInfo.environment["CI"].map { !$0.isEmpty && $0 != "false" } ?? false
    static let verilator = ExternalTool("verilator").isInstalled
    static let icarus = ExternalTool("iverilog").isInstalled
    static let yosys = ExternalTool("yosys").isInstalled

    /// Run when Verilator is installed, or always under CI.
    static var verilatorOrCI: Bool { verilator || isCI }
    /// Run when Verilator and Yosys are installed, or always under CI.
    static var synthesisOrCI: Bool { (verilator && yosys) || isCI }

    /// A fresh temporary directory.
    static func temporaryDirectory(_ name: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("vernier-fpga-\(name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// `count` input vectors: half uniform over every code of the input format (saturation and corner cases),
    /// half from `observations`.
    static func vectors(for policy: FixedPointPolicy, observations: [[Double]], count: Int, seed: UInt64) -> [[Int64]] {
        var generator = SeededGenerator(seed: seed)
        let format = policy.inputFormat
        let reference = FixedPointReference(policy)
        var counts = reference.emptyCounts()
        return (0..<count).map { index in
            if index % 2 == 0 || observations.isEmpty {
                return (0..<policy.inputCount).map { _ in
                    let span = UInt64(format.maximumRaw - format.minimumRaw) + 1
                    return format.minimumRaw + Int64(generator.next() % span)
                }
            }
            return reference.inputCodes(observations[(index / 2) % observations.count], counts: &counts)
        }
    }
}
