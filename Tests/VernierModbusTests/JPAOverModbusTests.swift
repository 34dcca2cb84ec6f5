import VernierTestSupport
import Foundation
import Testing
import VernierCore
import VernierMath
import VernierPlants
@testable import VernierModbus

/// jpa/Tuning-v1 over Modbus: `vernier device serve jpa/Tuning-v1 --map hardware/jpa*.yaml` as a real process on
/// 127.0.0.1, its target frequency in the map's context register.
@Suite("JPA over Modbus (real process)", .serialized, .timeLimit(.minutes(2)))
struct JPAOverModbusTests {
    static let instrumentMap = "hardware/jpa.yaml"
    static let float64Map = "hardware/jpa-float64.yaml"
    /// Noise off: no gain noise, no flux drift (what "bit-identical when noise is off" needs).
    static let quietOptions = "{gain_noise_db: 0, flux_drift_phi0: 0}"

    static func quietModel() throws -> JPATuning {
        var options = JPATuning.Options()
        options.gainNoise = 0
        options.fluxDrift = 0
        return try JPATuning(options: options)
    }

    static func serve(_ map: String, seed: UInt64) throws -> ServedDevice {
        try ServedDevice("jpa/Tuning-v1", map: map, arguments: ["--options", quietOptions, "--seed", String(seed), "--quiet"])
    }

    static func map(_ file: String, _ served: ServedDevice) throws -> RegisterMap {
        try RegisterMap(contentsOf: ServedDevice.packageRoot.appendingPathComponent(file))
            .reached(at: served.host, port: served.port)
    }

    /// A seeded walk from `start` inside `box`: bias ±2 µA, pump −1…+3 dB, detuning ±0.3 MHz per point, so the
    /// pump climbs from off through the 20 dB region into parametric oscillation.
    static func walk(count: Int, seed: UInt64, from start: [Double], within box: Box) -> [[Double]] {
        var generator = SeededGenerator(seed: seed)
        var point = start
        let steps: [(Double, Double)] = [(-2, 2), (-1, 3), (-0.3, 0.3)]
        return (0..<count).map { _ in
            for index in 0..<3 {
                let moved = point[index] + generator.nextUniform(steps[index].0, steps[index].1)
                point[index] = min(max(moved, box.low[index]), box.high[index])
            }
            return point
        }
    }

