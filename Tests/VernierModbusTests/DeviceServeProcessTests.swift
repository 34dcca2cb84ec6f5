import VernierTestSupport
import Foundation
import Testing
import VernierCore
import VernierPlants
@testable import VernierModbus

/// The client against `vernier device serve` started as a real process on 127.0.0.1, and the CLI around it.
@Suite("vernier device serve (real process)", .serialized, .timeLimit(.minutes(1)))
struct DeviceServeProcessTests {
    static let map = "hardware/quadratic.yaml"

    static func clientMap(_ served: ServedDevice, connection: ConnectionOptions? = nil) throws -> RegisterMap {
        var map = try RegisterMap(contentsOf: ServedDevice.packageRoot.appendingPathComponent(Self.map))
            .reached(at: served.host, port: served.port)
        if let connection { map.connection = connection }
        return map
    }

    @Test("tuning steps through the served device match the simulation at the stored float32 values, bit for bit")
    func evaluationsMatchSimulation() async throws {
        let served = try ServedDevice("synthetic/Quadratic-v1", map: Self.map, arguments: ["--seed", "5", "--quiet"])
        defer { served.stop() }
        let plant = try ModbusPlant(model: QuadraticBowl(), device: try ModbusDevice.open(try Self.clientMap(served)))
        var simulation = QuadraticBowl()
        #expect(try simulation.initialParameters(seed: 5) == Array(repeating: 0, count: 10))
        var envelope = try SafetyEnvelope(plant: plant, limits: plant.safetyLimits(onCompletion: .best),
                                          initialPoint: Array(repeating: 0, count: 10))
        let points: [[Double]] = (1...6).map { step in (0..<10).map { sin(Double($0 * step)) * 1.5 } } + [simulation.target]
        let (evaluations, report) = try await envelope.run { envelope in
            try points.map { try envelope.evaluate($0) }
        }
        for (point, evaluation) in zip(points, evaluations) {
            // Oracle: the device holds float32 setpoints and reports float32 readings y = x − t.
            let readings = zip(point, simulation.target).map { Double(Float(Double(Float($0)) - $1)) }
            let expected = try simulation.evaluation(readings: readings, parameters: point)
            #expect(evaluation.objective.bitPattern == expected.objective.bitPattern)
            #expect(evaluation.observables == expected.observables)
        }
        // At the target the residual is only float32 rounding; the run finished at its best point.
        #expect(try #require(evaluations.last).objective < 1e-6)
        #expect(report.restored && report.target == .best)
        var closing = envelope.plant
        #expect(try closing.currentSettings() == simulation.target.map { Double(Float($0)) })
        try closing.close()
        #expect(served.stop() == 0, "the server did not stop cleanly on SIGTERM: \(served.log)")
    }

    @Test("the server disconnects mid-run: a clear error, then restore once it is back")
    func disconnectMidRun() throws {
        let served = try ServedDevice("synthetic/Quadratic-v1", map: Self.map,
                                      arguments: ["--disconnect-after", "9", "--down-ms", "700", "--quiet"])
        defer { served.stop() }
        var plant = try ModbusPlant(model: QuadraticBowl(), device: try ModbusDevice.open(try Self.clientMap(served)))
        defer { try? plant.close() }
        let initial = try plant.initialParameters(seed: nil)
        var completed = 0
        var failure: (any Error)?
        for step in 1...20 {
            do {
                _ = try plant.evaluate(Array(repeating: 0.1 * Double(step), count: 10))
                completed += 1
            } catch {
                failure = error
                break
            }
        }
        let error = try #require(failure as? ModbusError)
        #expect(error.kind == .connectionLost, "\(error)")
        #expect(completed == 4)
        let report = plant.restore(to: initial, within: 10)
        #expect(report.restored, "\(report.error ?? "")")
        #expect(try plant.currentSettings() == initial)
    }

    @Test("a run through the safety envelope stops at the fault, keeps its evaluations, and the machine is restored once the device is back")
    func envelopeRunAcrossAnOutage() async throws {
        let served = try ServedDevice("synthetic/Quadratic-v1", map: Self.map,
                                      arguments: ["--disconnect-after", "12", "--down-ms", "800", "--quiet"])
        defer { served.stop() }
        // As `vernier tune --backend modbus` will: an existential Modbus-backed plant, opened into a generic run.
        let plant: any ModbusBackedPlant = try ModbusPlant(model: QuadraticBowl(),
                                                           device: try ModbusDevice.open(try Self.clientMap(served)))
        let outcome = try await Self.tune(plant)
        #expect(outcome.recorded.count == 5, "evaluations before the fault: \(outcome.recorded.count)")
        let aborted = try #require(outcome.aborted)
        #expect(aborted.outcome == .failed)
        #expect((aborted.underlying as? ModbusError)?.kind == .connectionLost)
        // The envelope's own restoring move came while the device was down, so it could not be made…
        #expect(!aborted.restore.restored)
        #expect("\(aborted)".contains("could NOT be restored"))
        // …and the recovery that waits for the device does it.
        #expect(outcome.recovery?.restored == true, "\(outcome.recovery?.error ?? "")")
        #expect(outcome.finalSettings == Array(repeating: 0, count: 10))
    }

    struct TuneOutcome {
        var recorded: [Evaluation]
        var aborted: AbortedRun?
        var recovery: RestoreReport?
        var finalSettings: [Double]
    }

