import Foundation
import Testing
import VernierModbus
import VernierPlants
import VernierStore
import VernierTestSupport

/// `vernier scan jpa/Tuning-v1`: the haloscope scan, simulated and over Modbus against `vernier device serve`.
@Suite(.serialized, .timeLimit(.minutes(3)))
struct ScanCommandTests {
    /// Noise off (no gain or passive-resonance noise, no flux drift): what "the same operating points over
    /// Modbus" needs, since the served device also measures at the envelope's interpolated writes.
    static let quiet = "{gain_noise_db: 0, flux_drift_phi0: 0}"

    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    static func steps(_ report: [String: Any]) throws -> [[String: Any]] {
        try #require(report["step_records"] as? [[String: Any]])
    }

    @Test("the whole default range at 0.5 MHz, drift and traps on: median ≤ 3 measurements per step, ≥ 99 % of steps within 0.5 dB of the least pump power, CSV and store written")
    func defaultScanMeetsTheTargets() throws {
        try CommandLineTool.withHome { home in
            let store = home + "/runs.sqlite", csv = home + "/points.csv"
            let result = try CommandLineTool.run(["scan", "jpa/Tuning-v1", "--seed", "3", "--store", store, "--csv", csv, "--json"], home: home)
            #expect(result.status == 0, "\(result.standardError)")
            let report = try Self.json(result.standardOutput)
            let steps = try Self.steps(report)
            // 2.39 → 2.10 GHz every 0.5 MHz: 581 targets, in order, each with its measurements counted.
            #expect(steps.count == 581)
            #expect((steps.first?["target_ghz"] as? Double) == 2.39)
            #expect(abs((steps.last?["target_ghz"] as? Double ?? 0) - 2.1) < 1e-12)
            let counts = steps.compactMap { $0["measurements"] as? Int }.sorted()
            #expect(counts.count == 581 && counts[290] <= 3)
            #expect((report["median_measurements_per_step"] as? Double ?? 99) <= 3)
            // Oracle: the plant's own least pump power at each target.
            let within = steps.filter { step in
                guard let excess = step["excess_pump_db"] as? Double else { return false }
                return step["feasible"] as? Bool == true && abs(excess) <= 0.5
            }.count
            #expect(Double(within) >= 0.99 * 581, "\(within) of 581 within 0.5 dB")
            #expect(report["measurements_above_margin"] as? Int == 0)
            #expect(report["cold_start_measurements"] as? Int ?? 99 <= 40)
            // The CSV has the documented header and one row per target.
            let lines = try String(contentsOfFile: csv, encoding: .utf8).split(separator: "\n")
            #expect(lines.first.map(String.init) == "index,target_ghz,flux_bias_ua,pump_power_dbm,pump_detuning_mhz,gain_db,noise_temperature_k,minimum_pump_power_dbm,excess_pump_db,measurements,feasible,events")
            #expect(lines.count == 582)
            // The store holds every measurement, and the last checkpoint every step.
            let runStore = try RunStore(path: store)
            let run = try #require(try runStore.runs().first?.run)
            #expect(run.kind == .scan && run.status == .completed)
            #expect(try runStore.evaluationCount(of: run.id) == report["total_measurements"] as? Int)
            let checkpoint = try #require(try runStore.latestCheckpoint(of: run.id))
            let stored = try #require(try JSONSerialization.jsonObject(with: checkpoint.state) as? [Any])
            #expect(stored.count == 581)
        }
    }

    @Test("flux drift at 10× the default: detected (passive-resonance checks, bias placed again) and recovered, ≥ 99 % of steps within 0.5 dB")
    func strongDriftIsRecovered() throws {
        try CommandLineTool.withHome { home in
            let result = try CommandLineTool.run(["scan", "jpa/Tuning-v1", "--options", "{flux_drift_phi0: 0.0001}", "--seed", "1",
                                                  "--store", home + "/runs.sqlite", "--json"], home: home)
            #expect(result.status == 0, "\(result.standardError)")
            let report = try Self.json(result.standardOutput)
            let steps = try Self.steps(report)
            #expect(steps.count == 581)
            let events = steps.flatMap { $0["events"] as? [String] ?? [] }
            #expect(events.contains("checked") && events.contains("replaced"))
            #expect((report["replacements"] as? Int ?? 0) == steps.filter { ($0["events"] as? [String] ?? []).contains("replaced") }.count)
            #expect(Double(report["steps_within_half_db"] as? Int ?? 0) >= 0.99 * 581)
            #expect((report["median_measurements_per_step"] as? Double ?? 99) <= 3)
        }
    }

