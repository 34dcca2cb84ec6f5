import Foundation
import Testing
import VernierModbus
import VernierPlants
import VernierTestSupport

/// A JPA described only in YAML (`modbus/Device-v1`, `hardware/examples/jpa-contour.yaml`) declares the contour
/// search's structure with `level_set:`; `vernier device serve jpa/Tuning-v1` plays the instrument on
/// 127.0.0.1, and `vernier tune --optimizer contour` finds the least pump power on the 20 dB contour through it.
@Suite(.serialized, .timeLimit(.minutes(3)))
struct DeviceContourTuneTests {
    static let example = ServedDevice.packageRoot.appendingPathComponent("hardware/examples/jpa-contour.yaml")

    @Test("contour search on the YAML-defined JPA: within 0.5 dB of the least pump power in ≤ 40 measurements; every write the device received inside the bounds and within max_step", arguments: [UInt64(1), 2, 3])
    func reachesTheOperatingPoint(seed: UInt64) throws {
        let definition = try DeviceDefinition(contentsOf: Self.example)
        let levelSet = try #require(definition.levelSet)
        #expect(levelSet.drive == "pump_power_dbm" && levelSet.placement?.parameter == "flux_bias_ua")
        try CommandLineTool.withHome { home in
            let log = home + "/writes.jsonl"
            // Noise, flux drift and traps as the plant's defaults: an instrument, not a twin.
            let served = try ServedDevice("jpa/Tuning-v1", map: Self.example.path,
                                          arguments: ["--seed", String(seed), "--write-log", log, "--quiet"])
            defer { served.stop() }
            let text = try String(contentsOf: Self.example, encoding: .utf8)
                .replacingOccurrences(of: "port: 1505", with: "port: \(served.port)")
            let file = home + "/jpa-contour.yaml"
            try text.write(toFile: file, atomically: true, encoding: .utf8)
            let result = try CommandLineTool.run(
                ["tune", "modbus/Device-v1", "--options", file, "--optimizer", "contour", "--budget", "40",
                 "--store", home + "/runs.sqlite", "--json"], home: home)
            #expect(result.status == 0, "\(result.standardError)")
            let report = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
            let evaluations = try #require(report["evaluations"] as? [[String: Any]])
            // The search stops by itself on the contour, well inside the budget.
            #expect(evaluations.count < 40, "\(evaluations.count) measurements")
            // It placed the bias from passive-resonance readings (pump off) before bracketing the pump.
            let passive = evaluations.filter { ($0["observables"] as? [String: Double])?["passive_resonance_ghz"]?.isFinite == true }
            #expect(!passive.isEmpty && passive.count <= 5)
            // Oracle: the plant's own least pump power reaching 20 dB at 2.3 GHz.
            var plant = try JPATuning()
            let start = try plant.initialParameters(seed: seed)
            let minimum = try #require(try plant.evaluate(start).observables["minimum_pump_power_dbm"])
            let best = try #require(report["best_parameters"] as? [Double])
            let bestObjective = try #require(report["best_objective"] as? Double)
            #expect(bestObjective == best[1])
            #expect(abs(best[1] - minimum) <= 0.5, "pump \(best[1]) dBm, least \(minimum) dBm")
            let feasible = evaluations.filter { $0["feasible"] as? Bool == true }
            #expect(feasible.contains { ($0["parameters"] as? [Double]) == best })

            // The device's own log: every write accepted, inside the map's bounds, and no move beyond max_step
            // (by more than one quantum of the register: 1 nA, 0.01 dBm).
            let bounds = definition.map.parameters.map(\.bounds), steps = definition.map.parameters.map { $0.maxStep }
            let lines = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n")
            #expect(lines.count > evaluations.count)
            var previous = start
            for (number, line) in lines.enumerated() {
                let write = try JSONDecoder().decode(ReceivedWrite.self, from: Data(line.utf8))
                #expect(write.accepted, "write \(number): \(write.reason ?? "")")
                let settings = try #require(write.settings)
                for index in settings.indices {
                    #expect(bounds[index].contains(settings[index]), "write \(number): \(settings)")
                    if let step = steps[index] {
                        #expect(abs(settings[index] - previous[index]) <= step + 0.01 + 1e-9,
                                "write \(number) moves \(definition.map.parameters[index].name) by \(abs(settings[index] - previous[index]))")
                    }
                }
                previous = settings
            }
            #expect(!served.log.contains("refused"), "\(served.log)")
        }
    }
}
