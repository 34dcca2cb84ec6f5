import Foundation

/// Runs a design against the bit-exact reference: writes the vectors and the testbench, simulates the RTL (and,
/// with Yosys, the post-synthesis netlist) and compares every output code.
public struct DesignVerifier {
    /// The IR the design came from (the reference interprets it).
    public let policy: FixedPointPolicy
    /// The design.
    public let design: VerilogDesign
    /// Input code vectors.
    public let inputs: [[Int64]]
    /// The reference outputs for ``inputs``.
    public let expected: [[Int64]]

    public init(policy: FixedPointPolicy, design: VerilogDesign, inputs: [[Int64]]) {
        self.policy = policy
        self.design = design
        self.inputs = inputs
        let reference = FixedPointReference(policy)
        expected = inputs.map { reference.outputCodes($0) }
    }

    /// Writes the design, the testbench, `inputs.hex` and `expected.hex` under `directory` (creating
    /// `rtl/`, `tb/`, `sim/`); returns the simulation directory.
    @discardableResult
    public func prepare(in directory: URL) throws -> URL {
        let files = design.files + [TestbenchEmitter.emit(design, vectorCount: inputs.count)]
        for file in files {
            let url = directory.appendingPathComponent(file.path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try file.contents.write(to: url, atomically: true, encoding: .utf8)
        }
        let simulation = directory.appendingPathComponent("sim")
        try FileManager.default.createDirectory(at: simulation, withIntermediateDirectories: true)
        try VectorFile.text(inputs, width: design.inputWidth)
            .write(to: simulation.appendingPathComponent("inputs.hex"), atomically: true, encoding: .utf8)
        try VectorFile.text(expected, width: design.outputWidth)
            .write(to: simulation.appendingPathComponent("expected.hex"), atomically: true, encoding: .utf8)
        return simulation
    }

    /// Relative paths (from `sim/`) of the RTL and the testbench.
    public var rtlPath: String { "../rtl/\(design.topModule).v" }
    public var testbenchPath: String { "../tb/\(design.topModule)_tb.v" }

    /// Simulates the RTL with `simulator` in a prepared directory.
    public func simulateRTL(_ simulator: Simulator, in directory: URL) throws -> SimulationResult {
        try simulator.run(sources: [testbenchPath, rtlPath], testbenchTop: "\(design.topModule)_tb",
                          in: directory.appendingPathComponent("sim"), expected: expected, outputWidth: design.outputWidth,
                          subject: "rtl")
    }

    /// Synthesises a generic netlist with Yosys and simulates it with `simulator`.
    public func simulateNetlist(_ simulator: Simulator, in directory: URL) throws -> SimulationResult {
        try simulateNetlist([simulator], in: directory)[0]
    }

    /// Synthesises a generic netlist with Yosys once and simulates it with each of `simulators`, in order.
    public func simulateNetlist(_ simulators: [Simulator], in directory: URL) throws -> [SimulationResult] {
        let simulation = directory.appendingPathComponent("sim")
        let netlist = try Synthesis.genericNetlist(rtl: rtlPath, top: design.topModule, in: simulation)
        return try simulators.map { simulator in
            try simulator.run(sources: [testbenchPath, netlist], testbenchTop: "\(design.topModule)_tb",
                              in: simulation, expected: expected, outputWidth: design.outputWidth, subject: "netlist")
        }
    }
}
