import VernierTestSupport
import Foundation
import Testing
import VernierCore
import VernierPlants
@testable import VernierModbus

/// `modbus/Device-v1` end to end against `vernier device serve` running as a real process on 127.0.0.1:
/// tuning through the safety envelope, dry runs, every PLC encoding, probe and check on the command line.
@Suite("modbus/Device-v1 against vernier device serve (real process)", .serialized, .timeLimit(.minutes(2)))
struct DeviceServeTuningTests {
    static let steeringExample = "hardware/examples/steering-device.yaml"

    static func exampleDefinition(_ served: ServedDevice) throws -> DeviceDefinition {
        try DeviceDefinition(contentsOf: ServedDevice.packageRoot.appendingPathComponent(steeringExample))
            .reached(at: served.host, port: served.port)
    }

    /// Writes `text` to a temporary file, its transport's port 1502 replaced by `port`.
    static func temporaryDefinition(_ text: String, port: Int) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("vernier-device-\(UUID().uuidString).yaml")
        try text.replacingOccurrences(of: "port: 1502", with: "port: \(port)").write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    @Test("a compass search written here, through the safety envelope, tunes the served steering line below its success threshold; every write within bounds and max_step")
    func tuneBelowSuccessThreshold() async throws {
        let served = try ServedDevice("synthetic/Steering-v1", map: Self.steeringExample, arguments: ["--seed", "11", "--quiet"])
        defer { served.stop() }
        var plant = try DevicePlant.open(try Self.exampleDefinition(served))
        let threshold = try #require(plant.metadata.successObjective)
        let limits = plant.safetyLimits(outOfBounds: .refuse, onAbort: .initial, onCompletion: .best)
        let maxStep = try #require(limits.maxStep)
        let start = try plant.initialParameters(seed: nil)
        var envelope = try SafetyEnvelope(plant: plant, limits: limits, initialPoint: try plant.currentSettings())
        var writes: [WriteRecord] = []
        envelope.onWrite = { writes.append($0) }

        let box = limits.hardLimits
        let (result, report) = try await envelope.run { envelope -> (best: [Double], objective: Double, evaluations: Int) in
            var point = start
            var best = try envelope.evaluate(point)
            var evaluations = 1
            var step = 0.5
            while best.objective > threshold / 2, step > 1e-4, evaluations < 2_000 {
                var improved = false
                for index in point.indices {
                    for delta in [step, -step] {
                        var candidate = point
                        candidate[index] = min(max(point[index] + delta, box.low[index]), box.high[index])
                        guard candidate != point else { continue }
                        let evaluation = try envelope.evaluate(candidate)
                        evaluations += 1
                        if evaluation.objective < best.objective, evaluation.isFeasible(under: envelope.plant.constraints) {
                            (point, best, improved) = (candidate, evaluation, true)
                            break
                        }
                    }
                }
                if !improved { step /= 2 }
            }
            return (point, best.objective, evaluations)
        }
        #expect(result.objective < threshold, "best RMS \(result.objective) mm after \(result.evaluations) evaluations")
        #expect(report.restored && report.target == .best && report.point == result.best)

        // Every write, interpolations and the restoring move included, stays inside the bounds and within
        // max_step of the one before it.
        #expect(writes.count > result.evaluations)
        var previous = envelope.initialPoint
        for (number, write) in writes.enumerated() {
            #expect(box.contains(write.parameters), "write \(number) \(write.parameters) leaves the bounds")
            for index in previous.indices where abs(write.parameters[index] - previous[index]) > maxStep[index] {
                let moved = abs(write.parameters[index] - previous[index])
                Issue.record("write \(number) moves \(plant.parameterNames[index]) by \(moved) > max_step \(maxStep[index])")
            }
            previous = write.parameters
        }
        // The device holds the best point (as float32), and the optimum is the simulation's hidden one.
        var closing = envelope.plant
        #expect(try closing.currentSettings() == result.best.map { Double(Float($0)) })
        var simulation = LinearSteering()
        _ = try simulation.initialParameters(seed: 11)
        #expect(try simulation.evaluate(result.best).objective < threshold)
        try closing.close()
        plant = closing
    }

