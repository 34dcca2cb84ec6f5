import VernierCore

/// Three knobs a, b, c ∈ [−2, 2]; objective (a − 0.5)² + (b + 0.25)² + c², constraint "power" = a + b + c ≤ 1.5,
/// observables "signal" = a·b and "drift" = c. Not a MeasurementModel: over Modbus its objective and constraint
/// come from registers named `objective` and `power`.
struct ThreeKnobPlant: SingleOptimizable {
    var start: [Double] = [0.1, -0.2, 0.3]
    var evaluations = 0

    var metadata: PlantMetadata { PlantMetadata(machine: "three-knob test plant") }
    var optimizationSpace: Box { Box(low: -2, high: 2, count: 3) }
    var parameterNames: [String] { ["a", "b", "c"] }
    var objectiveName: String { "squared distance to (0.5, −0.25, 0)" }
    var constraints: [Constraint] { [Constraint(name: "power", upperBound: 1.5)] }

    mutating func initialParameters(seed: UInt64?) throws -> [Double] { start }

    mutating func evaluate(_ x: [Double]) throws -> Evaluation {
        evaluations += 1
        let objective = (x[0] - 0.5) * (x[0] - 0.5) + (x[1] + 0.25) * (x[1] + 0.25) + x[2] * x[2]
        return Evaluation(objective: objective, constraints: [x[0] + x[1] + x[2]],
                          observables: ["signal": x[0] * x[1], "drift": x[2], "power": x[0] + x[1] + x[2]])
    }
}

/// The same knobs with three monitors m_i (the offsets from the optimum); computes its evaluation from them.
struct MeasuredKnobPlant: MeasurementModel {
    var metadata: PlantMetadata { PlantMetadata(machine: "measured three-knob test plant") }
    var optimizationSpace: Box { Box(low: -2, high: 2, count: 3) }
    var parameterNames: [String] { ["a", "b", "c"] }
    var objectiveName: String { "sum of squared monitor readings" }
    var readingNames: [String] { ["m_1", "m_2", "m_3"] }

    mutating func initialParameters(seed: UInt64?) throws -> [Double] { [0, 0, 0] }

    mutating func evaluate(_ x: [Double]) throws -> Evaluation {
        try evaluation(readings: [x[0] - 0.5, x[1] + 0.25, x[2]], parameters: x)
    }

    func evaluation(readings: [Double], parameters: [Double]) throws -> Evaluation {
        Evaluation(objective: readings.reduce(0) { $0 + $1 * $1 },
                   observables: Dictionary(uniqueKeysWithValues: zip(readingNames, readings)))
    }
}

/// A device with one parameter of each kind a PLC gateway uses: an on/off coil, a 16-bit scaled current, a
/// 32-bit word-swapped voltage and a float32 in "DCBA" order; readings in a discrete input, an int32 and a float64.
struct MixedDevicePlant: SingleOptimizable {
    var metadata: PlantMetadata { PlantMetadata(machine: "mixed-encoding test device") }
    var optimizationSpace: Box { Box(low: [0, -300, 0, -180], high: [1, 300, 60, 180]) }
    var parameterNames: [String] { ["enable", "current_a", "voltage_v", "phase_deg"] }
    var objectiveName: String { "power" }

    mutating func initialParameters(seed: UInt64?) throws -> [Double] { [0, 1.5, 12.25, -45.5] }

    mutating func evaluate(_ x: [Double]) throws -> Evaluation {
        let power = x[0] * x[1] * x[2]
        return Evaluation(objective: -power, observables: ["ready": x[0], "power_mw": (power * 1_000).rounded()])
    }
}

/// Two correctors steer a beam onto two monitors; an RL view built from the four settings-driven calls.
/// Action a ∈ [−1, 1]² moves the correctors by 0.5·a; observation = the monitors; reward = −RMS; terminated
/// below 0.05; truncated after 20 steps.
struct TwoCorrectorSteering: SettingsDrivenEnvironment {
    var target: [Double] = [0.4, -0.3]
    var elapsed = 0

    var metadata: PlantMetadata { PlantMetadata(machine: "two-corrector steering test plant", maxEpisodeSteps: 20) }
    var optimizationSpace: Box { Box(low: -1, high: 1, count: 2) }
    var parameterNames: [String] { ["k_1", "k_2"] }
    var objectiveName: String { "monitor RMS" }
    var readingNames: [String] { ["bpm_1", "bpm_2"] }
    var observationSpace: Space { .box(Box(low: -3, high: 3, count: 2)) }
    var actionSpace: Space { .box(Box(low: -1, high: 1, count: 2)) }

    /// The simulated machine: the correctors the model last set.
    var simulatedSettings: [Double] = [0, 0]

    mutating func initialParameters(seed: UInt64?) throws -> [Double] { [0, 0] }

    mutating func evaluate(_ x: [Double]) throws -> Evaluation {
        try evaluation(readings: [x[0] - target[0], x[1] - target[1]], parameters: x)
    }

