import Foundation
import Testing
import VernierCore
import VernierModbus
import VernierPlants
@testable import vernier

/// What `vernier tune modbus/Device-v1 --options FILE [--dry-run]` calls: the registry's plant, opened into a
/// generic run with the map's limits, against a device server on a loopback thread.
@Suite("modbus/Device-v1 runs from the command line", .serialized, .timeLimit(.minutes(1)))
struct DeviceRunTests {
    static let example = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("hardware/examples/steering-device.yaml")

    /// `synthetic/Steering-v1` served behind the example's map on a free port, and the example pointed at it.
    final class Served: @unchecked Sendable {
        let server: DeviceServer
        let definitionFile: URL
        private let finished = DispatchSemaphore(value: 0)

        init() throws {
            let map = try DeviceDefinition(contentsOf: DeviceRunTests.example).map
            server = try DeviceServer(device: try SimulatedDevice(model: LinearSteering(), map: map, seed: 11))
            let text = try String(contentsOf: DeviceRunTests.example, encoding: .utf8)
                .replacingOccurrences(of: "port: 1502", with: "port: \(server.port)")
            definitionFile = FileManager.default.temporaryDirectory.appendingPathComponent("device-run-\(UUID().uuidString).yaml")
            try text.write(to: definitionFile, atomically: true, encoding: .utf8)
            let server = server, finished = finished
            Thread { try? server.run(); finished.signal() }.start()
        }

        func stop() {
            server.stop()
            _ = finished.wait(timeout: .now() + 5)
            server.close()
            try? FileManager.default.removeItem(at: definitionFile)
        }
    }

    static func run<Plant: ModbusBackedPlant>(
        _ plant: Plant, limits: SafetyLimits? = nil, dryRun: Bool, to point: [Double]
    ) throws -> (start: [Double], log: [String]) {
        var log: [String] = []
        var (envelope, start) = try ModbusBackend.prepareRun(plant, limits: limits, dryRun: dryRun, output: { log.append($0) })
        _ = try envelope.evaluate(point)
        _ = envelope.finish(.completed)
        var closing = envelope.plant
        try closing.close()
        return (start, log)
    }

    @Test("--dry-run: the registry's plant reads, the would-be writes are printed in register terms, nothing is written")
    func dryRun() throws {
        let served = try Served()
        defer { served.stop() }
        let plant = try PlantFactory.make(id: "modbus/Device-v1", optionsText: served.definitionFile.path)
        let modbus = try #require(plant as? any ModbusBackedPlant)
        #expect(plant is DeviceEnvironment)
        let point = [0.25] + Array(repeating: 0.0, count: 9)
        let (start, log) = try Self.run(modbus, dryRun: true, to: point)
        #expect(start == Array(repeating: 0, count: 10))
        #expect(served.server.counters.appliedWrites == 0 && served.server.settings == Array(repeating: 0, count: 10))
        #expect(log.count == 2)
        #expect(log[0].hasPrefix("""
            dry run: would write (target):
              corrector_1 = 0.25 mrad → holding registers 0...1 float32, raw 0.25 [0000 3E80]
              corrector_2 = 0.0 mrad → holding registers 2...3 float32, raw 0 [0000 0000]
            """))
        #expect(log[1].hasPrefix("dry run: would write (restore):\n  corrector_1 = 0.25 mrad"))
    }

    @Test("without --dry-run the same run writes, in steps no longer than max_step, and prints nothing extra")
    func liveRun() throws {
        let served = try Served()
        defer { served.stop() }
        let plant = try #require(try PlantFactory.make(id: "modbus/Device-v1", optionsText: served.definitionFile.path)
            as? any ModbusBackedPlant)
        let (_, log) = try Self.run(plant, dryRun: false, to: [0.5] + Array(repeating: 0.0, count: 9))
        #expect(log.isEmpty)
        // 0 → 0.5 with max_step 0.25: two writes; then the envelope restores the best point (the only one
        // evaluated, where the device already is) with one more.
        #expect(served.server.counters.appliedWrites == 3)
        #expect(served.server.settings == [0.5] + Array(repeating: 0, count: 9))
    }

    @Test("a configuration's limits are tightened by the map: a 1 mrad step becomes the map's 0.25")
    func configuredLimits() throws {
        let served = try Served()
        defer { served.stop() }
        let plant = try #require(try PlantFactory.make(id: "modbus/Device-v1", optionsText: served.definitionFile.path)
            as? any ModbusBackedPlant)
        let configured = SafetyLimits(hardLimits: Box(low: -5, high: 5, count: 10), maxStep: Array(repeating: 1, count: 10),
                                      onCompletion: .last)
        _ = try Self.run(plant, limits: configured, dryRun: false, to: [1] + Array(repeating: 0.0, count: 9))
        // 0 → 1 in four writes of 0.25 (the map's max_step), and the run stays where it ended (.last).
        #expect(served.server.counters.appliedWrites == 4)
        #expect(served.server.settings == [1] + Array(repeating: 0, count: 9))
    }
}
