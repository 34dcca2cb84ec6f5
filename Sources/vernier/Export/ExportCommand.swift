import ArgumentParser
import Foundation
import VernierCore
import VernierFPGA
import VernierNN

/// `vernier export POLICY --target verilog --out DIR`: a policy as a fixed-point FPGA design, with its
/// error against the floating-point policy, test vectors, and (with `--verify`) bit-exact verification.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export a policy as a pipelined fixed-point FPGA design (Verilog), verified bit for bit with open tools.",
        discussion: """
            The design computes the policy's deterministic action (the Gaussian mean scaled and clipped into the
            action bounds, or the arg-max of a categorical head) from observation codes, one new input every clock
            (II = 1), or with --reuse N one every N clocks through ⌈products / N⌉ shared multipliers (and
            ⌈outputs / N⌉ shared tanh ROMs) per layer; report.json and --json give the II and the multipliers.
            Observations for the error report and the test vectors come from the policy's own plant: episodes
            reset with seeds S, S+1, … (--seed) and stepped by the floating-point policy.
            DIR receives rtl/, tb/, sim/ (inputs.hex, expected.hex), hls/ with --target hls, fixed-point-policy.json (the IR that
            `vernier evaluate --fixed-point DIR` runs) and report.json. --verify simulates the RTL with Verilator
            (and Icarus Verilog when installed) and, with Yosys, the post-synthesis netlist; it reports mismatches,
            latency and II, Yosys xc7 resources, and the iCE40 UP5K post-route Fmax with nextpnr-ice40.
            --compat hls4ml exports the network alone in hls4ml 1.3.0's default arithmetic, bit for bit: every
            value ap_fixed<W,I> with AP_TRN and AP_WRAP, each product truncated to the accumulator type before
            the sum, tanh by hls4ml's table (index int(x*N/8)+N/2, left-edge values in ap_fixed<18,8>), weights as
            hls4ml reads them (float32, printed with W-I decimals). hls4ml sees no normalisation, action scaling
            or clip: the design's inputs are the normalised observations, its outputs the network's outputs
            (Benchmarks/hls4ml-compat.sh compares them with hls4ml's own C simulation).
            """)

    @Argument(help: "The policy file (policies/*.json).")
    var policy: String

    @Option(help: "Design language: verilog (pipelined RTL) or hls (Vitis HLS C++ in hls4ml's layout).")
    var target: ExportTarget = .verilog

    @Option(help: "Fixed-point precision: W,I (every value and weight ap_fixed<W,I>) or auto (the quantiser picks per-stage widths within --max-error).")
    var precision: PrecisionChoice = .uniform(width: 16, integerBits: 6)

    @Option(help: "With --precision auto: the largest allowed absolute action error (action units; default 1 % of the narrowest action range).")
    var maxError: Double?

    @Option(help: "Quantisation: even (round half to even, default), rnd (round half up, AP_RND) or trn (truncate, AP_TRN).")
    var rounding: Quantization?

    @Option(help: "Overflow: sat (saturate, default), sat_sym (symmetric) or wrap (AP_WRAP; dangerous on an actuator).")
    var overflow: Overflow?

    @Option(help: "Entries of each tanh lookup table (a power of two, 8…65536).")
    var tableSize: Int = 1024

    @Option(help: "Multiplier sharing: each multiplier serves N products, a new input every N clocks (II = N; 1: fully parallel, 1…4096). in_ready paces the inputs.")
    var reuse: Int = 1

    @Option(help: "Clock frequency in MHz for the latency in ns and nextpnr's target.")
    var clockMhz: Double = 200

    @Option(help: "Reproduce hls4ml 1.3.0's default arithmetic bit for bit, for the network alone (hls4ml).")
    var compat: ToolCompatibility?

    @Option(help: "The export directory.")
    var out: String

    @Flag(help: "Replace --out even when it is not an earlier export.")
    var force = false

    @Option(help: "Observations drawn from the plant: the error report and the test vectors (≥ 1).")
    var vectors: Int = 10_000

    @Flag(help: "Simulate the design against the bit-exact reference (Verilator, Icarus) and synthesise it (Yosys, nextpnr).")
    var verify = false

    @Flag(help: "With --verify: simulate only (no netlist simulation, xc7 resource count or iCE40 place and route).")
    var skipSynthesis = false

    @Flag(help: "With --verify: no Icarus Verilog run, RTL or netlist (Icarus needs about an hour for the AWAKE policy's 10,000 vectors here).")
    var skipIcarus = false

    @OptionGroup var plantOptions: PlantOptionsOption

    @OptionGroup var seed: SeedOptions
    @OptionGroup var output: ProgressOutputOptions

    func validate() throws {
        guard vectors >= 1 else { throw ValidationError("--vectors must be at least 1, got \(vectors)") }
        guard (1...4096).contains(reuse) else {
            throw ValidationError("--reuse must be in 1…4096 (products per multiplier, the initiation interval), got \(reuse)")
        }
        if target == .hls && verify && ProcessInfo.processInfo.environment["VERNIER_AP_TYPES"] == nil {
            throw ValidationError("--target hls --verify compiles the C simulation with g++ against Xilinx's open ap_fixed headers: set VERNIER_AP_TYPES to the include/ directory of github.com/Xilinx/HLS_arbitrary_Precision_Types (Benchmarks/fpga/hls-csim.sh fetches it)")
        }
        if compat == .hls4ml {
            guard precision != .automatic else {
                throw ValidationError("--compat hls4ml uses one precision for everything, as hls4ml's default does: give --precision W,I (default 16,6), not auto")
            }
            guard rounding == nil, overflow == nil else {
                throw ValidationError("--compat hls4ml fixes hls4ml's defaults AP_TRN and AP_WRAP: omit --rounding and --overflow")
            }
        }
        guard tableSize >= 8, tableSize <= 65536, tableSize & (tableSize - 1) == 0 else {
            throw ValidationError("--table-size must be a power of two in 8…65536, got \(tableSize)")
        }
        guard clockMhz > 0, clockMhz.isFinite else { throw ValidationError("--clock-mhz must be positive, got \(clockMhz)") }
        if let maxError, !(maxError > 0) { throw ValidationError("--max-error must be positive, got \(maxError)") }
        if maxError != nil, precision != .automatic { throw ValidationError("--max-error goes with --precision auto") }
        guard FileManager.default.fileExists(atPath: policy) else {
            throw ValidationError("policy file '\(policy)' does not exist (write one with `vernier train`)")
        }
    }

    func run() throws {
        let started = Date()
        let progress = TerminalProgress(enabled: output.showsProgress)
        let file: PolicyFile
        let floatPolicy: Policy
        do {
            file = try PolicyFile.load(from: URL(fileURLWithPath: policy))
            floatPolicy = try Policy(file)
        } catch {
            throw ValidationError("\(policy): \(error)")
        }
        let directory = try ExportDirectory(path: out, force: force)
        do {
            let report = try export(file, floatPolicy, into: directory, progress: progress, started: started)
            try directory.commit()
            progress.finish()
            try show(report)
            if let mismatches = report.mismatches, mismatches > 0 { throw ExitCode(1) }
        } catch {
            directory.discard()
            progress.finish()
            throw error
        }
    }

    private func export(_ file: PolicyFile, _ floatPolicy: Policy, into directory: ExportDirectory,
                        progress: TerminalProgress, started: Date) throws -> ExportReport {
        progress.show("export: drawing \(vectors) observations from \(file.plantID)…", force: true)
        var (observations, source) = try sampleObservations(file, floatPolicy)
        let rounding = self.rounding ?? .roundHalfEven
        let overflow = self.overflow ?? .saturate
        let plan: PrecisionPlan
        var limit: Double?
        let fixed: FixedPointPolicy
        // What the fixed-point outputs are compared with: the float policy, or with --compat the float network.
        var comparedPolicy = floatPolicy
        switch precision {
        case .uniform(let width, let integerBits) where compat == .hls4ml:
            // The network alone: its inputs are the normalised observations, its outputs compared with the
            // float network's.
            do {
                fixed = try Hls4mlLowering.lower(file, width: width, integerBits: integerBits, tableSize: tableSize)
                let format = fixed.inputFormat
                comparedPolicy = try Policy(Hls4mlLowering.networkOnly(file, format: format))
            } catch {
                throw ValidationError("\(policy): \(error)")
            }
            observations = observations.map { Hls4mlLowering.networkInputs($0, file: file) }
            source += "; normalised by the policy (the network's inputs)"
            plan = .uniform(for: file, width: width, integerBits: integerBits, quantization: .truncate, overflow: .wrap,
                            tanhTableSize: tableSize)
        case .uniform(let width, let integerBits):
            plan = .uniform(for: file, width: width, integerBits: integerBits, quantization: rounding, overflow: overflow,
                            tanhTableSize: tableSize)
            fixed = try lowered(file, plan)
        case .automatic:
            let bound = maxError ?? Self.defaultMaxError(file)
            limit = bound
            progress.show("export: searching the narrowest precision within \(Format.number(bound, digits: 3))…", force: true)
            let search = PrecisionSearch(file: file, float: floatPolicy, observations: Array(observations.prefix(2000)),
                                         quantization: rounding, overflow: overflow, tanhTableSize: tableSize)
            guard var bits = search.search(maximumError: bound) else {
                throw ValidationError("no precision up to 20 fraction bits per stage keeps the action error within \(bound); raise --max-error or --table-size")
            }
            // The search saw 2,000 observations; on all of them, widen every stage a bit at a time until the
            // limit holds (at most four times).
            let full = PrecisionSearch(file: file, float: floatPolicy, observations: observations, quantization: rounding,
                                       overflow: overflow, tanhTableSize: tableSize)
            for _ in 0..<4 where (full.maximumError(bits) ?? .infinity) > bound {
                bits = bits.map { $0 + 1 }
            }
            plan = search.plan(fractionBits: bits)
            fixed = try lowered(file, plan)
        }
        progress.show("export: error report over \(observations.count) observations…", force: true)
        let errors = ErrorReport(policy: fixed, float: comparedPolicy, observations: observations)
        let design = VerilogEmitter(moduleName: "vernier_policy", reuse: reuse).emit(fixed)
        let reference = FixedPointReference(fixed)
        var counts = reference.emptyCounts()
        let inputs = observations.map { reference.inputCodes($0, counts: &counts) }
        let verifier = DesignVerifier(policy: fixed, design: design, inputs: inputs)
        try verifier.prepare(in: directory.staging)
        try directory.write(String(decoding: try JSONOutput.encoder().encode(fixed), as: UTF8.self),
                            to: FixedPointPolicyFile.name)

        var report = ExportReport(
            policy: policy, plantId: file.plantID, target: target.rawValue, out: directory.destination.path,
            precision: precision == .automatic ? "auto" : "\(plan.input.width),\(plan.input.integerBits)",
            compat: compat?.rawValue, maxError: limit, formats: fixed.stageFormats, observationSource: source, vectors: observations.count,
            maxAbsError: errors.maximumAbsoluteError, meanAbsError: errors.meanAbsoluteError,
            maxAbsErrorPerAction: errors.maximumAbsoluteErrorPerAction, tanhTableSize: tableSize,
            tanhTableMaxError: errors.tanhTableErrors.compactMap { $0 }.max(),
            saturation: zip(errors.saturation.stages, errors.saturation.shares).map { .init(stage: $0, share: $1) },
            latencyCycles: design.latencyCycles, initiationInterval: design.initiationInterval, clockMhz: clockMhz,
            latencyNs: Double(design.latencyCycles) * 1000 / clockMhz, multipliers: design.multiplierCount,
            seconds: 0)
        if target == .hls {
            for generated in HLSEmitter(initiationInterval: reuse).emit(fixed) { try directory.write(generated.contents, to: generated.path) }
            if verify, let include = ProcessInfo.processInfo.environment["VERNIER_AP_TYPES"] {
                progress.show("verify: g++ C simulation of the HLS C++, \(inputs.count) vectors…", force: true)
                let simulationStart = Date()
                let mismatches = try HLSCSimulation.run(policy: fixed, inputs: inputs, apTypesInclude: include,
                                                        in: directory.staging)
                report.simulations = [SimulationResult(
                    simulator: "g++ (ap_fixed C simulation)", subject: "hls", vectors: inputs.count, mismatches: mismatches,
                    latencyCycles: design.latencyCycles, initiationInterval: Double(design.initiationInterval), firstMismatch: nil,
                    seconds: Date().timeIntervalSince(simulationStart))]
                report.mismatches = mismatches
            }
        } else if verify {
            try runVerification(verifier, design: design, directory: directory, progress: progress, report: &report)
        }
        report.seconds = Date().timeIntervalSince(started)
        try directory.write(String(decoding: try JSONOutput.encoder().encode(report), as: UTF8.self), to: "report.json")
        try directory.write("{\"format\": \"vernier-export\", \"format_version\": 1}\n", to: ExportDirectory.manifestName)
        return report
    }

    private func lowered(_ file: PolicyFile, _ plan: PrecisionPlan) throws -> FixedPointPolicy {
        do {
            return try PolicyLowering.lower(file, plan: plan)
        } catch {
            throw ValidationError("\(policy): \(error)")
        }
    }

    private func runVerification(_ verifier: DesignVerifier, design: VerilogDesign, directory: ExportDirectory,
                                 progress: TerminalProgress, report: inout ExportReport) throws {
        guard Simulator.verilator.tool.isInstalled else {
            throw VerificationError.toolMissing("verilator")
        }
        var simulations: [SimulationResult] = []
        progress.show("verify: Verilator, RTL, \(verifier.inputs.count) vectors…", force: true)
        simulations.append(try verifier.simulateRTL(.verilator, in: directory.staging))
        if Simulator.icarus.tool.isInstalled && !skipIcarus {
            progress.show("verify: Icarus Verilog, RTL…", force: true)
            simulations.append(try verifier.simulateRTL(.icarus, in: directory.staging))
        }
        let yosys = ExternalTool("yosys").isInstalled
        if yosys && !skipSynthesis {
            // Verilator on the netlist always (with -fno-const-bit-op-tree: see Simulator.run), Icarus too
            // unless skipped.
            let netlistSimulators: [Simulator] = Simulator.icarus.tool.isInstalled && !skipIcarus
                ? [.verilator, .icarus] : [.verilator]
            progress.show("verify: Yosys netlist, then \(netlistSimulators.map(\.rawValue).joined(separator: " and ")) on it…",
                          force: true)
            simulations += try verifier.simulateNetlist(netlistSimulators, in: directory.staging)
            progress.show("verify: Yosys synth_xilinx (xc7)…", force: true)
            let resources = try Synthesis.xilinx(rtl: verifier.rtlPath, top: design.topModule,
                                                 in: directory.staging.appendingPathComponent("sim"))
            report.resources = .init(device: "xc7 (yosys synth_xilinx)", luts: resources.luts, flipFlops: resources.flipFlops,
                                     dsps: resources.dsps, bram18: resources.bram18)
            if resources.luts > Self.ice40UP5KLogicCells {
                // Yosys's iCE40 synthesis of a design this size takes hours and cannot fit: say so instead.
                progress.note("iCE40 UP5K: not placed — the xc7 mapping alone needs \(resources.luts) six-input LUTs, more than the UP5K's \(Self.ice40UP5KLogicCells) four-input logic cells (use --reuse to share multipliers)")
            } else if ExternalTool("nextpnr-ice40").isInstalled {
                progress.show("verify: iCE40 UP5K place and route (nextpnr)…", force: true)
                do {
                    report.fmaxMhz = try Synthesis.ice40Fmax(rtl: verifier.rtlPath, design: design, targetMHz: clockMhz,
                                                             in: directory.staging.appendingPathComponent("sim"))
                } catch {
                    // A design too large for the UP5K is a finding, not a failed export.
                    progress.note("iCE40 UP5K: no Fmax (\(String("\(error)".prefix(300))))")
                }
            }
        }
        report.simulations = simulations
        report.mismatches = simulations.map(\.mismatches).reduce(0, +)
    }

    private func sampleObservations(_ file: PolicyFile, _ floatPolicy: Policy) throws -> ([[Double]], String) {
        let registry = try PlantCatalogs.registry()
        guard (try? registry.spec(for: file.plantID)) != nil else {
            return (SyntheticPolicy.observations(for: file, count: vectors, seed: seed.seed),
                    "normal samples around the normalisation statistics (plant \(file.plantID) is not registered), seed \(seed.seed)")
        }
        let environment = try PolicyLoading.environment(id: file.plantID, optionsText: plantOptions.optionsText)
        try PolicyLoading.requireCompatible(floatPolicy, with: environment, id: file.plantID)
        let observations = try PlantObservations.collect(policy: floatPolicy, environment: environment, count: vectors,
                                                         seed: seed.seed)
        return (observations, "\(file.plantID) episodes from seed \(seed.seed), stepped by the float policy")
    }

    /// Logic cells (four-input LUTs) of an iCE40 UP5K.
    static let ice40UP5KLogicCells = 5280

    /// 1 % of the narrowest action range (continuous), or 0.5 (a categorical choice must not change).
    static func defaultMaxError(_ file: PolicyFile) -> Double {
        let scaling = file.actionScaling
        guard scaling.kind == .continuous else { return 0.5 }
        return 0.01 * (zip(scaling.low, scaling.high).map { $1 - $0 }.min() ?? 2)
    }

    private func show(_ report: ExportReport) throws {
        if output.json {
            try JSONOutput.print(report)
            return
        }
        print("\(report.policy) → \(report.out) (\(report.target), precision \(report.precision)\(report.compat.map { ", --compat \($0): the network alone" } ?? ""))")
        print("  action error vs float   max \(Format.number(report.maxAbsError, digits: 4)), mean \(Format.number(report.meanAbsError, digits: 4)) over \(report.vectors) observations (\(report.observationSource))")
        if let table = report.tanhTableMaxError {
            print("  tanh table              \(report.tanhTableSize) entries, max |error| \(Format.number(table, digits: 3))")
        }
        let saturated = report.saturation.filter { $0.share > 0 }
        print("  saturated               " + (saturated.isEmpty ? "none" : saturated.map { "\($0.stage) \(Format.number(100 * $0.share, digits: 3)) %" }.joined(separator: ", ")))
        print("  pipeline                latency \(report.latencyCycles) cycles (\(Format.number(report.latencyNs, digits: 4)) ns at \(Format.number(report.clockMhz, digits: 4)) MHz), II \(report.initiationInterval), \(report.multipliers) multipliers")
        for simulation in report.simulations ?? [] {
            let label = "  \(simulation.simulator) \(simulation.subject)"
            print(label + String(repeating: " ", count: max(1, 26 - label.count))
                  + "\(simulation.mismatches) mismatches in \(simulation.vectors) vectors, latency \(simulation.latencyCycles), II \(Format.number(simulation.initiationInterval, digits: 3)) (\(Format.number(simulation.seconds, digits: 3)) s)")
        }
        if let resources = report.resources {
            print("  \(resources.device)  LUT \(resources.luts), FF \(resources.flipFlops), DSP48 \(resources.dsps), BRAM18 \(resources.bram18)")
        }
        if let fmax = report.fmaxMhz {
            print("  iCE40 UP5K post-route   Fmax \(Format.number(fmax, digits: 4)) MHz → latency \(Format.number(Double(report.latencyCycles) * 1000 / fmax, digits: 4)) ns")
        }
        print("  \(Format.number(report.seconds, digits: 3)) s")
    }
}
