import VernierTestSupport
import Foundation
import Testing
import VernierCore
import VernierYAML
import VernierExpressions
@testable import VernierModbus

/// Loading `modbus/Device-v1` definitions: every section, the shipped examples, and errors with file positions.
@Suite("Device definitions")
struct DeviceDefinitionTests {
    /// Two parameters (k_1, k_2) and three readings (m_1, m_2, loss); the definition's own keys follow.
    static let map = """
        device: two-knob bench
        transport:
          tcp: {host: 127.0.0.1, port: 1502}
        parameters:
          - {name: k_1, register: holding, address: 0, encoding: float32, bounds: [-2, 2], max_step: 0.5}
          - {name: k_2, register: holding, address: 2, encoding: int16, scale: 0.01, bounds: [-1, 1]}
        readings:
          - {name: m_1, register: input, address: 0, encoding: float32}
          - {name: m_2, register: input, address: 2, encoding: float32}
          - {name: loss, register: input, address: 4, encoding: uint16, scale: 0.001}

        """

    static func load(_ sections: String) throws(RegisterMapError) -> DeviceDefinition {
        try DeviceDefinition(yaml: map + sections, source: "bench.yaml")
    }

    /// The map above is 10 lines long, so the definition's first line is line 11.
    static func expectRefused(_ sections: String, at location: VernierModbus.SourceLocation, _ message: String,
                              sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        do {
            _ = try load(sections)
            Issue.record("accepted: \(sections)", sourceLocation: sourceLocation)
        } catch {
            #expect(error.location == location, "\(error)", sourceLocation: sourceLocation)
            #expect(error.message == message, sourceLocation: sourceLocation)
        }
    }

    static let names = "the names that exist are m_1, m_2, loss, k_1, k_2"

