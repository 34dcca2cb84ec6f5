import Foundation
import Testing
import VernierCore
import VernierPlants
@testable import VernierModbus

/// `modbus/Device-v1` against an in-process device server: evaluations against the simulation, averaging,
/// initial points, the checker, the RL view, dry runs.
@Suite("modbus/Device-v1 plant", .serialized, .timeLimit(.minutes(1)))
struct DevicePlantTests {
    /// Three correctors and three BPMs in float64 (exact), so the device's readings are the simulation's bit for bit.
    static let steering = """
        device: three-corrector steering bench
        transport:
          tcp: {host: 127.0.0.1, port: 1502}
        unit_id: 1
        connection: {response_timeout_ms: 2000, retries: 1, backoff_ms: 5}
        parameters:
          - {name: corrector_1, register: holding, address: 0, encoding: float64, unit: mrad, bounds: [-2, 2], max_step: 0.5}
          - {name: corrector_2, register: holding, address: 4, encoding: float64, unit: mrad, bounds: [-2, 2], max_step: 0.5}
          - {name: corrector_3, register: holding, address: 8, encoding: float64, unit: mrad, bounds: [-2, 2], max_step: 0.5}
        readings:
          - {name: bpm_1, register: input, address: 0, encoding: float64, unit: mm}
          - {name: bpm_2, register: input, address: 4, encoding: float64, unit: mm}
          - {name: bpm_3, register: input, address: 8, encoding: float64, unit: mm}
        objective: rms(bpm_1..bpm_3)
        constraints:
          - max(bpm_1..bpm_3) <= 5
          - abs(corrector_1) + abs(corrector_2) + abs(corrector_3) <= 4
        success_objective: 0.01

        """

    static let rlView = """
        initial: [0.5, 0, 0]
        observation:
          - {name: bpm_1..bpm_3, scale: 0.5}
          - {name: corrector_1, scale: 0.5}
        action:
          - {name: corrector_1..corrector_3, max_change: 0.25}
        reward: -rms(bpm_1..bpm_3) - 0.1 * abs(corrector_1)
        terminate_when: rms(bpm_1..bpm_3) <= 0.05
        max_episode_steps: 3

        """

    static var model: LinearSteering {
        var options = LinearSteering.Options()
        options.dimension = 3
        return LinearSteering(options: options)
    }

    /// A served steering device and a plant opened on it from `yaml`.
    static func open(_ yaml: String) throws -> (InProcessServer, any ModbusBackedPlant) {
        let definition = try DeviceDefinition(yaml: yaml, source: "bench.yaml")
        let server = try InProcessServer(model: model, map: definition.map)
        do {
            let plant = try DevicePlant.open(definition: definition.reached(at: "127.0.0.1", port: server.server.port))
            return (server, plant)
        } catch {
            server.stop()
            throw error
        }
    }

