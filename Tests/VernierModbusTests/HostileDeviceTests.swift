import Foundation
import Testing
import VernierCore
import VernierModbus
import VernierPlants
import VernierTestSupport

/// A device that answers wrongly (``HostileModbusServer``: wrong lengths, function codes and transaction ids,
/// exceptions, a slow answer that ends in a dropped link, NaN and infinities in float readings): the connection
/// names the fault, and a Modbus-backed plant driven through the safety envelope stops with a clear error, never
/// writes outside its bounds or beyond `max_step`, and is restored to where it started.
@Suite("Hostile device", .serialized, .timeLimit(.minutes(1)))
struct HostileDeviceTests {
    static let initial: [Float] = [0.2, -0.1]

    static func map(port: Int) throws -> RegisterMap {
        try RegisterMap(yaml: HostileModbusServer.bowlMap(port: port), source: "hostile.yaml")
    }

    /// Protocol faults, seen by the connection alone: the request fails with the named kind after the stated
    /// attempts, and the link works again for a request the fault does not touch.
    @Test("the connection names each protocol fault", arguments: HostileModbusServer.scenarios(fromRequest: 2).filter(\.pins.isEmpty))
    func connectionNamesTheFault(_ scenario: HostileModbusServer.Scenario) throws {
        let server = try scenario.server(initial: Self.initial)
        defer { server.stop() }
        let map = try Self.map(port: server.port)
        let connection = try ModbusConnection.open(map.transport, unit: map.unit, options: map.connection)
        defer { connection.close() }
        let good = try connection.readRegisters(.input, address: 0, count: 4)
        #expect(HostileModbusServer.float32s(good) == Self.initial)
        do {
            _ = try connection.readRegisters(.input, address: 0, count: 4)
            Issue.record("\(scenario): the faulty answer was accepted")
        } catch {
            #expect("\(error)".lowercased().contains(scenario.phrase), "\(error)")
            #expect(error.endpoint == "tcp 127.0.0.1:\(server.port)")
            #expect(error.address == 0 && error.count == 4)
            #expect(error.attempts == (error.isRetryable ? 3 : 1), "\(error)")
        }
        // The link is usable again (reconnecting first when the fault closed it).
        let holding = try connection.readRegisters(.holding, address: 0, count: 4)
        #expect(HostileModbusServer.float32s(holding) == Self.initial)
    }

    @Test("a plant behind the envelope stops with a clear error, writes within bounds and max_step, and is restored",
          arguments: HostileModbusServer.scenarios(fromRequest: 6))
    func envelopeStopsAndRestores(_ scenario: HostileModbusServer.Scenario) async throws {
        let server = try scenario.server(initial: Self.initial)
        defer { server.stop() }
        var bowl = QuadraticBowl.Options()
        bowl.dimension = 2
        let device = try ModbusDevice.open(try Self.map(port: server.port))
        var plant = try ModbusPlant(model: QuadraticBowl(options: bowl), device: device)
        let start = try plant.currentSettings()
        #expect(start == Self.initial.map(Double.init))
        var envelope = try SafetyEnvelope(plant: plant, limits: plant.safetyLimits(), initialPoint: start)
        // Long moves (split by max_step 0.3) and points outside the bounds (clipped to ±1).
        let proposals: [[Double]] = [[0.9, -0.8], [-0.7, 0.6], [1.8, 1.5], [-2, 0], [0.1, 0.1], [0.5, -0.5]]
        var evaluated: [Evaluation] = []
        do {
            _ = try await envelope.run { envelope in
                for proposal in proposals { evaluated.append(try envelope.evaluate(proposal)) }
            }
            Issue.record("\(scenario): the run completed with \(evaluated.map(\.objective))")
        } catch let aborted as AbortedRun {
            #expect(aborted.outcome == .failed)
            #expect("\(aborted)".lowercased().contains(scenario.phrase), "\(aborted)")
            #expect(aborted.restore.restored, "\(aborted.restore)")
            #expect(aborted.restore.target == .initial)
        }
        #expect(!evaluated.isEmpty, "the fault began after some good evaluations")
        #expect(evaluated.allSatisfy { $0.objective.isFinite })
        // From the device's side: every write within bounds and max_step, and back at the start.
        #expect(server.writeViolations(startingAt: Self.initial) == [])
        #expect(HostileModbusServer.float32s(server.holdingRegisters) == Self.initial)
        #expect(server.faultsInjected > 0 || !scenario.pins.isEmpty)
        var closing = envelope.plant
        try closing.close()
    }

    @Test("a NaN reading that the objective is computed from is refused, naming the register")
    func nanObjectiveRegister() throws {
        let server = try HostileModbusServer(registerCount: 4, pins: [.float32(.nan, at: 0)])
        defer { server.stop() }
        let device = try ModbusDevice.open(try Self.map(port: server.port))
        var plant = try ModbusPlant(model: QuadraticBowl(options: { var o = QuadraticBowl.Options(); o.dimension = 2; return o }()),
                                    device: device)
        defer { try? plant.close() }
        do {
            _ = try plant.measure()
            Issue.record("a NaN reading gave an objective")
        } catch let error as ModbusPlantError {
            guard case .nonFiniteMeasurement(_, let value, let readings) = error else {
                Issue.record("\(error)")
                return
            }
            #expect(value.isNaN)
            #expect(readings.map(\.name) == ["y_1"])
            #expect("\(error)".contains("y_1 = nan (register map line 10, column 12)"), "\(error)")
        }
    }
}
