import VernierTestSupport
import Foundation
import Testing
import VernierCore
import VernierMath
import VernierPlants
@testable import VernierModbus

/// awake/Steering-v1 over Modbus: `vernier device serve awake/Steering-v1 --map hardware/awake*.yaml` as a real
/// process on 127.0.0.1, driven through `ModbusPlant` exactly as `vernier tune` / `vernier run` will drive it.
@Suite("AWAKE over Modbus (real process)", .serialized, .timeLimit(.minutes(2)))
struct AwakeOverModbusTests {
    static let float32Map = "hardware/awake.yaml"
    static let float64Map = "hardware/awake-float64.yaml"

    /// The shipped map `file`, pointed at `served`.
    static func map(_ file: String, _ served: ServedDevice) throws -> RegisterMap {
        try RegisterMap(contentsOf: ServedDevice.packageRoot.appendingPathComponent(file))
            .reached(at: served.host, port: served.port)
    }

    /// `count` points of a seeded random walk from `start`: each corrector moves by U(−step, step) per point
    /// (so no move exceeds the map's max_step and the envelope writes each point at once), within ±1e-3 rad.
    static func walk(count: Int, seed: UInt64, from start: [Double], step: Double = 1e-4) -> [[Double]] {
        var generator = SeededGenerator(seed: seed)
        var point = start
        return (0..<count).map { _ in
            for index in point.indices {
                point[index] = min(max(point[index] + generator.nextUniform(-step, step), -1e-3), 1e-3)
            }
            return point
        }
    }

    /// Runs `points` through a safety envelope around `plant` with `limits`, as a tuning run does.
    static func tune<Plant: SingleOptimizable>(
        _ plant: Plant, limits: SafetyLimits, from initial: [Double], points: [[Double]]
    ) async throws -> (evaluations: [Evaluation], restore: RestoreReport, plant: Plant) {
        var envelope = try SafetyEnvelope(plant: plant, limits: limits, initialPoint: initial)
        let (evaluations, restore) = try await envelope.run { envelope in
            try points.map { try envelope.evaluate($0) }
        }
        return (evaluations, restore, envelope.plant)
    }

    @Test("30 envelope-driven evaluations over the float64 map equal the simulation with the same seed, bit for bit")
    func float64TwinIsBitIdentical() async throws {
        let served = try ServedDevice("awake/Steering-v1", map: Self.float64Map, arguments: ["--seed", "7", "--quiet"])
        defer { served.stop() }
        var plant = try ModbusPlant(model: try AwakeSteering(), device: try ModbusDevice.open(try Self.map(Self.float64Map, served)))
        var simulation = try AwakeSteering()
        let start = try simulation.initialParameters(seed: 7)
        #expect(try plant.initialParameters(seed: nil) == start)
        let limits = plant.safetyLimits(outOfBounds: .refuse, onAbort: .initial, onCompletion: .best, dryRun: false)
        #expect(limits.hardLimits == simulation.optimizationSpace)
        #expect(limits.maxStep == Array(repeating: 1e-4, count: 10))
        let points = Self.walk(count: 30, seed: 70, from: start)

        let overModbus = try await Self.tune(plant, limits: limits, from: start, points: points)
        let simulated = try await Self.tune(simulation, limits: limits, from: start, points: points)
        #expect(overModbus.evaluations.count == 30)
        for (index, (viaModbus, viaSimulation)) in zip(overModbus.evaluations, simulated.evaluations).enumerated() {
            #expect(viaModbus.objective.bitPattern == viaSimulation.objective.bitPattern, "evaluation \(index)")
            #expect(viaModbus.observables == viaSimulation.observables, "evaluation \(index)")
        }
        // The walk really moved the trajectory, and both runs ended at the same best point.
        #expect(Set(overModbus.evaluations.map(\.objective)).count == 30)
        #expect(overModbus.restore.restored && overModbus.restore.target == .best)
        #expect(overModbus.restore.point == simulated.restore.point)
        var closing = overModbus.plant
        #expect(try closing.currentSettings() == simulated.restore.point)
        try closing.close()
        #expect(served.stop() == 0, "the server did not stop cleanly: \(served.log)")
    }