    /// The trap region widened to 0.106 Φ₀ about Φ₀/2 (no hysteresis): the flux of the 20 dB point at 2.10 GHz
    /// (≈ 0.393 Φ₀) lies just outside it, so the cold step's second passive reading, 2 µA up, traps the SQUID.
    static let wideTrap = "{jump_half_width_phi0: 0.106, jump_release_half_width_phi0: 0.106}"

    @Test("a flux trap met at the low end of the range (trap region widened): reported as flux_trap, the placement walks away from the lost reading, every step within 0.5 dB after it, nothing written outside the boxes",
          arguments: ["2", "4"])
    func fluxTrapIsRecovered(seed: String) throws {
        try CommandLineTool.withHome { home in
            let store = home + "/runs.sqlite"
            let result = try CommandLineTool.run(["scan", "jpa/Tuning-v1", "--options", Self.wideTrap, "--from", "2.10", "--to", "2.11",
                                                  "--step", "1", "--seed", seed, "--store", store, "--json"], home: home)
            #expect(result.status == 0, "\(result.standardError)")
            let report = try Self.json(result.standardOutput)
            let steps = try Self.steps(report)
            #expect(steps.count == 11)
            let trapped = steps.filter { ($0["events"] as? [String] ?? []).contains("flux_trap") }
            #expect(!trapped.isEmpty)
            #expect(report["flux_trap_events"] as? Int == trapped.count)
            // Recovered: the step that met the trap and every step after it feasible, within 0.5 dB of the least pump power.
            let first = try #require(trapped.first?["index"] as? Int)
            for step in steps where (step["index"] as? Int ?? -1) >= first {
                #expect(step["feasible"] as? Bool == true)
                #expect(abs(step["excess_pump_db"] as? Double ?? 99) <= 0.5, "\(step)")
            }
            #expect(report["measurements_above_margin"] as? Int == 0)
            // The store: a lost passive reading (trapped), then a passive reading with a resonance again (walked away).
            let runStore = try RunStore(path: store)
            let run = try #require(try runStore.runs().first?.run)
            let records = try runStore.evaluations(of: run.id)
            let lastTrapped = try #require(records.lastIndex { $0.observables["flux_trapped"] == 1 })
            #expect(records[lastTrapped].observables["passive_resonance_ghz"].map { $0.isNaN } ?? true)
            #expect(records[(lastTrapped + 1)...].contains { $0.observables["passive_resonance_ghz"]?.isFinite == true })
            // Nothing written outside the targets' boxes (bias about the nominal bias of 2.10 and 2.11 GHz).
            let plant = try JPATuning()
            let top = try plant.optimizationSpace(context: 2.10), bottom = try plant.optimizationSpace(context: 2.11)
            let lowest = try #require(report["lowest_written"] as? [Double]), highest = try #require(report["highest_written"] as? [Double])
            for index in 0..<3 {
                #expect(lowest[index] >= min(top.low[index], bottom.low[index]) - 1e-9)
                #expect(highest[index] <= max(top.high[index], bottom.high[index]) + 1e-9)
            }
        }
    }

