import Foundation
import Testing
import VernierCore
@testable import VernierModbus

/// The Modbus backend: the same plant model, its I/O through a register map to a served device.
@Suite("Modbus-backed plants", .timeLimit(.minutes(1)))
struct ModbusPlantTests {
    @Test("with float64 registers the backend reproduces the simulation bit for bit")
    func bitIdentical() throws {
        let host = try InProcessServer(model: ThreeKnobPlant(), yaml: TestMaps.threeKnob)
        defer { host.stop() }
        var plant = try ModbusPlant(model: ThreeKnobPlant(), device: try host.device())
        defer { try? plant.close() }
        var simulation = ThreeKnobPlant()
        #expect(try plant.initialParameters(seed: 4) == [0.1, -0.2, 0.3])
        #expect(plant.parameterNames == ["a", "b", "c"] && plant.constraints == simulation.constraints)
        #expect(plant.optimizationSpace == Box(low: [-2, -2, -1], high: [2, 2, 1]))
        #expect(plant.maxStep == [1, 1, 1])
        #expect(!plant.metadata.isSimulated)
        for point in [[0.1, -0.2, 0.3], [0.7, 0.1, -0.4], [1.3, 0.2, 0.5], [1.9, -0.6, 0.123456789]] {
            let overModbus = try plant.evaluate(point)
            let simulated = try simulation.evaluate(point)
            #expect(overModbus.objective.bitPattern == simulated.objective.bitPattern)
            #expect(overModbus.constraints == simulated.constraints)
            #expect(overModbus.observables["drift"] == (point[2] * 1_000).rounded() / 1_000)
        }
    }

    @Test("a caller-supplied evaluator turns named readings into the evaluation")
    func customEvaluator() throws {
        let host = try InProcessServer(model: ThreeKnobPlant(), yaml: TestMaps.threeKnob)
        defer { host.stop() }
        let evaluator = ReadingsEvaluator(readingNames: ["drift", "power"]) { readings, parameters in
            Evaluation(objective: readings[0] * readings[0] + parameters[0], constraints: [readings[1]])
        }
        var plant = try ModbusPlant(model: ThreeKnobPlant(), device: try host.device(), evaluator: evaluator)
        defer { try? plant.close() }
        let evaluation = try plant.evaluate([0.5, 0.25, -0.5])
        #expect(evaluation.objective == 0.25 + 0.5)
        #expect(evaluation.constraints == [0.25])
        #expect(evaluation.observables["signal"] == 0.125)   // every other reading is reported too
        let missing = ReadingsEvaluator(readingNames: ["voltage"]) { _, _ in Evaluation(objective: 0) }
        #expect(throws: RegisterMapError.self) { _ = try ModbusPlant(model: ThreeKnobPlant(), device: try host.device(), evaluator: missing) }
    }

    @Test("a MeasurementModel computes its evaluation from float32 readings")
    func measurementModel() throws {
        let host = try InProcessServer(model: MeasuredKnobPlant(), yaml: TestMaps.measuredKnob)
        defer { host.stop() }
        var plant = try ModbusPlant(model: MeasuredKnobPlant(), device: try host.device())
        defer { try? plant.close() }
        let point = [0.3, -0.7, 1.1]
        let evaluation = try plant.evaluate(point)
        // The oracle: the device stores float32 setpoints, the model sees float32 readings of the offsets.
        let stored = point.map { Double(Float($0)) }
        let readings = [Double(Float(stored[0] - 0.5)), Double(Float(stored[1] + 0.25)), Double(Float(stored[2]))]
        #expect(evaluation.objective == readings.reduce(0) { $0 + $1 * $1 })
        #expect(evaluation.observables["m_2"] == readings[1])
    }

