import Foundation

/// An RTL simulator that runs a ``TestbenchEmitter`` testbench.
public enum Simulator: String, Sendable, Hashable, Codable, CaseIterable {
    /// Verilator 5 (`--binary`, compiled C++).
    case verilator
    /// Icarus Verilog (`iverilog` + `vvp`).
    case icarus

    /// The executable that must be installed.
    public var tool: ExternalTool { ExternalTool(self == .verilator ? "verilator" : "iverilog") }
}

/// One simulation's outcome against the reference.
public struct SimulationResult: Sendable, Hashable, Codable {
    /// Which simulator, and of what ("rtl" or "netlist").
    public var simulator: String
    /// What was simulated: "rtl" or "netlist".
    public var subject: String
    /// Vectors compared.
    public var vectors: Int
    /// Vectors whose output differs from the reference in any bit (or is missing).
    public var mismatches: Int
    /// Measured clock cycles from input to output.
    public var latencyCycles: Int
    /// Measured cycles between consecutive outputs.
    public var initiationInterval: Double
    /// The first mismatching vector's index, when any.
    public var firstMismatch: Int?
    /// Wall-clock seconds (build and run).
    public var seconds: Double

    public init(simulator: String, subject: String, vectors: Int, mismatches: Int, latencyCycles: Int,
                initiationInterval: Double, firstMismatch: Int?, seconds: Double) {
        self.simulator = simulator
        self.subject = subject
        self.vectors = vectors
        self.mismatches = mismatches
        self.latencyCycles = latencyCycles
        self.initiationInterval = initiationInterval
        self.firstMismatch = firstMismatch
        self.seconds = seconds
    }
}

extension Simulator {
    /// Simulates `sources` (the design and `testbench`) in `directory`, which must hold `inputs.hex`, and
    /// compares `outputs.hex` with `expected`, code for code.
    public func run(sources: [String], testbenchTop: String, in directory: URL, expected: [[Int64]], outputWidth: Int,
                    subject: String) throws -> SimulationResult {
        let started = Date()
        switch self {
        case .verilator:
            let objects = "obj_\(subject)"
            // Verilator 5.006's bit-op-tree rewrite (V3Const) miscompiles Yosys's gate-level netlists (chains of
            // `a & ~(b)`, `~(a ^ b)` on single bits): 1,945 of 2,000 outputs of a 3-5-2 tanh netlist differ with it
            // and none with `-fno-const-bit-op-tree` (or `-O0`); upstream verilator/verilator#4059, #4832, #4857.
            let workaround = subject == "netlist" ? ["-fno-const-bit-op-tree"] : []
            // g++ on the generated model is most of the time: `-O1` compiles the AWAKE design (5,364 multipliers)
            // in 26 s of CPU against 37 s with Verilator's default `-Os`, and simulates 10,000 vectors as fast (0.09 s).
            _ = try tool.run(["--binary", "-O2", "-Wno-fatal", "-Wno-lint", "-Wno-style", "--x-assign", "fast", "--x-initial", "fast"] + workaround + [
                              "--top-module", testbenchTop, "-Mdir", objects, "-j", "2",
                              "-MAKEFLAGS", "OPT_FAST=-O1 OPT_SLOW=-O0 OPT_GLOBAL=-O0"] + sources, in: directory, timeout: 1800)
            try? FileManager.default.removeItem(at: directory.appendingPathComponent("outputs.hex"))
            let output = try ExternalTool(directory.appendingPathComponent("\(objects)/V\(testbenchTop)").path)
                .run([], in: directory, timeout: 600)
            return try compare(output.text, directory: directory, expected: expected, outputWidth: outputWidth,
                               subject: subject, started: started)
        case .icarus:
            _ = try tool.run(["-g2005", "-o", "sim_\(subject).vvp", "-s", testbenchTop] + sources, in: directory, timeout: 600)
            try? FileManager.default.removeItem(at: directory.appendingPathComponent("outputs.hex"))
            let output = try ExternalTool("vvp").run(["-n", "sim_\(subject).vvp"], in: directory, timeout: 1800)
            return try compare(output.text, directory: directory, expected: expected, outputWidth: outputWidth,
                               subject: subject, started: started)
        }
    }

    private func compare(_ log: String, directory: URL, expected: [[Int64]], outputWidth: Int, subject: String,
                         started: Date) throws -> SimulationResult {
        guard let text = try? String(contentsOf: directory.appendingPathComponent("outputs.hex"), encoding: .utf8) else {
            throw VerificationError.unreadableOutput("no outputs.hex; the simulator said:\n\(log.suffix(2000))")
        }
        let lines = text.split(separator: "\n")
        var mismatches = 0
        var first: Int?
        for (index, want) in expected.enumerated() {
            let got = index < lines.count ? VectorFile.codes(lines[index], count: want.count, width: outputWidth) : nil
            if got != want {
                mismatches += 1
                if first == nil { first = index }
            }
        }
        func number(after key: String) -> Int? {
            log.split(separator: "\n").first { $0.hasPrefix(key + " ") }.flatMap { Int($0.dropFirst(key.count + 1)) }
        }
        guard let latency = number(after: "LATENCY"), let span = number(after: "II_CYCLES") else {
            throw VerificationError.unreadableOutput("no LATENCY line; the simulator said:\n\(log.suffix(2000))")
        }
        return SimulationResult(
            simulator: rawValue, subject: subject, vectors: expected.count, mismatches: mismatches, latencyCycles: latency,
            initiationInterval: expected.count > 1 ? Double(span) / Double(expected.count - 1) : 1, firstMismatch: first,
            seconds: Date().timeIntervalSince(started))
    }
}