    @Test("over hardware/jpa-float64.yaml against vernier device serve: the same operating points and measurement counts as the simulation; no write outside the bounds or beyond max_step",
          arguments: ["search", "policy:" + ServedDevice.packageRoot.appendingPathComponent("policies/jpa-tuning-v1.json").path])
    func modbusScanEqualsSimulation(method: String) throws {
        try CommandLineTool.withHome { home in
            let map = ServedDevice.packageRoot.appendingPathComponent("hardware/jpa-float64.yaml").path
            let served = try ServedDevice("jpa/Tuning-v1", map: map, arguments: ["--options", Self.quiet, "--seed", "4"])
            defer { served.stop() }
            let common = ["--options", Self.quiet, "--from", "2.3", "--to", "2.292", "--seed", "4", "--method", method,
                          "--store", home + "/runs.sqlite", "--json"]
            let overModbus = try CommandLineTool.run(
                ["scan", "jpa/Tuning-v1", "--backend", "modbus", "--map", map, "--endpoint", "\(served.host):\(served.port)"] + common,
                home: home)
            #expect(overModbus.status == 0, "\(overModbus.standardError)")
            let simulated = try CommandLineTool.run(["scan", "jpa/Tuning-v1"] + common, home: home)
            #expect(simulated.status == 0, "\(simulated.standardError)")
            let device = try Self.json(overModbus.standardOutput), model = try Self.json(simulated.standardOutput)
            let deviceSteps = try Self.steps(device), modelSteps = try Self.steps(model)
            #expect(deviceSteps.count == 17 && modelSteps.count == 17)
            for key in ["flux_bias_ua", "pump_power_dbm", "pump_detuning_mhz", "gain_db", "measurements"] {
                #expect(deviceSteps.map { $0[key] as? Double } == modelSteps.map { $0[key] as? Double }, "\(key)")
            }
            #expect(deviceSteps.allSatisfy { $0["feasible"] as? Bool == true })
            // Every write within the map's bounds ([-500, 500] µA, [-30, 10] dBm, [-2, 2] MHz) and max_step (5 µA, 3 dB).
            let largest = try #require(device["largest_write_move"] as? [Double])
            let low = try #require(device["lowest_written"] as? [Double]), high = try #require(device["highest_written"] as? [Double])
            #expect(largest.count == 3 && largest[0] <= 5 && largest[1] <= 3)
            #expect(low.count == 3 && high.count == 3)
            #expect(low[0] >= -500 && high[0] <= 500 && low[1] >= -30 && high[1] <= 10 && low[2] >= -2 && high[2] <= 2)
            #expect((device["writes"] as? Int ?? 0) > (device["total_measurements"] as? Int ?? 0))
            // The device refused nothing.
            #expect(!served.log.contains("refused"), "\(served.log)")
        }
    }

    @Test("Ctrl-C mid-scan over Modbus: exit 130, the run cancelled with every completed step stored, the device at the last step's operating point")
    func ctrlCLeavesTheLastOperatingPoint() throws {
        try CommandLineTool.withHome { home in
            let map = ServedDevice.packageRoot.appendingPathComponent("hardware/jpa-float64.yaml").path
            let served = try ServedDevice("jpa/Tuning-v1", map: map, arguments: ["--options", Self.quiet, "--seed", "2"])
            defer { served.stop() }
            let store = home + "/runs.sqlite"
            let process = Process()
            process.executableURL = try CommandLineTool.executable()
            process.arguments = ["scan", "jpa/Tuning-v1", "--options", Self.quiet, "--from", "2.3", "--to", "2.2", "--seed", "2",
                                 "--backend", "modbus", "--map", map, "--endpoint", "\(served.host):\(served.port)",
                                 "--store", store, "--json"]
            process.environment = CommandLineTool.environment(home: home)
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            // Wait (polling, holding this thread) until a few steps are committed.
            var committed = 0
            for _ in 0..<800 where committed < 4 {
                usleep(25_000)
                // Read-only, and only once the scan has made the store: a poller that created it would race the scan.
                guard FileManager.default.fileExists(atPath: store),
                      let reader = try? RunStore(path: store, options: .init(createIfMissing: false)) else { continue }
                if let run = try? reader.runs().first?.run, let checkpoint = try? reader.latestCheckpoint(of: run.id) {
                    committed = checkpoint.sequence + 1
                }
                try? reader.close()
            }
            #expect(committed >= 4)
            process.interrupt()
            for _ in 0..<400 where process.isRunning { usleep(25_000) }
            #expect(!process.isRunning)
            #expect(process.terminationStatus == 130)
            let runStore = try RunStore(path: store)
            let run = try #require(try runStore.runs().first?.run)
            #expect(run.status == .cancelled)
            let checkpoint = try #require(try runStore.latestCheckpoint(of: run.id))
            struct Step: Decodable { var fluxBiasUa: Double?, pumpPowerDbm: Double?, pumpDetuningMhz: Double? }
            let steps = try JSONDecoder().decode([Step].self, from: checkpoint.state)
            #expect(steps.count >= 4 && steps.count < 201)
            let last = try #require(steps.last)
            let expected = [last.fluxBiasUa, last.pumpPowerDbm, last.pumpDetuningMhz].compactMap { $0 }
            let device = try ModbusDevice.open(try RegisterMap(contentsOf: URL(fileURLWithPath: map)).reached(at: served.host, port: served.port))
            defer { device.close() }
            #expect(expected.count == 3)
            let settings = try device.readSetpoints()
            #expect(settings == expected, "device \(settings), last committed step \(last)")
        }
    }

