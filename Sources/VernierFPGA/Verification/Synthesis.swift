import Foundation

/// Yosys synthesis: a generic gate-level netlist for post-synthesis simulation, an xc7 (`synth_xilinx`)
/// resource count, and an iCE40 UP5K place and route with nextpnr for Fmax.
public enum Synthesis {
    /// Resource counts of a `synth_xilinx` run (Yosys's `stat`).
    public struct XilinxResources: Sendable, Hashable, Codable {
        /// LUT1…LUT6.
        public var luts: Int
        /// Flip-flops (FDRE, FDSE, FDCE, FDPE).
        public var flipFlops: Int
        /// DSP48E1 slices.
        public var dsps: Int
        /// Block RAMs in RAMB18 units (a RAMB36 counts 2).
        public var bram18: Int
        /// Every cell type and its count.
        public var cells: [String: Int]
    }

    /// Writes `netlist_<top>.v` next to `rtl`: Yosys's generic synthesis (`synth -flatten` up to its fine
    /// stage, then `techmap`, `abc -fast` and `opt -fast`), every cell a gate or flip-flop written as a Verilog
    /// expression — except the tanh table ROMs, which stay memories (initialised arrays read on the clock), as
    /// `synth_xilinx` keeps them for block RAM. Mapping them into multiplexer trees (`memory_map`) is what kept
    /// the generic synthesis of the shipped policies from finishing: 128 tables of 4,096 entries became millions
    /// of gates, and `opt -full` on them passed 11 GB and 40 minutes.
    public static func genericNetlist(rtl: String, top: String, in directory: URL) throws -> String {
        let script = "read_verilog \(rtl); synth -flatten -top \(top) -run begin:fine; opt -fast; techmap; opt -fast; "
            + "abc -fast; opt -fast; check; opt_clean -purge; write_verilog -noattr netlist_\(top).v"
        _ = try ExternalTool("yosys").run(["-q", "-p", script], in: directory, timeout: 3600)
        return "netlist_\(top).v"
    }

    /// `synth_xilinx` (xc7) and the cell counts.
    public static func xilinx(rtl: String, top: String, in directory: URL) throws -> XilinxResources {
        let script = "read_verilog \(rtl); synth_xilinx -flatten -top \(top); tee -q -o xc7_\(top).stat stat"
        _ = try ExternalTool("yosys").run(["-q", "-p", script], in: directory, timeout: 3600)
        let text = (try? String(contentsOf: directory.appendingPathComponent("xc7_\(top).stat"), encoding: .utf8)) ?? ""
        var cells: [String: Int] = [:]
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: " ", omittingEmptySubsequences: true)
            guard parts.count == 2, let count = Int(parts[1]), parts[0].first?.isUppercase == true else { continue }
            cells[String(parts[0]), default: 0] += count
        }
        func sum(_ prefixes: [String]) -> Int {
            cells.filter { cell, _ in prefixes.contains { cell.hasPrefix($0) } }.values.reduce(0, +)
        }
        return XilinxResources(
            luts: sum(["LUT"]), flipFlops: sum(["FDRE", "FDSE", "FDCE", "FDPE"]), dsps: sum(["DSP48"]),
            bram18: sum(["RAMB18"]) + 2 * sum(["RAMB36"]), cells: cells)
    }

    /// (Multipliers go to logic: Yosys 0.23's `synth_ice40 -dsp` crashes in its ICE40_DSP pass on these designs,
    /// and maps −32768·−32768 wrongly inside one SB_MAC16.)
    /// An iCE40 UP5K (SG48) implementation of `top` behind a serial wrapper (the UP5K has 39 I/O: one input bit
    /// shifts the input bus in, the output bus is XOR-reduced to one pin, so no logic is optimised away), placed
    /// and routed by nextpnr at a `targetMHz` constraint; returns nextpnr's maximum frequency for `clk`.
    public static func ice40Fmax(rtl: String, design: VerilogDesign, targetMHz: Double, in directory: URL) throws -> Double {
        let inputBits = design.inputCount * design.inputWidth
        let outputBits = design.outputCount * design.outputWidth
        var wrapper = CodeWriter()
        wrapper.block("module \(design.topModule)_ice40 (input wire clk, input wire rst, input wire serial_in, input wire in_valid, output reg out_bit, output reg out_valid);", "endmodule") { w in
            w.line("reg [\(inputBits - 1):0] shift;")
            w.line("wire [\(outputBits - 1):0] data;")
            w.line("wire valid;")
            w.line("always @(posedge clk) shift <= {shift[\(max(inputBits - 2, 0)):0], serial_in};")
            w.line("\(design.topModule) core (.clk(clk), .rst(rst), .in_valid(in_valid), .in_data(shift), .out_valid(valid), .out_data(data));")
            w.line("always @(posedge clk) begin out_bit <= ^data; out_valid <= valid; end")
        }
        let wrapperName = "\(design.topModule)_ice40.v"
        try wrapper.text.write(to: directory.appendingPathComponent(wrapperName), atomically: true, encoding: .utf8)
        let json = "\(design.topModule)_ice40.json"
        _ = try ExternalTool("yosys").run(
            ["-q", "-p", "read_verilog \(rtl) \(wrapperName); synth_ice40 -top \(design.topModule)_ice40 -json \(json)"],
            in: directory, timeout: 3600)
        let output = try ExternalTool("nextpnr-ice40").run(
            ["--up5k", "--package", "sg48", "--json", json, "--freq", String(targetMHz), "--pcf-allow-unconstrained", "--timing-allow-fail", "--seed", "1"],
            in: directory, timeout: 3600)
        // "Max frequency for clock 'clk$SB_IO_IN_$glb_clk': 24.51 MHz (PASS at 12.00 MHz)" — the last report is post-route.
        let reports = output.text.split(separator: "\n").filter { $0.contains("Max frequency for clock") }
        guard let last = reports.last, let range = last.range(of: "': "),
              let value = Double(last[range.upperBound...].split(separator: " ").first ?? "") else {
            throw VerificationError.unreadableOutput("nextpnr reported no maximum frequency")
        }
        return value
    }
}