    @Test("an evaluation computes the definition's objective and constraints from the device's readings, bit for bit")
    func evaluationMatchesSimulation() throws {
        let (server, opened) = try Self.open(Self.steering)
        defer { server.stop() }
        var plant = try #require(opened as? DevicePlant)
        defer { try? plant.close() }
        var simulation = Self.model
        let point = [0.25, -0.5, 0.5]
        let evaluation = try plant.evaluate(point)
        let simulated = try simulation.evaluate(point)
        let bpm = (1...3).map { simulated.observables["bpm_\($0)"] ?? .nan }
        #expect(evaluation.objective.bitPattern == simulated.objective.bitPattern)
        #expect(evaluation.constraints == [bpm.max() ?? .nan, 0.25 + 0.5 + 0.5])
        // A move beyond max_step in one write is refused by the backend (the envelope would have split it).
        #expect(throws: ModbusPlantError.self) { try plant.evaluate([1.0, -0.5, 0.5]) }
        #expect(evaluation.observables == simulated.observables)
        #expect(try plant.latestValues() == bpm + point)
        #expect(plant.constraints == [Constraint(name: "max(bpm_1..bpm_3)", upperBound: 5),
                                      Constraint(name: "abs(corrector_1) + abs(corrector_2) + abs(corrector_3)", upperBound: 4)])
        #expect(plant.objectiveName == "rms(bpm_1..bpm_3)" && plant.parameterNames == ["corrector_1", "corrector_2", "corrector_3"])
        #expect(plant.metadata.successObjective == 0.01 && !plant.metadata.isSimulated)
        #expect(plant.metadata.machine == "three-corrector steering bench over Modbus (tcp 127.0.0.1:\(server.server.port))")
        // measure() reads the same without writing.
        let writes = server.server.counters.appliedWrites
        #expect(try plant.measure() == evaluation)
        #expect(server.server.counters.appliedWrites == writes)
    }

    @Test("maximize: the plant minimises the negative")
    func maximize() throws {
        let yaml = Self.steering.replacingOccurrences(of: "objective: rms(bpm_1..bpm_3)", with: "maximize: bpm_1 - bpm_2")
        let (server, opened) = try Self.open(yaml)
        defer { server.stop() }
        var plant = opened
        defer { try? plant.close() }
        var simulation = Self.model
        let simulated = try simulation.evaluate([0.25, 0.5, 0])
        let expected = (simulated.observables["bpm_1"] ?? .nan) - (simulated.observables["bpm_2"] ?? .nan)
        #expect(try plant.evaluate([0.25, 0.5, 0]).objective == -expected)
        #expect(plant.metadata.successObjective == -0.01)
    }

    @Test("initial: current reads the device; explicit values are returned, unnamed parameters filled from the device")
    func initialPoints() throws {
        let (server, opened) = try Self.open(Self.steering + "initial: {corrector_2: -0.75}\n")
        defer { server.stop() }
        var plant = opened
        defer { try? plant.close() }
        try plant.applySettings([0.25, 0.5, -0.5])
        #expect(try plant.initialParameters(seed: 7) == [0.25, -0.75, -0.5])
        let (currentServer, currentOpened) = try Self.open(Self.steering)
        defer { currentServer.stop() }
        var current = currentOpened
        defer { try? current.close() }
        try current.applySettings([0.25, 0.5, -0.5])
        #expect(try current.initialParameters(seed: nil) == [0.25, 0.5, -0.5])
    }

    @Test("averaging: N reads per evaluation, and the noise of the mean shrinks as 1/√N")
    func averaging() throws {
        let yaml = """
            device: noisy monitors
            transport:
              tcp: {host: 127.0.0.1, port: 1502}
            connection: {response_timeout_ms: 2000, retries: 1, backoff_ms: 5}
            parameters:
              - {name: x_1, register: holding, address: 0, encoding: float64, bounds: [-5, 5]}
              - {name: x_2, register: holding, address: 4, encoding: float64, bounds: [-5, 5]}
            readings:
              - {name: y_1, register: input, address: 0, encoding: float64}
              - {name: y_2, register: input, address: 4, encoding: float64}
            objective: y_1
            """
        func spread(count: Int) throws -> (standardDeviation: Double, requestsPerEvaluation: Int) {
            var options = QuadraticBowl.Options()
            options.dimension = 2
            options.noise = 0.2
            var definition = try DeviceDefinition(yaml: yaml + "\naveraging: \(count)\n", source: "noisy.yaml")
            let server = try InProcessServer(model: QuadraticBowl(options: options), map: definition.map, freshReadings: true)
            defer { server.stop() }
            definition = definition.reached(at: "127.0.0.1", port: server.server.port)
            var plant = try DevicePlant.open(definition)
            defer { try? plant.close() }
            let before = server.server.counters.requests
            let values = try (0..<60).map { _ in try plant.evaluate([1, 1]).objective }
            let requests = (server.server.counters.requests - before) / values.count
            let mean = values.reduce(0, +) / Double(values.count)
            let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count - 1)
            return (variance.squareRoot(), requests)
        }
        let single = try spread(count: 1)
        let sixteen = try spread(count: 16)
        // One write and N reads per evaluation.
        #expect(single.requestsPerEvaluation == 2 && sixteen.requestsPerEvaluation == 17)
        // σ = 0.2 for one read, 0.05 for the mean of 16 (seeded noise: the same figures every run).
        #expect(single.standardDeviation > 0.14 && single.standardDeviation < 0.26, "\(single)")
        #expect(sixteen.standardDeviation > 0.03 && sixteen.standardDeviation < 0.07, "\(sixteen)")
    }

    @Test("passes every static rule of the checker, as a plant and as an environment")
    func checker() throws {
        let (server, plant) = try Self.open(Self.steering)
        defer { server.stop() }
        #expect(PlantChecker(exercisesPlant: false).check(plant).isEmpty)
        let (rlServer, environment) = try Self.open(Self.steering + Self.rlView)
        defer { rlServer.stop() }
        #expect(environment is DeviceEnvironment)
        #expect(PlantChecker(exercisesPlant: false).check(environment).isEmpty)
    }

    @Test("the RL view: reset to the initial point, steps of a × max_change, scaled observations, reward, end flags")
    func environment() throws {
        let (server, opened) = try Self.open(Self.steering + Self.rlView)
        defer { server.stop() }
        var environment = try #require(opened as? DeviceEnvironment)
        defer { try? environment.close() }
        var simulation = Self.model
        func expectedObservation(_ settings: [Double]) throws -> [Double] {
            let simulated = try simulation.evaluate(settings)
            let scaled = (1...3).map { (simulated.observables["bpm_\($0)"] ?? .nan) * 0.5 } + [settings[0] * 0.5]
            return scaled.map { min(max($0, -1), 1) }
        }
        #expect(environment.observationSpace == .box(Box(low: -1, high: 1, count: 4)))
        #expect(environment.actionSpace == .box(Box(low: -1, high: 1, count: 3)))
        let reset = try environment.reset(seed: 3)
        #expect(server.server.settings == [0.5, 0, 0])
        #expect(reset.observation == (try expectedObservation([0.5, 0, 0])))

        // An action beyond ±1 is clipped: corrector_1 moves by +0.25, not +0.75.
        let step = try environment.step([3, -1, 0.5])
        let settings = [0.75, -0.25, 0.125]
        #expect(server.server.settings == settings)
        #expect(step.observation == (try expectedObservation(settings)))
        let simulated = try simulation.evaluate(settings)
        #expect(step.reward == -simulated.objective - 0.1 * 0.75)
        #expect(!step.terminated && !step.truncated && step.info.isSuccess == false)
        #expect(step.info.values["objective"] == simulated.objective)
        _ = try environment.step([0, 0, 0])
        let third = try environment.step([0, 0, 0])
        #expect(third.truncated && !third.terminated)

        // Starting at the optimum: the next step terminates (and is not truncated).
        let optimum = simulation.target
        _ = try environment.reset(seed: nil, options: ResetOptions(state: optimum))
        let atOptimum = try environment.step([0, 0, 0])
        #expect(atOptimum.terminated && !atOptimum.truncated && atOptimum.info.isSuccess == true)
        #expect(throws: DevicePlantError.self) { try environment.step([0, 0]) }
        #expect(throws: DevicePlantError.self) { try environment.reset(seed: nil, options: ResetOptions(state: [9, 0, 0])) }
    }

    @Test("a dry run through the envelope measures and writes nothing; the preview shows the registers")
    func dryRun() async throws {
        let (server, opened) = try Self.open(Self.steering)
        defer { server.stop() }
        var plant = try #require(opened as? DevicePlant)
        try plant.applySettings([0.5, 0, 0])
        let writesBefore = server.server.counters.appliedWrites
        var envelope = try SafetyEnvelope(plant: plant, limits: plant.safetyLimits(dryRun: true),
                                          initialPoint: try plant.currentSettings())
        var shown: [String] = []
        let previewer = WritePreviewer(plant)
        envelope.onWrite = { shown.append(previewer.describe($0)) }
        let (evaluations, report) = try await envelope.run { envelope in
            [try envelope.evaluate([1.5, -1, 0]), try envelope.evaluate([3, 0, 0])]
        }
        #expect(server.server.counters.appliedWrites == writesBefore)
        #expect(server.server.settings == [0.5, 0, 0])
        var simulation = Self.model
        let atStart = try simulation.evaluate([0.5, 0, 0])
        #expect(evaluations.allSatisfy { $0.objective == atStart.objective })
        #expect(report.restored)
        // 0.5 → 1.5 in steps of at most 0.5: two writes; the clipped 3 → 2 from 0.5 (nothing moved): three; the
        // restore to the best point (the first) from 0.5: two.
        #expect(shown.count == 2 + 3 + 2)
        #expect(shown[0] == """
            dry run: would write (interpolation):
              corrector_1 = 1.0 mrad → holding registers 0...3 float64, raw 1 [3FF0 0000 0000 0000]
              corrector_2 = -0.5 mrad → holding registers 4...7 float64, raw -0.5 [BFE0 0000 0000 0000]
              corrector_3 = 0.0 mrad → holding registers 8...11 float64, raw 0 [0000 0000 0000 0000]
            """)
        #expect(shown[4].hasPrefix("dry run: would write (target, clipped to the hard limits):\n  corrector_1 = 2.0 mrad"))
        var closing = envelope.plant
        try closing.close()
    }

    @Test("an operator's limits are tightened by the map's bounds and max_step, the rest kept")
    func operatorLimits() throws {
        let (server, opened) = try Self.open(Self.steering)
        defer { server.stop() }
        var plant = opened
        defer { try? plant.close() }
        let requested = SafetyLimits(hardLimits: Box(low: [-1, -3, -2], high: [3, 1, 0.5]), maxStep: [0.25, 1, 0.5],
                                     outOfBounds: .refuse, onAbort: .last, onCompletion: .initial, dryRun: true)
        let tightened = plant.limits(within: requested)
        #expect(tightened.hardLimits == Box(low: [-1, -2, -2], high: [2, 1, 0.5]))
        #expect(tightened.maxStep == [0.25, 0.5, 0.5])
        #expect(tightened.outOfBounds == .refuse && tightened.onAbort == .last && tightened.onCompletion == .initial)
        #expect(tightened.dryRun)
        var unsplit = requested
        unsplit.maxStep = nil
        #expect(plant.limits(within: unsplit).maxStep == [0.5, 0.5, 0.5])
        let wrongSize = SafetyLimits(hardLimits: Box(low: -1, high: 1, count: 2))
        #expect(plant.limits(within: wrongSize) == wrongSize)
    }

    @Test("an unreachable device: a clear error naming the endpoint and the definition")
    func unreachable() throws {
        let definition = try DeviceDefinition(yaml: Self.steering, source: "bench.yaml").reached(at: "127.0.0.1", port: 1)
        do {
            _ = try DevicePlant.open(definition)
            Issue.record("a device on port 1 was reached")
        } catch let error as DevicePlantError {
            #expect("\(error)".hasPrefix("cannot reach the device of bench.yaml at tcp 127.0.0.1:1: "), "\(error)")
            #expect("\(error)".contains("correct 'transport' in bench.yaml"))
        }
    }
}