    @Test("the shipped policy from a predicted start over the whole default range, drift and traps on: median ≤ 3 measurements per step, ≥ 99 % of steps within 0.5 dB of the least pump power; the policy acts where the prediction is not yet on the contour")
    func policyScanMeetsTheTargets() throws {
        try CommandLineTool.withHome { home in
            let policy = ServedDevice.packageRoot.appendingPathComponent("policies/jpa-tuning-v1.json").path
            let result = try CommandLineTool.run(["scan", "jpa/Tuning-v1", "--method", "policy:" + policy, "--seed", "3",
                                                  "--store", home + "/runs.sqlite", "--json"], home: home)
            #expect(result.status == 0, "\(result.standardError)")
            let report = try Self.json(result.standardOutput)
            let steps = try Self.steps(report)
            #expect(steps.count == 581)
            #expect(report["policy_start"] as? String == "predicted")
            let counts = steps.compactMap { $0["measurements"] as? Int }.sorted()
            #expect(counts.count == 581 && counts[290] <= 3)
            // Oracle: the plant's own least pump power at each target.
            let within = steps.filter { step in
                guard let excess = step["excess_pump_db"] as? Double else { return false }
                return step["feasible"] as? Bool == true && abs(excess) <= 0.5
            }.count
            #expect(Double(within) >= 0.99 * 581, "\(within) of 581 within 0.5 dB")
            // The policy acted at a good part of the warm steps (not only the prediction), and where it did the
            // steps are short too.
            let acted = steps.dropFirst().filter { ($0["events"] as? [String] ?? []).contains("policy") }
            #expect(acted.count >= 100 && report["policy_acted_steps"] as? Int == acted.count)
            #expect((report["policy_acted_median_measurements"] as? Double ?? 99) <= 3)
            #expect(report["measurements_above_margin"] as? Int == 0)
        }
    }

    @Test("with the shipped policy from a placed bias (--policy-start placed): the cold step is the search's, later steps the policy's after passive readings; every step feasible")
    func policyScan() throws {
        try CommandLineTool.withHome { home in
            let policy = ServedDevice.packageRoot.appendingPathComponent("policies/jpa-tuning-v1.json").path
            let result = try CommandLineTool.run(["scan", "jpa/Tuning-v1", "--method", "policy:" + policy, "--to", "2.385",
                                                  "--policy-start", "placed",
                                                  "--seed", "2", "--store", home + "/runs.sqlite", "--json"], home: home)
            #expect(result.status == 0, "\(result.standardError)")
            let report = try Self.json(result.standardOutput)
            let steps = try Self.steps(report)
            #expect(steps.count == 11)
            #expect(steps.allSatisfy { $0["feasible"] as? Bool == true })
            // The cold step places the bias itself; each later step begins with passive-resonance readings.
            #expect(steps.dropFirst().allSatisfy { ($0["events"] as? [String] ?? []).contains("checked") })
            #expect(report["method"] as? String == "policy:" + policy)
            #expect(report["policy_start"] as? String == "placed")
        }
    }

    @Test("bad input is refused with exit 64 and a message naming the fix", arguments: [
        (["scan", "jpa/Tuning-v1", "--from", "3.5"], "scan range"),
        (["scan", "awake/Steering-v1"], "not one"),
        (["scan", "jpa/Tuning-v1", "--step", "0"], "--step"),
        (["scan", "jpa/Tuning-v1", "--method", "annealing"], "method"),
    ])
    func badInput(arguments: [String], message: String) throws {
        try CommandLineTool.withHome { home in
            let result = try CommandLineTool.run(arguments + ["--store", home + "/runs.sqlite"], home: home)
            #expect(result.status == 64, "\(result.standardError)")
            #expect(result.standardError.contains(message), "\(result.standardError)")
        }
    }
}