    @Test("combined_write_read: one function-23 transaction per evaluation, the same results")
    func combinedWriteRead() throws {
        let host = try InProcessServer(model: MeasuredKnobPlant(), yaml: TestMaps.measuredKnobCombined)
        defer { host.stop() }
        var plant = try ModbusPlant(model: MeasuredKnobPlant(), device: try host.device())
        defer { try? plant.close() }
        _ = try plant.initialParameters(seed: nil)
        let before = host.server.counters.requests
        let points = [[0.3, -0.7, 1.1], [0.25, 0.5, -1.5], [0.5, -0.25, 0]]
        for point in points {
            let evaluation = try plant.evaluate(point)
            let stored = point.map { Double(Float($0)) }
            let readings = [Double(Float(stored[0] - 0.5)), Double(Float(stored[1] + 0.25)), Double(Float(stored[2]))]
            #expect(evaluation.objective == readings.reduce(0) { $0 + $1 * $1 })
            #expect(host.server.settings == stored)
        }
        #expect(host.server.counters.requests - before == points.count)
        // A value out of bounds is refused before anything is sent.
        #expect(throws: RegisterValueError.self) { _ = try plant.evaluate([3, 0, 0]) }
        #expect(host.server.counters.requests - before == points.count)
    }

    @Test("through the safety envelope: limits from the map, moves split by max_step, restore on completion")
    func envelope() async throws {
        let host = try InProcessServer(model: TwoCorrectorSteering(), yaml: TestMaps.steering)
        defer { host.stop() }
        let plant = try ModbusPlant(model: TwoCorrectorSteering(), device: try host.device())
        var writes: [WriteRecord] = []
        var envelope = try SafetyEnvelope(plant: plant, limits: plant.safetyLimits(onCompletion: .initial),
                                          initialPoint: [0, 0])
        envelope.onWrite = { writes.append($0) }
        let (result, report) = try await envelope.run { envelope in
            try envelope.evaluate([0.9, -0.9])
        }
        // 0.9 in steps of at most 0.3 there and back; the device saw every one of them.
        var previous = [0.0, 0.0]
        for write in writes {
            #expect(zip(write.parameters, previous).allSatisfy { abs($0 - $1) <= 0.3 }, "\(previous) → \(write.parameters)")
            previous = write.parameters
        }
        #expect(writes.count >= 6 && writes.filter { $0.purpose == .target }.map(\.parameters) == [[0.9, -0.9]])
        #expect(writes.last?.purpose == .restore && writes.last?.parameters == [0, 0])
        #expect(host.server.counters.appliedWrites == writes.count)
        #expect(abs(result.objective - (((0.5 * 0.5) + (0.6 * 0.6)) / 2).squareRoot()) < 1e-15)
        #expect(report.restored && host.server.settings == [0, 0])
        var closing = envelope.plant
        try closing.close()
    }

    @Test("the backend refuses what the map forbids and writes nothing")
    func refusals() throws {
        let host = try InProcessServer(model: TwoCorrectorSteering(), yaml: TestMaps.steering)
        defer { host.stop() }
        var plant = try ModbusPlant(model: TwoCorrectorSteering(), device: try host.device())
        defer { try? plant.close() }
        #expect(throws: RegisterValueError.self) { try plant.applySettings([1.2, 0]) }
        #expect(throws: RegisterValueError.self) { try plant.applySettings([.nan, 0]) }
        do {
            try plant.applySettings([0.5, 0])
            Issue.record("a move of 0.5 with max_step 0.3 was written")
        } catch let error as ModbusPlantError {
            guard case .stepTooLarge(let name, 0, 0.5, 0.3, let location) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(name == "k_1" && location.line == 6)
        }
        #expect(throws: ModbusPlantError.wrongParameterCount(expected: 2, got: 3)) { try plant.applySettings([0, 0, 0]) }
        #expect(host.server.counters.appliedWrites == 0)
        try plant.applySettings([0.3, -0.3])
        #expect(host.server.settings == [0.3, -0.3])
    }