    static func tune<Plant: ModbusBackedPlant>(_ plant: Plant) async throws -> TuneOutcome {
        var plant = plant
        let initial = try plant.initialParameters(seed: nil)
        var envelope = try SafetyEnvelope(
            plant: plant, limits: plant.safetyLimits(outOfBounds: .refuse, onAbort: .initial, onCompletion: .best, dryRun: false),
            initialPoint: initial)
        var recorded: [Evaluation] = []
        var outcome = TuneOutcome(recorded: [], aborted: nil, recovery: nil, finalSettings: [])
        do {
            _ = try await envelope.run { envelope in
                for step in 1...50 {
                    recorded.append(try envelope.evaluate(Array(repeating: 0.05 * Double(step), count: 10)))
                }
            }
        } catch let aborted as AbortedRun {
            outcome.aborted = aborted
            var recovering = envelope.plant
            if !aborted.restore.restored {
                outcome.recovery = recovering.restore(to: envelope.initialPoint, target: .initial, within: 10)
            }
            outcome.finalSettings = try recovering.currentSettings()
            try recovering.close()
        }
        outcome.recorded = recorded
        return outcome
    }

    @Test("latency beyond the timeout: retries, then a timeout error naming the registers")
    func latency() throws {
        let served = try ServedDevice("synthetic/Quadratic-v1", map: Self.map, arguments: ["--latency-ms", "400", "--quiet"])
        defer { served.stop() }
        let map = try Self.clientMap(served, connection: ConnectionOptions(responseTimeout: 0.1, retries: 1, initialBackoff: 0.01))
        let device = try ModbusDevice.open(map)
        defer { device.close() }
        do {
            _ = try device.readSetpoints()
            Issue.record("a 400 ms answer arrived within a 100 ms timeout")
        } catch {
            #expect(error.kind == .timeout && error.attempts == 2)
            #expect(error.registerNames.first?.hasPrefix("x_1 (holding registers 0...1") == true)
        }
    }

    @Test("an illegal address: a clear error naming the register")
    func illegalAddress() throws {
        let served = try ServedDevice("synthetic/Quadratic-v1", map: Self.map, arguments: ["--quiet"])
        defer { served.stop() }
        var map = try Self.clientMap(served)
        map.readings.append(RegisterPoint(name: "y_11", unit: "a.u.",
                                          layout: RegisterLayout(table: .input, address: 20, encoding: .float32)))
        let device = try ModbusDevice.open(map)
        defer { device.close() }
        do {
            _ = try device.readReadings()
            Issue.record("input register 20 was read from a device that has 0...19")
        } catch {
            #expect(error.kind == .illegalAddress)
            #expect("\(error)".contains("y_11 (input registers 20...21, float32)"), "\(error)")
        }
        // A write outside the map is refused and never applied.
        do {
            try device.connection.writeRegisters(address: 20, values: [0, 0])
            Issue.record("a write to holding register 20 was accepted")
        } catch {
            #expect(error.kind == .illegalAddress)
        }
        #expect(try device.readSetpoints() == Array(repeating: 0, count: 10))
    }

    @Test("vernier probe reads every register of the served device")
    func probe() throws {
        let served = try ServedDevice("synthetic/Quadratic-v1", map: Self.map, arguments: ["--seed", "5", "--quiet"])
        defer { served.stop() }
        let result = try ServedDevice.run(["probe", "--map", Self.map, "--endpoint", "\(served.host):\(served.port)", "--json"])
        #expect(result.status == 0, "\(result.error)")
        struct Line: Decodable { var name: String; var role: String; var value: Double?; var raw: [UInt16]? }
        struct Report: Decodable { var registers: [Line]; var objective: Double? }
        let report = try JSONDecoder().decode(Report.self, from: Data(result.output.utf8))
        // A plain map has no objective to compute.
        #expect(report.objective == nil && !result.output.contains("\"objective\""))
        let lines = report.registers
        #expect(lines.map(\.name) == (1...10).map { "x_\($0)" } + (1...10).map { "y_\($0)" })
        var model = QuadraticBowl()
        _ = try model.initialParameters(seed: 5)
        for (index, line) in lines.suffix(10).enumerated() {
            #expect(line.role == "reading" && line.value == Double(Float(-model.target[index])))
        }
        #expect(lines.prefix(10).allSatisfy { $0.value == 0 && $0.raw == [0, 0] })
    }

    @Test("bad command lines are refused with exit status 64 and a message saying what to do")
    func usageErrors() throws {
        let remote = try ServedDevice.run(["device", "serve", "synthetic/Quadratic-v1", "--map", Self.map, "--bind", "0.0.0.0"])
        #expect(remote.status == 64 && remote.error.contains("--allow-remote"))
        let environmentOnly = try ServedDevice.run(["device", "serve", "classic/Pendulum-v1", "--map", Self.map, "--port", "0"])
        #expect(environmentOnly.status == 64 && environmentOnly.error.contains("is not an optimisation problem"))
        let wrongPlant = try ServedDevice.run(["device", "serve", "synthetic/Quadratic-v1", "--options", "{dimension: 3}",
                                               "--map", Self.map, "--port", "0"])
        #expect(wrongPlant.status == 64 && wrongPlant.error.contains("quadratic.yaml:24:"), "\(wrongPlant.error)")
        #expect(wrongPlant.error.contains("'x_4'"))
        let outsideScan = try ServedDevice.run(["device", "serve", "jpa/Tuning-v1", "--map", "hardware/jpa.yaml",
                                                "--context", "3", "--port", "0"])
        #expect(outsideScan.status == 64 && outsideScan.error.contains("--context 3.0 lies outside"), "\(outsideScan.error)")
        let noRegister = try ServedDevice.run(["device", "serve", "awake/Steering-v1", "--map", "hardware/awake.yaml",
                                               "--context", "2", "--port", "0"])
        #expect(noRegister.status == 64 && noRegister.error.contains("needs a map with a 'context:' register"))
        let missing = try ServedDevice.run(["probe", "--map", "hardware/nope.yaml"])
        #expect(missing.status == 64 && missing.error.contains("does not exist"))
    }
}
