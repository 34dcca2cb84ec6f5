import Foundation
import Testing
import VernierCore
@testable import VernierModbus

/// The map's context register (a JPA's target frequency), and the encoding details the AWAKE and JPA maps rely on:
/// bounds never exceeded by rounding, max_step within one quantum, NaN readings, TCP_NODELAY.
@Suite("Context registers and encoding details", .timeLimit(.minutes(1)))
struct ContextRegisterTests {
    @Test("a map's context entry loads as a writable holding register; coils, overlaps and duplicate names are refused at the line")
    func loading() throws {
        let map = try RegisterMap(yaml: TestMaps.contextualKnob, source: "knob.yaml")
        let context = try #require(map.context)
        #expect(context.name == "aim_tenths" && context.point.scale == 0.1 && context.bounds == 0...10)
        #expect(context.settleTime == 0.001 && context.readback == Readback(tolerance: 0.01))
        #expect(map.writablePoints.map(\.name) == ["x", "aim_tenths"])
        #expect(map.allPoints.map(\.name) == ["x", "aim_tenths", "y", "aim"])

        let coil = TestMaps.contextualKnob.replacingOccurrences(
            of: "context: {name: aim_tenths, register: holding, address: 10, encoding: int16,",
            with: "context: {name: aim_tenths, register: coil, address: 10,")
        RegisterMapTests.expectRefused(coil.replacingOccurrences(of: "bounds: [0, 10],", with: ""), line: 8,
                                       "must be a holding register")
        let overlapping = TestMaps.contextualKnob.replacingOccurrences(of: "address: 10, encoding: int16", with: "address: 1, encoding: int16")
        RegisterMapTests.expectRefused(overlapping, line: 8, "overlaps 'x'")
        let duplicate = TestMaps.contextualKnob.replacingOccurrences(of: "name: aim_tenths", with: "name: x")
        RegisterMapTests.expectRefused(duplicate, line: 8, "'x' is used twice")
    }