    @Test("every section is read: objective, constraints, averaging, initial, success threshold")
    func sections() throws {
        let definition = try Self.load("""
            objective: rms(m_1..m_2) + 2 * loss
            constraints:
              - loss <= 0.2
              - k_1 + k_2 >= -1
            averaging: {count: 5, interval_ms: 20}
            initial: [0.5, -0.25]
            success_objective: 0.01
            """)
        #expect(definition.objective.text == "rms(m_1..m_2) + 2 * loss" && !definition.maximizes)
        #expect(definition.names.names == ["m_1", "m_2", "loss", "k_1", "k_2"])
        #expect(definition.optimizerConstraints == [Constraint(name: "loss", upperBound: 0.2),
                                                     Constraint(name: "k_1 + k_2", lowerBound: -1)])
        #expect(definition.averaging == ReadingAveraging(count: 5, interval: 0.02))
        #expect(definition.initial == .values([0.5, -0.25]))
        #expect(definition.successObjective == 0.01)
        #expect(definition.reinforcementLearning == nil)
        #expect(definition.parameterSpace == Box(low: [-2, -1], high: [2, 1]))
        // Readings then parameters: m_1 = 3, m_2 = 4, loss = 0.1, k = (0.5, −2).
        let outcome = definition.outcome(values: [3, 4, 0.1, 0.5, -2])
        #expect(outcome.objectiveValue == (12.5).squareRoot() + 0.2)
        #expect(outcome.constraintValues == [0.1, -1.5] && !outcome.isFeasible)
    }

    @Test("maximize: the plant minimises the negative, and the success threshold is negated with it")
    func maximize() throws {
        let definition = try Self.load("maximize: m_1 - 0.1 * loss\nsuccess_objective: 2\n")
        #expect(definition.maximizes)
        #expect(definition.objectiveName == "−(m_1 - 0.1 * loss) (maximize: m_1 - 0.1 * loss, minimised as its negative)")
        #expect(definition.successObjective == -2)
        let outcome = definition.outcome(values: [3, 0, 1, 0, 0])
        #expect(outcome.objectiveValue == 2.9 && outcome.minimizedObjective == -2.9)
    }

    @Test("two limits on one quantity merge into one two-sided constraint")
    func mergedConstraints() throws {
        let definition = try Self.load("objective: m_1\nconstraints: [loss >= 0.01, 0.2 >= loss, m_2 <= 3]\n")
        #expect(definition.optimizerConstraints == [Constraint(name: "loss", lowerBound: 0.01, upperBound: 0.2),
                                                     Constraint(name: "m_2", upperBound: 3)])
    }

    @Test("averaging as a count, and initial as 'current' or a partial mapping")
    func shorthands() throws {
        let definition = try Self.load("objective: m_1\naveraging: 3\ninitial: {k_2: 0.5}\n")
        #expect(definition.averaging == ReadingAveraging(count: 3, interval: 0))
        #expect(definition.initial == .values([nil, 0.5]))
        let current = try Self.load("objective: m_1\ninitial: current\n")
        #expect(current.initial == .current && current.averaging.count == 1)
    }

    @Test("the RL view: observation with scales and ranges, actions on parameters, reward, termination, limit")
    func reinforcementLearningView() throws {
        let definition = try Self.load("""
            objective: rms(m_1..m_2)
            observation:
              - {name: m_1..m_2, scale: 0.5}
              - {name: k_1, scale: 0.25}
            action:
              - {name: k_1..k_2, max_change: 0.1}
            reward: -rms(m_1..m_2) - loss
            terminate_when: rms(m_1..m_2) <= 0.05
            max_episode_steps: 40
            """)
        let view = try #require(definition.reinforcementLearning)
        #expect(view.observation.map(\.name) == ["m_1", "m_2", "k_1"])
        #expect(view.observation.map(\.valueIndex) == [0, 1, 3] && view.observation.map(\.scale) == [0.5, 0.5, 0.25])
        #expect(view.action.map(\.parameterIndex) == [0, 1] && view.action.allSatisfy { $0.maxChange == 0.1 })
        #expect(view.reward?.text == "-rms(m_1..m_2) - loss")
        #expect(view.terminateWhen?.limit == 0.05 && view.maxEpisodeSteps == 40)
    }

    @Test("the shipped steering example loads: float32 pairs, word-swapped, with its RL view")
    func steeringExample() throws {
        let url = ServedDevice.packageRoot.appendingPathComponent("hardware/examples/steering-device.yaml")
        let definition = try DeviceDefinition(contentsOf: url)
        let map = definition.map
        #expect(map.parameters.map(\.name) == (1...10).map { "corrector_\($0)" })
        #expect(map.readings.map(\.name) == (1...10).map { "bpm_\($0)" })
        for (index, setpoint) in map.parameters.enumerated() {
            #expect(setpoint.point.layout == RegisterLayout(table: .holding, address: 2 * index, encoding: .float32,
                                                            wordOrder: .little, byteOrder: .big))
            #expect(setpoint.bounds == -2...2 && setpoint.maxStep == 0.25)
        }
        #expect(map.readings.allSatisfy { $0.layout.encoding == .float32 && $0.layout.table == .input && $0.bounds == -20...20 })
        #expect(definition.objective.text == "rms(bpm_1..bpm_10)")
        #expect(definition.optimizerConstraints.map(\.name) == ["max(bpm_1..bpm_10)", "min(bpm_1..bpm_10)",
                                                                 "rms(corrector_1..corrector_10)"])
        #expect(definition.averaging.count == 4 && definition.initial == .current && definition.successObjective == 0.05)
        let view = try #require(definition.reinforcementLearning)
        #expect(view.observation.count == 10 && view.action.count == 10 && view.maxEpisodeSteps == 50)
    }

    @Test("the shipped JPA bench example loads: int32 bias, CDAB float32 pump, int16 power, discrete and mixed readings")
    func jpaBenchExample() throws {
        let url = ServedDevice.packageRoot.appendingPathComponent("hardware/examples/jpa-bench.yaml")
        let definition = try DeviceDefinition(contentsOf: url)
        let map = definition.map
        #expect(map.parameters.map(\.name) == ["flux_bias_ua", "pump_frequency_ghz", "pump_power_dbm"])
        #expect(map.parameters.map(\.point.layout.encoding) == [.int32, .float32, .int16])
        #expect(map.parameters[1].point.layout.wordOrder == .little)
        #expect(map.parameters[0].readback == Readback(tolerance: 0.05, reading: "flux_bias_measured_ua"))
        #expect(map.readings.map(\.layout.table) == [.input, .discrete, .input, .input, .input])
        #expect(definition.objective.text == "pump_power_dbm")
        #expect(definition.optimizerConstraints == [
            Constraint(name: "gain_db", lowerBound: 20, upperBound: 30),
            Constraint(name: "gain_bandwidth_mhz", lowerBound: 5),
            Constraint(name: "pump_rf_on", lowerBound: 1),
        ])
        #expect(definition.averaging == ReadingAveraging(count: 8, interval: 0.05))
        #expect(definition.initial == .values([nil, nil, -25]))
    }

    @Test("a plain register map is a map, not a definition")
    func plainMap() throws {
        let (map, definition) = try DeviceDefinition.mapOrDefinition(yaml: Self.map, source: "bench.yaml")
        #expect(map.parameters.count == 2 && definition == nil)
        let (_, withObjective) = try DeviceDefinition.mapOrDefinition(yaml: Self.map + "objective: m_1\n", source: "bench.yaml")
        #expect(withObjective?.objective.text == "m_1")
    }

    // MARK: - Errors

    @Test("an expression error points at its column in the file and quotes the expression's own column")
    func expressionErrorPosition() {
        // Plain scalar: the expression starts at file column 12, so its column 17 ('m_3') is file column 28.
        Self.expectRefused("objective: rms(m_1..m_2) + m_3\n", at: .init(line: 11, column: 28),
                           "objective: column 17 of 'rms(m_1..m_2) + m_3': unknown name 'm_3' (did you mean 'm_1' or "
                               + "'m_2'?); \(Self.names)")
        // Quoted: the opening quote shifts the text by one column.
        Self.expectRefused("objective: \"rmss(m_1)\"\n", at: .init(line: 11, column: 13),
                           "objective: column 1 of 'rmss(m_1)': unknown function 'rmss' (did you mean 'rms'?); the "
                               + "functions are rms, mean, max, min, sum (one or more arguments, ranges allowed); abs, "
                               + "sqrt, log10 (one argument)")
        // In a list of constraints.
        Self.expectRefused("objective: m_1\nconstraints:\n  - loss <= 0.2\n  - abs(m_1, m_2) <= 1\n",
                           at: .init(line: 14, column: 5),
                           "constraints[1]: column 1 of 'abs(m_1, m_2) <= 1': abs takes exactly one argument, got 2; "
                               + "aggregate with rms, mean, max, min or sum first")
        // A folded block scalar cannot be mapped column for column: the error points at the value.
        Self.expectRefused("objective: >\n  rms(m_1..m_2)\n  + (m_1\n", at: .init(line: 11, column: 12),
                           "objective: column 17 of 'rms(m_1..m_2) + (m_1\n': the '(' at column 17 is never closed; add ')'")
    }

    @Test("a definition given as parsed options (inline --options) loads the same, one-line expression errors at their column")
    func fromParsedOptions() throws {
        let options = try PlantOptions(yaml: Self.map + "objective: rms(m_1..m_2)\n", source: "--options")
        let definition = try DeviceDefinition(node: try #require(options.yamlNode), source: "--options")
        #expect(definition.objective.text == "rms(m_1..m_2)" && definition.map.parameters.count == 2)
        let bad = try PlantOptions(yaml: Self.map + "objective: 2 * m_4\n", source: "--options")
        do {
            _ = try DeviceDefinition(node: try #require(bad.yamlNode), source: "--options")
            Issue.record("m_4 was accepted")
        } catch let error as RegisterMapError {
            #expect(error.location == VernierModbus.SourceLocation(line: 11, column: 16))
            #expect(error.message.hasPrefix("objective: column 5 of '2 * m_4': unknown name 'm_4'"))
        }
    }

    @Test("objective and maximize: exactly one")
    func objectiveChoice() {
        Self.expectRefused("constraints: [loss <= 1]\n", at: .init(line: 1, column: 1),
                           "a device definition needs 'objective:' (an expression of the readings and parameters to "
                               + "minimise, e.g. rms(bpm_1..bpm_10)) or 'maximize:'")
        Self.expectRefused("objective: m_1\nmaximize: m_2\n", at: .init(line: 12, column: 11),
                           "give either 'objective:' (minimised) or 'maximize:', not both")
        Self.expectRefused("objective: m_1 <= 2\n", at: .init(line: 11, column: 16),
                           "objective: column 5 of 'm_1 <= 2': a comparison ('<=') is only allowed in constraints and "
                               + "terminate_when; this must be a plain expression")
        Self.expectRefused("objectve: m_1\n", at: .init(line: 11, column: 1),
                           "unknown key 'objectve' (did you mean 'objective'?); known keys here: device, transport, "
                               + "unit_id, word_order, byte_order, connection, combined_write_read, parameters, context, readings, "
                               + "objective, maximize, constraints, averaging, initial, success_objective, observation, "
                               + "action, reward, terminate_when, max_episode_steps, level_set")
    }

    @Test("constraints: a comparison each, each limit once, satisfiable")
    func constraintErrors() {
        Self.expectRefused("objective: m_1\nconstraints: [loss]\n", at: .init(line: 12, column: 19),
                           "constraints[0]: column 5 of 'loss': a constraint needs '<=' or '>=' and a limit, e.g. beam_loss <= 0.2")
        Self.expectRefused("objective: m_1\nconstraints: [loss <= 1, loss <= 2]\n", at: .init(line: 12, column: 26),
                           "'loss' already has a '<=' limit (at line 12, column 15); give each limit once")
        Self.expectRefused("objective: m_1\nconstraints: [loss <= 1, loss >= 2]\n", at: .init(line: 12, column: 26),
                           "'loss' must be at least 2.0 and at most 1.0, which no value can be")
        Self.expectRefused("objective: m_1\nconstraints: loss <= 1\n", at: .init(line: 12, column: 14),
                           "'constraints' should be a list (entries starting with '- '), not a single value")
    }

    @Test("averaging is bounded: 1...1000 reads, 0...60 s apart")
    func averagingErrors() {
        Self.expectRefused("objective: m_1\naveraging: 0\n", at: .init(line: 12, column: 12),
                           "averaging count 0 must lie in 1...1000 (averaging: N reads, or {count: N, interval_ms: T})")
        Self.expectRefused("objective: m_1\naveraging: 1001\n", at: .init(line: 12, column: 12),
                           "averaging count 1001 must lie in 1...1000 (averaging: N reads, or {count: N, interval_ms: T})")
        Self.expectRefused("objective: m_1\naveraging: {count: 2, interval_ms: -5}\n", at: .init(line: 12, column: 12),
                           "averaging interval -0.005 s must lie in 0...60 s (averaging: N reads, or {count: N, interval_ms: T})")
    }

    @Test("initial values: 'current', one per parameter, parameters only, inside the bounds")
    func initialErrors() {
        Self.expectRefused("objective: m_1\ninitial: now\n", at: .init(line: 12, column: 10),
                           "'initial' is 'now'; give 'current' (start where the device is), a list of 2 values in "
                               + "parameter order, or a mapping of parameter names to values")
        Self.expectRefused("objective: m_1\ninitial: [0]\n", at: .init(line: 12, column: 10),
                           "'initial' lists 1 values for 2 parameters ('k_1', 'k_2'); give one per parameter, in order, "
                               + "or a mapping of names to values")
        Self.expectRefused("objective: m_1\ninitial: {k_3: 0}\n", at: .init(line: 12, column: 11),
                           "'initial.k_3' is not a parameter (did you mean 'k_1' or 'k_2'?); the parameters are 'k_1', 'k_2'")
        Self.expectRefused("objective: m_1\ninitial: {loss: 0}\n", at: .init(line: 12, column: 11),
                           "'initial.loss' is a reading; initial values are for parameters; the parameters are 'k_1', 'k_2'")
        Self.expectRefused("objective: m_1\ninitial: [0, 1.5]\n", at: .init(line: 12, column: 14),
                           "initial value of 'k_2': k_2 = 1.5 lies outside its bounds [-1.0, 1.0] in the register map "
                               + "(line 6, column 12)")
    }

    @Test("the RL view: both halves, parameters as actions, positive scales and changes")
    func reinforcementLearningErrors() {
        Self.expectRefused("objective: m_1\nreward: -m_1\n", at: .init(line: 12, column: 9),
                           "'reward' belongs to the RL view, which needs both 'observation:' (readings with scales) and "
                               + "'action:' (parameters with max_change)")
        Self.expectRefused("objective: m_1\nobservation: [{name: m_1, scale: 0}]\naction: [{name: k_1, max_change: 1}]\n",
                           at: .init(line: 12, column: 34), "observation scale 0.0 must be finite and non-zero")
        Self.expectRefused("objective: m_1\nobservation: [{name: m_1, scale: 1}]\naction: [{name: loss, max_change: 1}]\n",
                           at: .init(line: 13, column: 17), "'loss' is a reading; actions move parameters ('k_1', 'k_2')")
        Self.expectRefused("objective: m_1\nobservation: [{name: m_1, scale: 1}]\naction: [{name: k_1, max_change: -1}]\n",
                           at: .init(line: 13, column: 34), "max_change -1.0 must be positive and finite")
        Self.expectRefused("objective: m_1\nobservation: [{name: m_1..m_3, scale: 1}]\naction: [{name: k_1, max_change: 1}]\n",
                           at: .init(line: 12, column: 22),
                           "observation[0].name: column 1 of 'm_1..m_3': the range 'm_1..m_3' covers m_3, which does "
                               + "not exist; \(Self.names)")
        Self.expectRefused("objective: m_1\nobservation: [{name: m_1, scale: 1}]\naction: [{name: k_1, max_change: 1}]\n"
                               + "terminate_when: m_1\n", at: .init(line: 14, column: 20),
                           "terminate_when: column 4 of 'm_1': a constraint needs '<=' or '>=' and a limit, e.g. beam_loss <= 0.2")
        Self.expectRefused("objective: m_1\nobservation: [{name: m_1, scale: 1}]\naction: [{name: k_1, max_change: 1}]\n"
                               + "max_episode_steps: 0\n", at: .init(line: 14, column: 20),
                           "max_episode_steps 0 must be at least 1")
    }
}
