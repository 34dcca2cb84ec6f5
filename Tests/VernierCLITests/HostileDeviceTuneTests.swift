import Foundation
import Testing
import VernierTestSupport

/// `vernier tune --backend modbus` end to end against a device that answers wrongly (``HostileModbusServer``):
/// the run fails (exit 1) with an error that names the fault, every evaluation made before it is in the store,
/// the device's own write log shows nothing outside the bounds or beyond `max_step`, and the device is back at
/// its starting settings.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct HostileDeviceTuneTests {
    static let initial: [Float] = [0.2, -0.1]

    @Test(arguments: HostileModbusServer.scenarios(fromRequest: 8))
    func tuneFailsClearlyAndRestores(_ scenario: HostileModbusServer.Scenario) throws {
        try CommandLineTool.withHome { home in
            let server = try scenario.server(initial: Self.initial)
            defer { server.stop() }
            let map = home + "/hostile.yaml"
            try HostileModbusServer.bowlMap(port: server.port).write(toFile: map, atomically: true, encoding: .utf8)
            let store = home + "/runs.sqlite"
            let result = try CommandLineTool.run(
                ["tune", "synthetic/Quadratic-v1", "--options", "{dimension: 2}", "--backend", "modbus", "--map", map,
                 "--endpoint", server.endpoint, "--optimizer", "random", "--budget", "30", "--seed", "4",
                 "--store", store, "--json"], home: home)
            #expect(result.status == 1, "\(scenario): \(result.standardOutput) \(result.standardError)")
            let report = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
            #expect(report["status"] as? String == "failed")
            let reason = (report["stop_reason"] as? String ?? "").lowercased()
            #expect(reason.contains(scenario.phrase), "\(scenario): \(reason)")
            let restore = try #require(report["restore"] as? [String: Any])
            #expect(restore["restored"] as? Bool == true, "\(restore)")
            #expect(restore["target"] as? String == "initial")
            let evaluations = try #require(report["evaluations"] as? [[String: Any]])
            #expect(!evaluations.isEmpty && evaluations.count < 30)
            #expect(evaluations.allSatisfy { ($0["objective"] as? Double)?.isFinite == true }, "\(evaluations)")
            // The store holds the same evaluations the report lists.
            let shown = try CommandLineTool.run(["runs", "show", report["run_id"] as? String ?? "", "--store", store, "--json"],
                                                home: home)
            let run = try #require(try JSONSerialization.jsonObject(with: Data(shown.standardOutput.utf8)) as? [String: Any])
            #expect(run["status"] as? String == "failed")
            #expect((run["evaluations"] as? [Any])?.count == evaluations.count, "\(shown.standardOutput.prefix(400))")
            #expect(server.writeViolations(startingAt: Self.initial) == [])
            #expect(HostileModbusServer.float32s(server.holdingRegisters) == Self.initial)
        }
    }
}