    @Test("the served device evaluates at the context clients write; the plant's box and evaluation follow it")
    func contextRoundTrip() throws {
        let host = try InProcessServer(model: ContextualKnob(), yaml: TestMaps.contextualKnob, context: 3)
        defer { host.stop() }
        #expect(host.server.settings == [0, 3])
        var plant = try ModbusPlant(model: ContextualKnob(), device: try host.device())
        defer { try? plant.close() }
        // The plant starts at the device's context (3), not the model's own (5).
        #expect(plant.context == 3)
        #expect(plant.optimizationSpace == Box(low: [3.0 / 10 - 0.5], high: [3.0 / 10 + 0.5]))
        let evaluation = try plant.evaluate([0.25])
        let monitor = Double(Float(0.25 - 3.0 / 10))
        #expect(evaluation.observables["aim"] == 0.3 && evaluation.objective == monitor * monitor)

        // A new context is stored on the register's grid (0.1), written once, and read back.
        let before = host.server.counters.appliedWrites
        try plant.setContext(6.04)
        #expect(plant.context == 6 && host.server.settings == [0.25, 6])
        try plant.setContext(6)
        #expect(host.server.counters.appliedWrites == before + 1)
        #expect(plant.optimizationSpace == Box(low: [6.0 / 10 - 0.5], high: [1]))
        #expect(try plant.evaluate([0.5], context: 6).observables["aim"] == 0.6)
        // The contextual view writes the register when the context changes.
        #expect(try plant.evaluate([0.5], context: 2).observables["aim"] == 0.2)
        #expect(host.server.settings == [0.5, 2])
        #expect(plant.contextRange == 0...10)
        #expect(throws: ModbusPlantError.contextOutOfRange(context: 11, range: 0...10, name: "aim (tenths)")) {
            try plant.setContext(11)
        }
        // A client that writes past the register's bounds is refused by the device (illegal data value).
        do {
            try plant.device.connection.writeRegisters(address: 10, values: [200])
            Issue.record("a context of 20 was accepted")
        } catch {
            #expect(error.kind == .illegalValue)
        }
        #expect(host.server.settings == [0.5, 2])
    }

    @Test("a context register needs a contextual model; without one the device's context is fixed")
    func contextNeedsContextualModel() throws {
        let map = try RegisterMap(yaml: TestMaps.contextualKnob, source: "knob.yaml")
        do {
            _ = try SimulatedDevice(model: PlainKnob(), map: map, seed: nil)
            Issue.record("a context register was served for a plant without context")
        } catch let error as RegisterMapError {
            #expect(error.location?.line == 8 && error.message.contains("has no context"))
        }
        let host = try InProcessServer(model: ContextualKnob(), yaml: TestMaps.contextualKnob)
        defer { host.stop() }
        #expect(host.server.settings == [0, 5])
        do {
            _ = try ModbusPlant(model: PlainKnob(), device: try host.device())
            Issue.record("a context register was accepted for a plant without context")
        } catch let error as RegisterMapError {
            #expect(error.location?.line == 8 && error.message.contains("has no context"))
        }
        // The same plant over a map without the register: the device stays at the model's context.
        var fixedMap = map
        fixedMap.context = nil
        var plant = try ModbusPlant(model: ContextualKnob(), device: try host.device(map: fixedMap))
        defer { try? plant.close() }
        #expect(plant.context == 5)
        try plant.setContext(5)
        #expect(throws: ModbusPlantError.contextFixed(device: 5, requested: 4, name: "aim (tenths)")) {
            try plant.setContext(4)
        }
    }

    @Test("NaN readings (an instrument's 'no value') travel in float registers and pass the reading bounds")
    func nanReadings() throws {
        let host = try InProcessServer(model: ContextualKnob(), yaml: TestMaps.contextualKnob)
        defer { host.stop() }
        var plant = try ModbusPlant(model: ContextualKnob(), device: try host.device())
        defer { try? plant.close() }
        _ = try plant.evaluate([0.5])
        let evaluation = try plant.evaluate([0.95])
        #expect(evaluation.observables["y"]?.isNaN == true && evaluation.objective == 0)
        // Finite readings as before.
        #expect(try plant.evaluate([0.6]).observables["y"] == Double(Float(Double(Float(0.6)) - 0.5)))
    }

    @Test("a value inside the bounds is never stored outside them, even where the encoding rounds past a bound",
          arguments: [(RegisterEncoding.float32, 1.0), (.float32, -1.0), (.int32, 1.0), (.int32, -1.0)])
    func boundsSurviveRounding(encoding: RegisterEncoding, sign: Double) throws {
        // float32 cannot hold 1e-3 (the nearest is 1.0000000475e-3); 0.0015 lies half-way between counts of 0.001.
        let (bound, scale) = encoding == .float32 ? (1e-3, 1.0) : (0.0015, 0.001)
        let point = RegisterPoint(name: "k", layout: RegisterLayout(table: .holding, address: 0, encoding: encoding),
                                  scale: scale, bounds: -bound...bound)
        let stored = try point.quantized(sign * bound).get()
        #expect(abs(stored) <= bound)
        let expected = encoding == .float32 ? Double(Float(1e-3).nextDown) : 0.001
        #expect(stored == sign * expected)
        // Away from a bound the nearest value is kept.
        #expect(try point.quantized(sign * bound / 2).get() == (encoding == .float32 ? Double(Float(sign * 5e-4)) : sign * 0.001))
        // Without the bounds check (readings) the nearest value is kept even past the bound.
        #expect(try point.quantized(sign * bound, checkBounds: false).get()
                == (encoding == .float32 ? Double(Float(sign * 1e-3)) : sign * 0.002))
    }

    @Test("max_step allows one quantum of the encoding: a full step from a float32-rounded setting is written")
    func maxStepAllowsOneQuantum() throws {
        let yaml = """
            device: one float32 corrector
            transport:
              tcp: {host: 127.0.0.1, port: 1502}
            connection: {response_timeout_ms: 2000, retries: 1, backoff_ms: 5}
            parameters:
              - {name: k_1, register: holding, address: 0, encoding: float32, bounds: [-1.0e-3, 1.0e-3], max_step: 1.0e-4}
              - {name: k_2, register: holding, address: 2, encoding: float32, bounds: [-1.0e-3, 1.0e-3], max_step: 1.0e-4}
            readings:
              - {name: bpm_1, register: input, address: 0, encoding: float32}
              - {name: bpm_2, register: input, address: 2, encoding: float32}
            """
        let host = try InProcessServer(model: TwoCorrectorSteering(), yaml: yaml)
        defer { host.stop() }
        var plant = try ModbusPlant(model: TwoCorrectorSteering(), device: try host.device())
        defer { try? plant.close() }
        try plant.applySettings([1e-4, 0])
        // The device holds 1e-4 as 9.99999997e-5: the next full step of 1e-4 is 2.5e-12 longer than max_step.
        #expect(host.server.settings[0] == Double(Float(1e-4)) && Double(Float(1e-4)) < 1e-4)
        try plant.applySettings([2e-4, 1e-4])
        #expect(host.server.settings == [Double(Float(2e-4)), Double(Float(1e-4))])
        // A move one part in 10⁴ longer than max_step is still refused.
        #expect(throws: ModbusPlantError.self) { try plant.applySettings([3.0001e-4, 1e-4]) }
    }

    @Test("the client's socket sends without delay (TCP_NODELAY) over IPv4 and IPv6", arguments: ["127.0.0.1", "::1"])
    func noDelay(address: String) throws {
        let host = try InProcessServer(model: TwoCorrectorSteering(), yaml: TestMaps.steering, bindAddress: address)
        defer { host.stop() }
        let device = try host.device()
        defer { device.close() }
        #expect(device.connection.sendsWithoutDelay == true)
        #expect(try device.readReadings().count == 2)
    }
}