    @Test("a dry run through the envelope reads the device and writes nothing: the registers read back unchanged")
    func dryRunWritesNothing() async throws {
        let served = try ServedDevice("synthetic/Steering-v1", map: Self.steeringExample, arguments: ["--seed", "4", "--quiet"])
        defer { served.stop() }
        let definition = try Self.exampleDefinition(served)
        // Put the line somewhere other than zero first, through a separate client.
        let client = try ModbusDevice.open(definition.map)
        defer { client.close() }
        try client.writeSetpoints([0.25, -0.5, 0, 0, 0.75, 0, 0, 0, 0, -0.125])
        let before = try definition.map.parameters.map { try client.readRaw($0.point) }
        let readingsBefore = try client.readReadings()

        let plant = try DevicePlant.open(definition)
        var envelope = try SafetyEnvelope(plant: plant, limits: plant.safetyLimits(dryRun: true),
                                          initialPoint: try { var copy = plant; return try copy.currentSettings() }())
        var logged: [WriteRecord] = []
        envelope.onWrite = { logged.append($0) }
        let (evaluations, _) = try await envelope.run { envelope in
            try [[1, 1, 1, 1, 1, 1, 1, 1, 1, 1], [-2, 2, -2, 2, -2, 2, -2, 2, -2, 2]].map { try envelope.evaluate($0) }
        }
        #expect(!logged.isEmpty && logged.allSatisfy(\.isDryRun))
        #expect(try definition.map.parameters.map { try client.readRaw($0.point) } == before)
        #expect(try client.readReadings() == readingsBefore)
        // What was measured is the line as it stands: the RMS of the unchanged readings.
        let rms = (readingsBefore.reduce(0) { $0 + $1 * $1 } / 10).squareRoot()
        #expect(evaluations.allSatisfy { $0.objective == rms })
        var closing = envelope.plant
        try closing.close()
    }

    /// Six setpoints, one per encoding a PLC gateway uses, each mirrored into a reading of the same encoding (the
    /// device reports the applied value there), verified by read-back with zero tolerance.
    static let encodings = """
        device: one setpoint per PLC encoding
        transport:
          tcp: {host: 127.0.0.1, port: 1502}
        connection: {response_timeout_ms: 2000, retries: 1, backoff_ms: 5}
        parameters:
          - {name: x_1, register: holding, address: 0, encoding: int16, scale: 0.001, bounds: [-5, 5], readback: {tolerance: 0, reading: x_1_applied}}
          - {name: x_2, register: holding, address: 1, encoding: int32, word_order: big, scale: 0.0001, bounds: [-5, 5], readback: {tolerance: 0, reading: x_2_applied}}
          - {name: x_3, register: holding, address: 3, encoding: int32, word_order: little, scale: 0.0001, bounds: [-5, 5], readback: {tolerance: 0, reading: x_3_applied}}
          - {name: x_4, register: holding, address: 5, encoding: float32, word_order: big, bounds: [-5, 5], readback: {tolerance: 0, reading: x_4_applied}}
          - {name: x_5, register: holding, address: 7, encoding: float32, word_order: little, bounds: [-5, 5], readback: {tolerance: 0, reading: x_5_applied}}
          - {name: x_6, register: coil, address: 0, readback: {tolerance: 0, reading: x_6_applied}}
        readings:
          - {name: x_1_applied, register: input, address: 0, encoding: int16, scale: 0.001}
          - {name: x_2_applied, register: input, address: 1, encoding: int32, word_order: big, scale: 0.0001}
          - {name: x_3_applied, register: input, address: 3, encoding: int32, word_order: little, scale: 0.0001}
          - {name: x_4_applied, register: input, address: 5, encoding: float32, word_order: big}
          - {name: x_5_applied, register: input, address: 7, encoding: float32, word_order: little}
          - {name: x_6_applied, register: discrete, address: 0}
          - {name: y_1, register: input, address: 20, encoding: float64}
          - {name: y_2, register: input, address: 24, encoding: float64}
          - {name: y_3, register: input, address: 28, encoding: float64}
          - {name: y_4, register: input, address: 32, encoding: float64}
          - {name: y_5, register: input, address: 36, encoding: float64}
          - {name: y_6, register: input, address: 40, encoding: float64}
        objective: rms(y_1..y_6)
        constraints: [x_6_applied >= 1]

        """