    @Test("read-back: the map's tolerance passes a faithful device and stops on a mismatch")
    func readback() throws {
        // The device reports y = x − target on the monitor the client's map calls the read-back of k_1.
        let host = try InProcessServer(model: TwoCorrectorSteering(), yaml: TestMaps.steering)
        defer { host.stop() }
        let checked = TestMaps.steering.replacingOccurrences(
            of: "max_step: 0.3}\n  - {name: k_2",
            with: "max_step: 0.3, readback: {tolerance: 0.01, reading: bpm_1}}\n  - {name: k_2")
        let map = try RegisterMap(yaml: checked, source: "steering-readback.yaml")
        var plant = try ModbusPlant(model: TwoCorrectorSteering(), device: try host.device(map: map))
        defer { try? plant.close() }
        do {
            try plant.applySettings([0.2, 0])
            Issue.record("a read-back 0.4 away from the setpoint passed a 0.01 tolerance")
        } catch let error as ModbusPlantError {
            guard case .readbackMismatch(let name, 0.2, let read, 0.01, let location) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(name == "k_1" && read == 0.2 - 0.4 && location.line == 6)
            #expect("\(error)".contains("the device did not take the setpoint"))
        }
        // The mixed device reads its current back from its own holding register: within tolerance.
        let mixed = try InProcessServer(model: MixedDevicePlant(), yaml: TestMaps.mixed)
        defer { mixed.stop() }
        var device = try ModbusPlant(model: MixedDevicePlant(), device: try mixed.device())
        defer { try? device.close() }
        #expect(try device.evaluate([1, 2.5, 10, 0]).objective == -25)
    }

    @Test("measure reads without writing; readings outside their stated range are reported")
    func measureOnly() throws {
        let yaml = TestMaps.steering.replacingOccurrences(of: "{name: bpm_2, register: input, address: 4, encoding: float64}",
                                                          with: "{name: bpm_2, register: input, address: 4, encoding: float64, bounds: [-0.1, 0.1]}")
        let host = try InProcessServer(model: TwoCorrectorSteering(), yaml: yaml)
        defer { host.stop() }
        var plant = try ModbusPlant(model: TwoCorrectorSteering(), device: try host.device())
        defer { try? plant.close() }
        #expect(plant.canMeasureWithoutWriting)
        do {
            _ = try plant.measure()
            Issue.record("bpm_2 = 0.3 passed the bounds [-0.1, 0.1]")
        } catch let error as ModbusPlantError {
            guard case .readingOutOfBounds("bpm_2", 0.3, -0.1...0.1, let location) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(location.line == 10)
        }
        #expect(host.server.counters.appliedWrites == 0)
    }

    @Test("an OptEnv model makes the backend an Environment with the simulation's steps")
    func environment() throws {
        let host = try InProcessServer(model: TwoCorrectorSteering(), yaml: TestMaps.steering)
        defer { host.stop() }
        let plant = try ModbusPlant(model: TwoCorrectorSteering(), device: try host.device())
        var environment = try #require(plant as any Plant as? any Environment)
        defer { try? environment.close() }
        var simulation = TwoCorrectorSteering()
        let actions: [[Double]] = [[1, -1], [0.6, -0.8], [0.3, 0.1], [-0.2, 0.05], [2, 2]]
        let first = try environment.reset(seed: 1, options: nil)
        #expect(first == (try simulation.reset(seed: 1, options: nil)))
        for action in actions {
            let overModbus = try environment.step(action)
            let simulated = try simulation.step(action)
            #expect(overModbus == simulated)
            if simulated.isDone { break }
        }
        #expect(host.server.settings == simulation.simulatedSettings)
    }

    @Test("a plant whose space misses the map's bounds is refused")
    func noWritableRange() throws {
        let yaml = TestMaps.steering.replacingOccurrences(of: "bounds: [-1, 1], max_step: 0.3}\n  - {name: k_2",
                                                          with: "bounds: [2, 3], max_step: 0.3}\n  - {name: k_2")
        let map = try RegisterMap(yaml: yaml, source: "steering.yaml")
        let connection = try ModbusConnection(transport: .tcp(host: "127.0.0.1", port: 1), unit: 1)
        let device = ModbusDevice(map: map, connection: connection)
        defer { device.close() }
        #expect(throws: ModbusPlantError.self) { _ = try ModbusPlant(model: TwoCorrectorSteering(), device: device) }
    }
}