    @Test("over the float32 map (hardware/awake.yaml) the objective is the simulation's at the stored settings with float32 readings, bit for bit")
    func float32MapMatchesItsOracle() async throws {
        let served = try ServedDevice("awake/Steering-v1", map: Self.float32Map, arguments: ["--seed", "7", "--quiet"])
        defer { served.stop() }
        let map = try Self.map(Self.float32Map, served)
        let plant = try ModbusPlant(model: try AwakeSteering(), device: try ModbusDevice.open(map))
        var simulation = try AwakeSteering()
        let start = try simulation.initialParameters(seed: 7)
        let points = Self.walk(count: 30, seed: 71, from: start)
        let overModbus: (evaluations: [Evaluation], restore: RestoreReport, plant: ModbusPlant<AwakeSteering>)
        do {
            overModbus = try await Self.tune(plant, limits: plant.safetyLimits(onCompletion: .initial), from: start,
                                             points: points)
        } catch {
            Issue.record("\(error)\nserver log: \(served.log)")
            throw error
        }
        for (index, (point, evaluation)) in zip(points, overModbus.evaluations).enumerated() {
            // Oracle: the device holds each setting as the nearest float32 inside the bounds, and reports each BPM
            // reading as the nearest float32.
            let stored = try zip(simulation.parameterNames, point).map { name, value in
                try #require(map.setpoint(named: name)).point.quantized(value).get()
            }
            let exact = try simulation.evaluate(stored)
            let readings = try simulation.readingNames.map { Double(Float(try #require(exact.observables[$0]))) }
            let expected = try simulation.evaluation(readings: readings, parameters: stored)
            #expect(evaluation.objective.bitPattern == expected.objective.bitPattern, "evaluation \(index)")
            #expect(evaluation.observables == expected.observables, "evaluation \(index)")
            // …which is the simulation's own objective to float32 rounding (2⁻²⁴ relative per reading).
            #expect(abs(evaluation.objective - exact.objective) <= exact.objective * 0x1p-23, "evaluation \(index)")
        }
        #expect(overModbus.restore.restored)
        var closing = overModbus.plant
        #expect(try closing.currentSettings() == start)
        try closing.close()
    }

    @Test("an RL episode over the float64 map (SettingsDrivenEnvironment) equals the simulated one step by step")
    func episodeMatchesSimulation() throws {
        let served = try ServedDevice("awake/Steering-v1", map: Self.float64Map, arguments: ["--seed", "11", "--quiet"])
        defer { served.stop() }
        var environment = try ModbusPlant(model: try AwakeSteering(), device: try ModbusDevice.open(try Self.map(Self.float64Map, served)))
        defer { try? environment.close() }
        var simulation = try AwakeSteering()
        let first = try environment.reset(seed: 11, options: nil)
        #expect(first == (try simulation.reset(seed: 11, options: nil)))
        // A few random actions, then the inverse-response policy a = −R⁻¹s / action scale until the episode ends.
        var generator = SeededGenerator(seed: 12)
        var observation = first.observation
        var last: Step?
        for index in 0..<simulation.options.maxEpisodeSteps {
            let action: [Double]
            if index < 3 {
                action = (0..<10).map { _ in generator.nextUniform(-0.3, 0.3) }
            } else {
                let readings = observation.map { $0 * AwakeSteering.apertureMillimetres / 1000 }
                action = try simulation.designResponse.matrix.solve(readings).map { -$0 / simulation.options.actionScale }
            }
            let overModbus = try environment.step(action)
            let simulated = try simulation.step(action)
            #expect(overModbus == simulated, "step \(index)")
            observation = simulated.observation
            last = simulated
            if simulated.isDone { break }
        }
        #expect(last?.terminated == true && last?.info.isSuccess == true)
        #expect(try environment.currentSettings() == simulation.settings)
    }

    @Test("the server is killed mid-run: a clear error, the evaluations before it kept, the settings restored once a server is back on the port")
    func serverKilledMidRun() async throws {
        var served = try ServedDevice("awake/Steering-v1", map: Self.float32Map, arguments: ["--seed", "7", "--quiet"])
        defer { served.stop() }
        let port = served.port
        var plant = try ModbusPlant(model: try AwakeSteering(), device: try ModbusDevice.open(try Self.map(Self.float32Map, served)))
        // The run starts away from the server's own start (all correctors 0), so a restarted server is not
        // already where the restore must put it.
        let initial = [2e-4, -1e-4, 1e-4, 0, 0, 3e-4, -2e-4, 0, 1e-4, 0]
        try plant.move(to: initial)
        let limits = plant.safetyLimits(outOfBounds: .refuse, onAbort: .initial, onCompletion: .best, dryRun: false)
        var envelope = try SafetyEnvelope(plant: plant, limits: limits, initialPoint: try plant.initialParameters(seed: nil))
        let points = Self.walk(count: 12, seed: 72, from: initial)
        var recorded: [Evaluation] = []
        var aborted: AbortedRun?
        do {
            _ = try await envelope.run { envelope in
                for (index, point) in points.enumerated() {
                    if index == 5 { served.kill() }
                    recorded.append(try envelope.evaluate(point))
                }
            }
            Issue.record("the run went on after the server was killed")
        } catch let error as AbortedRun {
            aborted = error
        }
        let abort = try #require(aborted)
        let failure = try #require(abort.underlying as? ModbusError)
        #expect(failure.kind == .connectionLost || failure.kind == .cannotConnect, "\(failure)")
        #expect("\(failure)".contains("127.0.0.1:\(port)"), "\(failure)")
        // Every evaluation made before the fault is the caller's, unchanged.
        #expect(recorded.count == 5)
        #expect(recorded.allSatisfy { $0.objective.isFinite && $0.observables.count == 12 })
        // The envelope's own restoring move met a dead server and says so.
        #expect(!abort.restore.restored && "\(abort)".contains("could NOT be restored"))

        // A server comes back on the same port (a restarted device: at its own start, all correctors 0).
        served.stop()
        served = try ServedDevice("awake/Steering-v1", map: Self.float32Map, port: port, arguments: ["--seed", "7", "--quiet"])
        var recovering = envelope.plant
        let report = recovering.restore(to: envelope.initialPoint, target: .initial, within: 20)
        #expect(report.restored, "\(report.error ?? "")")
        let map = try Self.map(Self.float32Map, served)
        let expected = try zip(recovering.parameterNames, initial).map { name, value in
            try #require(map.setpoint(named: name)).point.quantized(value).get()
        }
        #expect(try recovering.currentSettings() == expected)
        try recovering.close()
    }
}