    @Test("every PLC encoding round-trips through the served device: 16-bit scaled, 32-bit integers and floats in both word orders, a coil")
    func encodingsRoundTrip() throws {
        let file = try Self.temporaryDefinition(Self.encodings, port: 1502)
        defer { try? FileManager.default.removeItem(at: file) }
        let served = try ServedDevice("synthetic/Quadratic-v1", map: file.path, arguments: ["--options", "{dimension: 6}", "--quiet"])
        defer { served.stop() }
        let definition = try DeviceDefinition(contentsOf: file).reached(at: served.host, port: served.port)
        var plant = try DevicePlant.open(definition)
        defer { try? plant.close() }
        let requested = [1.234, -2.34567, 3.14159, -1.5, 2.75, 1]
        // Read-back with zero tolerance: each applied value comes back through its mirror bit for bit.
        let evaluation = try plant.evaluate(requested)
        let quantized = try zip(definition.map.parameters, requested).map { try $0.point.quantized($1).get() }
        #expect(quantized[0] == 1.234 && quantized[1] == -2.3457 && quantized[2] == 3.1416)
        #expect(Array(quantized[3...]) == [-1.5, 2.75, 1])
        #expect(try plant.currentSettings() == quantized)
        for (index, value) in quantized.enumerated() {
            #expect(evaluation.observables["x_\(index + 1)_applied"] == value)
        }
        #expect(evaluation.constraints == [1])
        // The words on the wire, from a separate client, against hand-computed encodings.
        let client = try ModbusDevice.open(definition.map)
        defer { client.close() }
        let words = try definition.map.parameters.map { try client.readRaw($0.point) }
        #expect(words == [
            [0x04D2],                 // 1234 = 1.234 / 0.001
            [0xFFFF, 0xA45F],         // −23457 (two's complement), high word first
            [0x7AB8, 0x0000],         // 31416, low word first
            [0xBFC0, 0x0000],         // −1.5f = 0xBFC00000, ABCD
            [0x0000, 0x4030],         // 2.75f = 0x40300000, CDAB
            [1],                      // coil on
        ])
        let mirrored = try definition.map.readings.prefix(6).map { try client.readRaw($0) }
        #expect(mirrored == words)
        // Switch the coil off and move the rest: still exact.
        let next = [-4.999, 4.9999, -0.0001, 0.1, -3.25, 0]
        _ = try plant.evaluate(next)
        #expect(try plant.currentSettings() == zip(definition.map.parameters, next).map { try $0.point.quantized($1).get() })
        #expect(try client.readRaw(definition.map.parameters[5].point) == [0])
        #expect(try client.readRaw(definition.map.parameters[0].point) == [UInt16(bitPattern: -4999)])
    }

    @Test("vernier probe reads a Device-v1 definition once, prints every register and the objective and constraints, writes nothing")
    func probeDefinition() throws {
        let served = try ServedDevice("synthetic/Steering-v1", map: Self.steeringExample, arguments: ["--seed", "11", "--quiet"])
        defer { served.stop() }
        let definition = try Self.exampleDefinition(served)
        let client = try ModbusDevice.open(definition.map)
        defer { client.close() }
        let settings = [0.5, -0.25, 0, 0, 0, 0, 0, 0, 0, 0.125]
        try client.writeSetpoints(settings)
        let endpoint = "\(served.host):\(served.port)"
        let result = try ServedDevice.run(["probe", "--map", Self.steeringExample, "--endpoint", endpoint, "--json"])
        #expect(result.status == 0, "\(result.error)")
        struct Line: Decodable { var name: String; var role: String; var value: Double? }
        struct Objective: Decodable { var expression: String; var value: Double; var success: Bool? }
        struct ConstraintValue: Decodable { var name: String; var value: Double; var satisfied: Bool }
        struct Report: Decodable { var registers: [Line]; var objective: Objective?; var constraints: [ConstraintValue]? }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        let report = try decoder.decode(Report.self, from: Data(result.output.utf8))
        #expect(report.registers.map(\.name) == (1...10).map { "corrector_\($0)" } + (1...10).map { "bpm_\($0)" })
        #expect(report.registers.prefix(10).map(\.value) == settings)
        // Oracle: the simulation's BPMs at these settings, as the device stores them (float32).
        var simulation = LinearSteering()
        _ = try simulation.initialParameters(seed: 11)
        let bpm = try simulation.evaluate(settings).observables
        let stored = (1...10).map { Double(Float(bpm["bpm_\($0)"] ?? .nan)) }
        #expect(report.registers.suffix(10).map(\.value) == stored)
        let objective = try #require(report.objective)
        #expect(objective.expression == "rms(bpm_1..bpm_10)")
        #expect(objective.value == (stored.reduce(0) { $0 + $1 * $1 } / 10).squareRoot() && objective.success == false)
        let correctorRMS = (settings.reduce(0) { $0 + $1 * $1 } / 10).squareRoot()
        #expect(report.constraints?.map(\.value) == [stored.max() ?? .nan, stored.min() ?? .nan, correctorRMS])
        #expect(report.constraints?.last?.satisfied == true)
        // Nothing was written.
        #expect(try client.readSetpoints() == settings)

        let human = try ServedDevice.run(["probe", "--map", Self.steeringExample, "--endpoint", endpoint])
        #expect(human.status == 0)
        #expect(human.output.contains("objective  rms(bpm_1..bpm_10) = "))
        #expect(human.output.contains("constraint  rms(corrector_1..corrector_10) = "))
        #expect(human.output.contains("(≤ 1.5: satisfied)"))
    }

    @Test("vernier check modbus/Device-v1 --options FILE: conforms (static rules); an unreachable device exits 1 naming it; a bad expression exits 64 at its line and column")
    func checkOnTheCommandLine() throws {
        let served = try ServedDevice("synthetic/Steering-v1", map: Self.steeringExample, arguments: ["--quiet"])
        defer { served.stop() }
        let text = try String(contentsOf: ServedDevice.packageRoot.appendingPathComponent(Self.steeringExample), encoding: .utf8)
        let file = try Self.temporaryDefinition(text, port: served.port)
        defer { try? FileManager.default.removeItem(at: file) }
        let check = try ServedDevice.run(["check", "modbus/Device-v1", "--options", file.path])
        #expect(check.status == 0, "\(check.output) \(check.error)")
        #expect(check.output.contains("modbus/Device-v1: conforms to every rule (static rules only"))

        let nowhere = try Self.temporaryDefinition(text, port: 1)
        defer { try? FileManager.default.removeItem(at: nowhere) }
        let unreachable = try ServedDevice.run(["check", "modbus/Device-v1", "--options", nowhere.path])
        #expect(unreachable.status == 1)
        #expect(unreachable.error.contains("cannot reach the device of \(nowhere.path) at tcp 127.0.0.1:1"), "\(unreachable.error)")

        let typo = try Self.temporaryDefinition(text.replacingOccurrences(of: "objective: rms(bpm_1..bpm_10)",
                                                                           with: "objective: rms(bpm_1..bpm_11)"), port: served.port)
        defer { try? FileManager.default.removeItem(at: typo) }
        let bad = try ServedDevice.run(["check", "modbus/Device-v1", "--options", typo.path])
        #expect(bad.status == 64)
        let line = try #require(text.split(separator: "\n", omittingEmptySubsequences: false)
            .firstIndex { $0.hasPrefix("objective:") }) + 1
        #expect(bad.error.contains("\(typo.path):\(line):16: objective: column 5 of 'rms(bpm_1..bpm_11)': the range "
                                   + "'bpm_1..bpm_11' covers bpm_11, which does not exist"), "\(bad.error)")

        let missing = try ServedDevice.run(["check", "modbus/Device-v1"])
        #expect(missing.status == 64 && missing.error.contains("--options device.yaml"))
    }
}
