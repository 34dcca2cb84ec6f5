import ArgumentParser
import Foundation
import VernierCore
import VernierModbus
import VernierNN
import VernierPlants
import VernierStore

/// `vernier scan jpa/Tuning-v1 --from GHZ --to GHZ --step MHZ`: the haloscope's frequency scan, re-tuning the
/// JPA at each target from the previous operating point.
struct ScanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scan",
        abstract: "Scan a JPA over target frequencies, re-tuning at each one from the previous operating point.",
        discussion: """
            At each target (from --from to --to every --step) the JPA is re-tuned from the operating point the
            previous step left (warm start) and left at the least pump power found on the 20 dB contour. The first
            step starts cold: a few passive-resonance readings (pump off) place the flux bias, then the pump power
            is bracketed up to the gain target from below (the contour search; with a policy or Nelder-Mead the
            cold step, and a step after one without a feasible point, is the search's too; bo starts cold itself). A later step whose pump power
            rose more than 0.2 dB (flux drift, a flux jump) places the bias again ("replaced"), every --check-every
            steps a passive-resonance reading checks the bias against slow drift ("checked"); a trapped SQUID is
            reported ("flux_trap"): its passive reading is lost, and the placement steps to the other side of the
            last reading with a resonance, never again as far as the lost one. (Traps sit at half a flux quantum;
            the default range never meets one. --options '{jump_half_width_phi0: 0.106,
            jump_release_half_width_phi0: 0.106}' --from 2.10 --to 2.11 --step 1 widens the trap region to meet
            one.) A policy starts each step from the previous operating point moved along the
            tuning curve, and acts while the reading is not on the contour ("policy"), the bias placed again from
            passive-resonance readings when the reading is lost ("replaced"); --policy-start placed places the bias
            at every step, --policy-start ended (or --policy-without-placement) starts where the policy ended.

            Every measurement goes through a safety envelope (the target's box, the map's max_step) and is
            committed to the run store before the next move; after each step a checkpoint holds the operating
            points so far. Ctrl-C leaves the machine at the last completed step's operating point.
            """)

    @OptionGroup var plant: PlantSelection

    @Option(help: "First target frequency in GHz (default: the top of the plant's scan range).")
    var from: Double?

    @Option(help: "Last target frequency in GHz (default: the bottom of the plant's scan range).")
    var to: Double?

    @Option(help: "Step between targets in MHz (> 0).")
    var step = 0.5

    @Option(help: "How each step re-tunes: search (the contour search), bo, nelder-mead (baseline), or policy:FILE (a trained policy).")
    var method: ScanMethod = .search

    @Option(help: "Largest number of measurements of the first (cold) step.")
    var coldBudget = 40

    @Option(help: "Largest number of measurements of each later step.")
    var budget = 20

    @Option(help: "With --method search: every how many steps to begin with a passive-resonance check against slow flux drift (0: never).")
    var checkEvery = 5

    @Option(help: "With --method policy:FILE, where each step starts: predicted (the previous operating point moved along the tuning curve; the policy acts when that reading is not yet on the contour, the bias is placed again from passive readings when lost), placed (passive readings place the bias at every step, then the policy as trained), or ended (where the policy ended).")
    var policyStart: PolicyStart = .predicted

    @Flag(help: "With --method policy:FILE: the same as --policy-start ended.")
    var policyWithoutPlacement = false

    @Option(help: "Also write the operating points as CSV to this file (one row per target).")
    var csv: String?

    @OptionGroup var seed: SeedOptions
    @OptionGroup var backend: BackendOptions
    @OptionGroup var store: RunStoreOptions
    @OptionGroup var output: ProgressOutputOptions

    func validate() throws {
        guard step.isFinite, step > 0 else { throw ValidationError("--step must be a positive number of MHz, got \(step)") }
        for (name, value) in [("--from", from), ("--to", to)] {
            if let value, !value.isFinite { throw ValidationError("\(name) must be a finite frequency in GHz") }
        }
        guard checkEvery >= 0 else { throw ValidationError("--check-every must be 0 (never) or a number of steps, got \(checkEvery)") }
        guard coldBudget >= 1, budget >= 1 else { throw ValidationError("--cold-budget and --budget must be at least 1 measurement") }
        if let csv {
            let directory = URL(fileURLWithPath: csv).deletingLastPathComponent().path
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: directory.isEmpty ? "." : directory, isDirectory: &isDirectory),
                  isDirectory.boolValue else {
                throw ValidationError("the folder of --csv '\(csv)' does not exist; create it or write elsewhere")
            }
        }
    }

    func run() async throws {
        guard let model = try plant.makePlant() as? JPATuning else {
            throw ValidationError("scan re-tunes a JPA over target frequencies; '\(plant.id)' is not one (use jpa/Tuning-v1)")
        }
        let range = model.contextRange
        let first = from ?? range.upperBound, last = to ?? range.lowerBound
        for (name, value) in [("--from", first), ("--to", last)] where !range.contains(value) {
            throw ValidationError("\(name) \(value) GHz is outside \(plant.id)'s scan range \(range.lowerBound)–\(range.upperBound) GHz")
        }
        let targets = Self.targets(from: first, to: last, stepMHz: step)
        var policy: Policy?
        if case .policy(let path) = method {
            let loaded = try PolicyLoading.load(path: path, requestedPlant: plant.id)
            try PolicyLoading.requireCompatible(loaded, with: model, id: plant.id)
            policy = loaded
        }
        let runStore = try store.openForRecording()
        let location = try store.location()
        let configuration = ScanRecipe(plant: plant.id, options: plant.optionsText, method: method.description,
                                       backend: backend.value, fromGhz: first, toGhz: last, stepMhz: step,
                                       coldBudget: coldBudget, budget: budget, checkEvery: checkEvery,
                                       policyWithoutPlacement: policyWithoutPlacement,
                                       policyStart: effectivePolicyStart.rawValue, seed: seed.seed)
        let run = try runStore.createRun(try NewRun(kind: .scan, plant: plant.id, algorithm: method.description,
                                                    configuration: configuration, seed: seed.seed))
        let recorder = ScanRecorder(store: runStore, run: run.id, constraints: model.constraints)
        let progress = TerminalProgress(enabled: output.showsProgress)
        var summary: ScanSummary
        switch backend.value {
        case .simulated:
            var machine = model
            let start = try machine.initialParameters(context: first, seed: seed.seed)
            summary = try await scan(machine: machine, start: start, maxStep: nil, model: model, policy: policy,
                                     targets: targets, recorder: recorder, progress: progress)
        case .modbus(let path, let endpoint):
            let map = try ModbusBackend.map(path: path, endpoint: endpoint)
            let device = try ModbusDevice.open(map)
            var machine: ModbusPlant<JPATuning>
            do {
                machine = try ModbusPlant(model: model, device: device)
            } catch {
                device.close()
                throw ValidationError("\(error)")
            }
            defer { try? machine.close() }
            try machine.setContext(first)
            let start = try machine.currentSettings()
            summary = try await scan(machine: machine, start: start, maxStep: machine.maxStep, model: model,
                                     policy: policy, targets: targets, recorder: recorder, progress: progress)
        }
        progress.finish()
        summary.runId = run.id.description
        summary.store = location.description
        summary.backend = backend.value.name
        if let csv {
            let text = ([ScanStep.csvHeader] + (summary.stepRecords ?? []).map(\.csvRow)).joined(separator: "\n") + "\n"
            try text.write(toFile: csv, atomically: true, encoding: .utf8)
            summary.csv = csv
        }
        try runStore.finishRun(run.id, outcome: summary.status == "completed" ? .completed : summary.status == "cancelled" ? .cancelled : .failed,
                               message: summary.error, summary: recorder.runSummary(summary))
        if output.json {
            try JSONOutput.print(summary)
        } else {
            Self.printSummary(summary)
        }
        switch summary.status {
        case "completed": return
        case "cancelled": throw ExitCode(130)
        default: throw ExitCode.failure
        }
    }

    /// Where a policy's steps start: `--policy-without-placement` is `--policy-start ended`.
    var effectivePolicyStart: PolicyStart { policyWithoutPlacement ? .ended : policyStart }

    /// The targets from `first` towards `last` every `stepMHz`, both ends included (the last step may be shorter).
    static func targets(from first: Double, to last: Double, stepMHz: Double) -> [Double] {
        let direction: Double = last >= first ? 1 : -1
        let span = abs(last - first) * 1000
        let count = Int((span / stepMHz + 1e-9).rounded(.down))
        var values = (0...count).map { first + direction * Double($0) * stepMHz / 1000 }
        if let end = values.last, abs(end - last) * 1000 > 1e-6 { values.append(last) }
        return values
    }

    /// Runs the scan on `machine`, standing at `start`, under Ctrl-C; returns the summary (status cancelled or
    /// failed with what was done, when it did not complete).
    private func scan<Machine: ContextualOptimizable>(
        machine: Machine, start: [Double], maxStep: [Double]?, model: JPATuning, policy: Policy?, targets: [Double],
        recorder: ScanRecorder, progress: TerminalProgress
    ) async throws -> ScanSummary {
        var engine = ScanEngine(machine: machine, current: start, maxStep: maxStep, method: method, model: model,
                                policy: policy, coldBudget: coldBudget, budget: budget, seed: seed.seed)
        engine.checkEvery = checkEvery
        engine.policyStart = effectivePolicyStart
        engine.onMeasurement = { index, target, parameters, evaluation in
            try recorder.record(step: index, target: target, parameters: parameters, evaluation: evaluation)
        }
        let (methodName, id, step) = (method.description, plant.id, self.step)
        let tally = engine.writes
        let result = try await CancellableRun.run { () async -> (steps: [ScanStep], aboveMargin: Int, status: String, error: String?, restore: String?) in
            var steps: [ScanStep] = []
            for (index, target) in targets.enumerated() {
                do {
                    let record = try await engine.tune(step: index, target: target)
                    steps.append(record)
                    try recorder.commit(steps)
                    progress.show(Self.progressLine(record, of: targets.count))
                } catch let aborted as AbortedRun {
                    let restore = "\(aborted.restore.restored ? "restored to" : "could NOT be moved to") the step's start"
                    return (steps, engine.measurementsAboveMargin, aborted.outcome == .cancelled ? "cancelled" : "failed",
                            aborted.outcome == .cancelled ? nil : "\(aborted.underlying)", restore)
                } catch {
                    return (steps, engine.measurementsAboveMargin, "failed", "\(error)", nil)
                }
            }
            return (steps, engine.measurementsAboveMargin, "completed", nil, nil)
        }
        var summary = ScanSummary(steps: result.steps, plant: id, method: methodName, backend: "",
                                  from: targets.first ?? 0, to: targets.last ?? 0, step: step, aboveMargin: result.aboveMargin)
        if case .policy = method {
            summary.policyStart = effectivePolicyStart.rawValue
            // Steps after the cold one (the search's) at which the policy acted.
            let acted = result.steps.dropFirst().filter { $0.events.contains("policy") || effectivePolicyStart != .predicted }
            summary.policyActedSteps = acted.count
            let counts = acted.map(\.measurements).sorted()
            if !counts.isEmpty {
                let middle = counts.count / 2
                summary.policyActedMedianMeasurements = counts.count % 2 == 1
                    ? Double(counts[middle]) : Double(counts[middle - 1] + counts[middle]) / 2
            }
        }
        summary.status = result.status
        summary.error = result.error
        summary.restore = result.restore
        summary.writes = tally.count
        summary.largestWriteMove = tally.largestMove
        summary.lowestWritten = tally.lowest
        summary.highestWritten = tally.highest
        return summary
    }

    static func progressLine(_ record: ScanStep, of total: Int) -> String {
        let point = record.pumpPowerDbm.map { "P \(Format.number($0, digits: 5)) dBm (+\(Format.number(record.excessPumpDb ?? .nan, digits: 2)) dB)" } ?? "no feasible point"
        return "step \(record.index + 1)/\(total)  \(Format.number(record.targetGhz, digits: 7)) GHz  \(point)  \(record.measurements) measurements"
    }

    static func printSummary(_ summary: ScanSummary) {
        print("scan \(summary.runId ?? "-"): \(summary.plant) \(Format.number(summary.fromGhz, digits: 7)) → \(Format.number(summary.toGhz, digits: 7)) GHz every \(summary.stepMhz) MHz with \(summary.method) (\(summary.backend)) — \(summary.status)")
        print("  \(summary.steps) steps, \(summary.totalMeasurements) measurements; per step median \(summary.medianMeasurementsPerStep.map { Format.number($0) } ?? "-"), max \(summary.maxMeasurementsPerStep.map(String.init) ?? "-"); cold start \(summary.coldStartMeasurements.map(String.init) ?? "-")")
        print("  within 0.5 dB of the least pump power: \(summary.stepsWithinHalfDb) of \(summary.steps); no feasible point: \(summary.stepsWithoutFeasiblePoint)")
        print("  bias placed again (drift, jumps): \(summary.replacements); flux-trap events: \(summary.fluxTrapEvents); readings above the instability margin: \(summary.measurementsAboveMargin)")
        if let error = summary.error { print("  error: \(error)") }
        if let restore = summary.restore { print("  machine \(restore)") }
        if let csv = summary.csv { print("  operating points written to \(csv)") }
        print("  stored in \(summary.store ?? "-"); see `vernier runs show \(summary.runId ?? "")`")
    }
}