    /// Every number of `a` and `b` has the same bits (NaN included).
    static func expectSameBits(_ a: Evaluation, _ b: Evaluation, _ comment: Comment,
                               sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        #expect(a.objective.bitPattern == b.objective.bitPattern, comment, sourceLocation: sourceLocation)
        #expect(a.constraints.map(\.bitPattern) == b.constraints.map(\.bitPattern), comment, sourceLocation: sourceLocation)
        #expect(a.observables.mapValues(\.bitPattern) == b.observables.mapValues(\.bitPattern), comment,
                sourceLocation: sourceLocation)
    }

    @Test("envelope-driven evaluations over the float64 map equal the simulation bit for bit, at 2.3 GHz and, through the context register, at 2.25 GHz")
    func float64TwinIsBitIdentical() async throws {
        let served = try Self.serve(Self.float64Map, seed: 3)
        defer { served.stop() }
        var plant = try ModbusPlant(model: try Self.quietModel(), device: try ModbusDevice.open(try Self.map(Self.float64Map, served)))
        var simulation = try Self.quietModel()
        let start = try simulation.initialParameters(seed: 3)
        #expect(plant.context == 2.3)
        #expect(try plant.initialParameters(seed: nil) == start)
        #expect(plant.optimizationSpace == simulation.optimizationSpace)
        let limits = plant.safetyLimits(outOfBounds: .refuse, onAbort: .initial, onCompletion: .best, dryRun: false)
        #expect(limits.maxStep == [5, 3, 4])
        let points = Self.walk(count: 30, seed: 30, from: start, within: simulation.optimizationSpace)

        let overModbus = try await AwakeOverModbusTests.tune(plant, limits: limits, from: start, points: points)
        let simulated = try await AwakeOverModbusTests.tune(simulation, limits: limits, from: start, points: points)
        for (index, (viaModbus, viaSimulation)) in zip(overModbus.evaluations, simulated.evaluations).enumerated() {
            Self.expectSameBits(viaModbus, viaSimulation, "evaluation \(index)")
        }
        // The walk crossed the amplifier's range: gain, and parametric oscillation (NaN gain, overdrive).
        #expect(overModbus.evaluations.contains { ($0.observables["gain_db"] ?? 0) > 15 })
        #expect(overModbus.evaluations.contains { $0.observables["unstable"] == 1 && ($0.constraints.first ?? 0) < 0 })
        #expect(overModbus.restore.point == simulated.restore.point)

        // Another target: the context register retunes the device; a new envelope for the new box.
        var retuned = overModbus.plant, simulationAt = simulated.plant
        try retuned.setContext(2.25)
        #expect(try retuned.device.readContext() == 2.25)
        let safeStart = try simulationAt.initialParameters(context: 2.25, seed: nil)
        #expect(retuned.optimizationSpace == simulationAt.optimizationSpace)
        try retuned.move(to: safeStart)
        let more = Self.walk(count: 8, seed: 31, from: safeStart, within: simulationAt.optimizationSpace)
        let newLimits = retuned.safetyLimits(onCompletion: .last)
        let second = try await AwakeOverModbusTests.tune(retuned, limits: newLimits, from: safeStart, points: more)
        let secondSimulated = try await AwakeOverModbusTests.tune(simulationAt, limits: newLimits, from: safeStart, points: more)
        for (index, (viaModbus, viaSimulation)) in zip(second.evaluations, secondSimulated.evaluations).enumerated() {
            Self.expectSameBits(viaModbus, viaSimulation, "evaluation \(index) at 2.25 GHz")
        }
        // The contextual view: evaluate(_:context:) at the present target writes only the parameters.
        var contextual = second.plant, simulationContextual = secondSimulated.plant
        let last = try #require(more.last)
        Self.expectSameBits(try contextual.evaluate(last, context: 2.25), try simulationContextual.evaluate(last, context: 2.25),
                            "contextual evaluation")
        #expect(throws: ModbusPlantError.self) { try contextual.setContext(2.5) }
        try contextual.close()
    }

    @Test("over hardware/jpa.yaml (instrument grids, float32 readout) each evaluation is the simulation's at the stored settings with float32 readings, bit for bit")
    func instrumentMapMatchesItsOracle() async throws {
        let served = try Self.serve(Self.instrumentMap, seed: 3)
        defer { served.stop() }
        let map = try Self.map(Self.instrumentMap, served)
        var plant = try ModbusPlant(model: try Self.quietModel(), device: try ModbusDevice.open(map))
        var simulation = try Self.quietModel()
        _ = try simulation.initialParameters(seed: 3)
        // The device starts at the nominal bias on its 1 nA grid.
        let start = try plant.initialParameters(seed: nil)
        #expect(start[0] == (simulation.nominalBias(targetFrequency: 2.3) * 1000).rounded() / 1000)
        let points = Self.walk(count: 30, seed: 30, from: start, within: plant.optimizationSpace)
        let overModbus = try await AwakeOverModbusTests.tune(plant, limits: plant.safetyLimits(onCompletion: .initial),
                                                             from: start, points: points)
        var unstableSeen = false
        for (index, (point, evaluation)) in zip(points, overModbus.evaluations).enumerated() {
            // Oracle: the instruments hold each setting on their grid (1 nA, 0.01 dBm, 1 Hz); the readout sends
            // float32 values and 0/1 flags.
            let stored = try zip(JPATuning.parameterNames, point).map { name, value in
                try #require(map.setpoint(named: name)).point.quantized(value).get()
            }
            let exact = try simulation.evaluate(stored)
            let readings = try JPATuning.readingNames.map { name in
                let value = try #require(exact.observables[name])
                return map.reading(named: name)?.layout.encoding == .float32 ? Double(Float(value)) : value
            }
            var expected = try simulation.evaluation(readings: readings, parameters: stored)
            // With the pump off the readout also sends the passive resonance, as float32.
            if let passive = exact.observables[JPATuning.passiveResonanceName] {
                expected.observables[JPATuning.passiveResonanceName] = Double(Float(passive))
            }
            Self.expectSameBits(evaluation, expected, "evaluation \(index)")
            // Against the simulation itself: the objective (the stored pump power) exactly, the constraint within
            // float32's rounding of the gain (2⁻²⁴ relative) or of the overdrive.
            #expect(evaluation.objective == exact.objective)
            let (constraint, reference) = (evaluation.constraints[0], exact.constraints[0])
            #expect(abs(constraint - reference) <= abs(reference) * 0x1p-24, "evaluation \(index): \(constraint) vs \(reference)")
            unstableSeen = unstableSeen || evaluation.observables["unstable"] == 1
        }
        #expect(unstableSeen)
        #expect(overModbus.restore.restored)
        var closing = overModbus.plant
        #expect(try closing.currentSettings() == start)
        try closing.close()
    }

    @Test("hardware/jpa.yaml has the passive resonance as a float32 reading: with the pump off it is the simulation's f₀ rounded to float32, with the pump on it is absent")
    func instrumentMapReadsThePassiveResonance() throws {
        let served = try Self.serve(Self.instrumentMap, seed: 3)
        defer { served.stop() }
        let map = try Self.map(Self.instrumentMap, served)
        let point = try #require(map.reading(named: JPATuning.passiveResonanceName))
        #expect(point.layout.encoding == .float32)
        var plant = try ModbusPlant(model: try Self.quietModel(), device: try ModbusDevice.open(map))
        defer { try? plant.close() }
        var simulation = try Self.quietModel()
        _ = try simulation.initialParameters(seed: 3)
        let start = try plant.initialParameters(seed: nil)
        // Pump off at three biases on the instrument's 1 nA grid (moves of at most 5 µA, the map's max_step).
        for offset in [0.0, 2.5, -2.0] {
            let settings = [((start[0] + offset) * 1000).rounded() / 1000, -30, 0]
            let off = try plant.evaluate(settings)
            let exact = try #require(try simulation.evaluate(settings).observables[JPATuning.passiveResonanceName])
            let reading = try #require(off.observables[JPATuning.passiveResonanceName], "bias \(settings[0]) µA")
            #expect(reading == Double(Float(exact)), "bias \(settings[0]) µA: \(reading) vs \(exact)")
            #expect(abs(reading - exact) <= 0x1p-23, "within half a float32 ulp at 2 GHz")
            #expect(abs(reading - 2.3) < 0.05)
        }
        // The pump on (one 3 dB step up from off): no passive reading.
        let on = try plant.evaluate([start[0], -27, 0])
        #expect(on.observables[JPATuning.passiveResonanceName] == nil)
    }

    @Test("served with --context, the device is at that target; the client's plant starts there")
    func servedContext() throws {
        let served = try ServedDevice("jpa/Tuning-v1", map: Self.instrumentMap, arguments: ["--context", "2.2", "--quiet"])
        defer { served.stop() }
        let plant = try ModbusPlant(model: try JPATuning(), device: try ModbusDevice.open(try Self.map(Self.instrumentMap, served)))
        let model = try JPATuning()
        #expect(plant.context == 2.2 && model.context == 2.3)
        #expect(plant.optimizationSpace == (try model.optimizationSpace(context: 2.2)))
        // As `vernier tune` / `vernier run` see it (type-erased): contextual, and an environment.
        let erased: any ModbusBackedPlant = plant
        #expect(erased.context == 2.2)
        #expect(erased as any Plant as? any ContextualOptimizable != nil)
        #expect(erased as any Plant as? any Environment != nil)
        // …and the device starts at the safe start of that target: nominal bias, pump off.
        #expect(try plant.device.readSetpoints() == [(model.nominalBias(targetFrequency: 2.2) * 1000).rounded() / 1000, -30, 0])
        plant.device.close()
    }

    @Test("RL episodes over the float64 map (SettingsDrivenEnvironment, target in the context register) equal the simulated ones step by step")
    func episodesMatchSimulation() throws {
        let served = try Self.serve(Self.float64Map, seed: 5)
        defer { served.stop() }
        var environment = try ModbusPlant(model: try Self.quietModel(), device: try ModbusDevice.open(try Self.map(Self.float64Map, served)))
        defer { try? environment.close() }
        var simulation = try Self.quietModel()
        var generator = SeededGenerator(seed: 6)
        var successes = 0
        for (episode, seed) in [UInt64(5), nil].enumerated() {
            let first = try environment.reset(seed: seed, options: nil)
            #expect(first == (try simulation.reset(seed: seed, options: nil)), "episode \(episode)")
            #expect(environment.context == simulation.targetFrequency)
            #expect(try environment.device.readContext() == simulation.targetFrequency)
            let target = simulation.targetFrequency
            let goal = try #require(simulation.optimalSettings(for: target, relativeTo: target))
            for index in 0..<simulation.options.maxEpisodeSteps {
                // Two random actions, then straight for the new optimum (as the plant's own episode test).
                let action = index < 2 ? (0..<3).map { _ in generator.nextUniform(-1, 1) }
                    : (0..<3).map { min(max((goal[$0] - simulation.settings[$0]) / 0.5, -1), 1) }
                let overModbus = try environment.step(action)
                let simulated = try simulation.step(action)
                #expect(overModbus == simulated, "episode \(episode), step \(index)")
                if simulated.isDone {
                    if simulated.info.isSuccess == true { successes += 1 }
                    break
                }
            }
            #expect(try environment.currentSettings() == simulation.settings)
        }
        #expect(successes == 2)
    }
}