    func evaluation(readings: [Double], parameters: [Double]) throws -> Evaluation {
        let rms = ((readings[0] * readings[0] + readings[1] * readings[1]) / 2).squareRoot()
        return Evaluation(objective: rms, observables: ["bpm_1": readings[0], "bpm_2": readings[1]])
    }

    mutating func episodeStart(seed: UInt64?, options: ResetOptions?, from settings: [Double]) throws -> [Double] {
        options?.state ?? [-0.5, 0.5]
    }

    mutating func beginEpisode(at settings: [Double], measured: Evaluation) throws -> Reset {
        elapsed = 0
        return Reset(observation: [measured.observables["bpm_1"] ?? .nan, measured.observables["bpm_2"] ?? .nan])
    }

    func settings(after action: [Double], from settings: [Double]) throws -> [Double] {
        [settings[0] + 0.5 * action[0], settings[1] + 0.5 * action[1]]
    }

    mutating func transition(to settings: [Double], measured: Evaluation) throws -> Step {
        elapsed += 1
        let observation = [measured.observables["bpm_1"] ?? .nan, measured.observables["bpm_2"] ?? .nan]
        let terminated = measured.objective < 0.05
        return Step(observation: observation, reward: -measured.objective, terminated: terminated,
                    truncated: !terminated && elapsed >= 20)
    }

    // The simulation's own Gymnasium view, built from the same four calls.
    mutating func reset(seed: UInt64?, options: ResetOptions?) throws -> Reset {
        var start = try episodeStart(seed: seed, options: options, from: simulatedSettings)
        optimizationSpace.clip(&start)
        simulatedSettings = start
        return try beginEpisode(at: start, measured: try evaluate(start))
    }

    mutating func step(_ action: [Double]) throws -> Step {
        var next = try settings(after: action, from: simulatedSettings)
        optimizationSpace.clip(&next)
        simulatedSettings = next
        return try transition(to: next, measured: try evaluate(next))
    }
}

/// One knob x ∈ [−1, 1] aimed at a context c ∈ [0, 10]: the monitor reads y = x − c/10 and, above x = 0.9, the
/// instrument gives no value (NaN); objective y² (0 when the monitor has no value), observable `aim` = c/10.
struct ContextualKnob: ContextualMeasurementModel {
    var context = 5.0
    var setting = 0.0

    var metadata: PlantMetadata { PlantMetadata(machine: "contextual knob test plant") }
    var optimizationSpace: Box { Box(low: [-1], high: [1]) }
    var parameterNames: [String] { ["x"] }
    var objectiveName: String { "squared monitor reading" }
    var readingNames: [String] { ["y"] }
    var contextName: String { "aim (tenths)" }
    var contextRange: ClosedRange<Double> { 0...10 }

    func optimizationSpace(context: Double) throws -> Box {
        // The box follows the context: the knob may go only 0.5 beyond the aim.
        Box(low: [max(-1, context / 10 - 0.5)], high: [min(1, context / 10 + 0.5)])
    }

    mutating func initialParameters(seed: UInt64?) throws -> [Double] { [setting] }

    mutating func initialParameters(context: Double, seed: UInt64?) throws -> [Double] {
        self.context = context
        return [setting]
    }

    mutating func evaluate(_ x: [Double]) throws -> Evaluation {
        try evaluate(x, context: context)
    }

    mutating func evaluate(_ x: [Double], context: Double) throws -> Evaluation {
        self.context = context
        setting = x[0]
        return try evaluation(readings: [x[0] > 0.9 ? .nan : x[0] - context / 10], parameters: x, context: context)
    }

    func evaluation(readings: [Double], parameters: [Double]) throws -> Evaluation {
        try evaluation(readings: readings, parameters: parameters, context: context)
    }

    func evaluation(readings: [Double], parameters: [Double], context: Double) throws -> Evaluation {
        let y = readings[0]
        return Evaluation(objective: y.isNaN ? 0 : y * y, observables: ["y": y, "aim": context / 10])
    }
}

/// ContextualKnob without a context: y = x − 0.5.
struct PlainKnob: MeasurementModel {
    var metadata: PlantMetadata { PlantMetadata(machine: "plain knob test plant") }
    var optimizationSpace: Box { Box(low: [-1], high: [1]) }
    var parameterNames: [String] { ["x"] }
    var objectiveName: String { "squared monitor reading" }
    var readingNames: [String] { ["y"] }

    mutating func initialParameters(seed: UInt64?) throws -> [Double] { [0] }

    mutating func evaluate(_ x: [Double]) throws -> Evaluation {
        try evaluation(readings: [x[0] - 0.5], parameters: x)
    }

    func evaluation(readings: [Double], parameters: [Double]) throws -> Evaluation {
        Evaluation(objective: readings[0] * readings[0], observables: ["y": readings[0], "aim": 0.5])
    }
}
