import VernierCore

/// A `modbus/Device-v1` plant with its RL view: a ``DevicePlant`` that is also a Gymnasium-style
/// ``Environment`` (COI's `OptEnv`).
///
/// - `reset` moves the device (in steps no longer than `max_step`) to the episode start — `options.state`
///   when given (settings in parameter order), else the definition's initial point (`initial: current` meaning
///   the settings the device had when the plant was opened, so every episode starts from the same place) — and
///   observes. The seed is ignored: a real machine has no random scenario.
/// - `step(a)` clips `a` to [−1, 1], moves each action parameter by `aᵢ × max_changeᵢ` from where it is
///   (clipped to the map's bounds), averages the readings, and returns the observation (`value × scale` clipped to
///   [−1, 1]), the reward, `terminated` when `terminate_when` holds, `truncated` at `max_episode_steps`.
public struct DeviceEnvironment: ModbusBackedPlant, Environment {
    /// The optimisation view (and the I/O).
    public private(set) var plant: DevicePlant
    /// The RL view.
    public let view: DeviceRLView
    /// Steps taken in the current episode.
    public private(set) var elapsedSteps = 0

    public init(plant: DevicePlant, view: DeviceRLView) {
        self.plant = plant
        self.view = view
    }

    // MARK: - Environment

    /// `[−1, 1]` for every observed value.
    public var observationSpace: Space { .box(Box(low: -1, high: 1, count: view.observation.count)) }
    /// `[−1, 1]` for every action parameter.
    public var actionSpace: Space { .box(Box(low: -1, high: 1, count: view.action.count)) }

    public mutating func reset(seed: UInt64?, options: ResetOptions?) throws -> Reset {
        let space = plant.optimizationSpace
        let start: [Double]
        if let state = options?.state {
            guard state.count == space.count, space.contains(state) else {
                throw DevicePlantError.invalidInput(
                    "reset state \(state) must give \(space.count) settings (\(plant.parameterNames.joined(separator: ", "))) "
                        + "inside the map's bounds")
            }
            start = state
        } else {
            start = episodeStart
        }
        try plant.move(to: start)
        let measured = try plant.measure()
        elapsedSteps = 0
        let values = try plant.latestValues()
        return Reset(observation: observation(values), info: info(measured))
    }

    public mutating func step(_ action: [Double]) throws -> Step {
        guard action.count == view.action.count else {
            throw DevicePlantError.invalidInput("the action has \(action.count) elements, the device takes \(view.action.count) "
                                                + "(\(view.action.map(\.name).joined(separator: ", ")))")
        }
        let current = try plant.lastSettings()
        var next = current
        for (entry, value) in zip(view.action, action) {
            let clipped = value.isNaN ? 0 : min(max(value, -1), 1)
            next[entry.parameterIndex] += clipped * entry.maxChange
        }
        plant.optimizationSpace.clip(&next)
        try plant.move(to: next, from: current)
        let measured = try plant.measure()
        elapsedSteps += 1
        let values = try plant.latestValues()
        let reward = view.reward?.evaluate(values) ?? -measured.objective
        let terminated = view.terminateWhen?.holds(for: values) ?? false
        let truncated = !terminated && view.maxEpisodeSteps.map { elapsedSteps >= $0 } == true
        return Step(observation: observation(values), reward: reward, terminated: terminated, truncated: truncated,
                    info: info(measured))
    }

    /// Where an episode starts without `options.state`: the definition's initial values, the opening settings
    /// for the parameters it does not name.
    public var episodeStart: [Double] {
        switch plant.definition.initial {
        case .current: plant.openingSettings
        case .values(let values): zip(values, plant.openingSettings).map { $0 ?? $1 }
        }
    }

    private func observation(_ values: [Double]) -> [Double] {
        view.observation.map { entry in
            let scaled = values[entry.valueIndex] * entry.scale
            return scaled.isNaN ? scaled : min(max(scaled, -1), 1)
        }
    }

    private func info(_ measured: Evaluation) -> StepInfo {
        var values = ["objective": measured.objective]
        for (constraint, value) in zip(plant.constraints, measured.constraints) { values[constraint.name] = value }
        return StepInfo(isSuccess: plant.metadata.successObjective.map { measured.objective <= $0 }, values: values)
    }

    // MARK: - SingleOptimizable and ModbusBackedPlant, as the plant

    public var metadata: PlantMetadata { plant.metadata }
    public var optimizationSpace: Box { plant.optimizationSpace }
    public var parameterNames: [String] { plant.parameterNames }
    public var objectiveName: String { plant.objectiveName }
    public var constraints: [Constraint] { plant.constraints }
    public mutating func initialParameters(seed: UInt64?) throws -> [Double] { try plant.initialParameters(seed: seed) }
    public mutating func evaluate(_ parameters: [Double]) throws -> Evaluation { try plant.evaluate(parameters) }
    public mutating func applySettings(_ parameters: [Double]) throws { try plant.applySettings(parameters) }
    public var canMeasureWithoutWriting: Bool { plant.canMeasureWithoutWriting }
    public mutating func measure() throws -> Evaluation { try plant.measure() }
    public mutating func close() throws { try plant.close() }
    public var device: ModbusDevice { plant.device }
    public var maxStep: [Double]? { plant.maxStep }

    public func safetyLimits(outOfBounds: OutOfBoundsPolicy = .clip, onAbort: RestoreTarget = .initial,
                             onCompletion: RestoreTarget = .best, dryRun: Bool = false) -> SafetyLimits {
        plant.safetyLimits(outOfBounds: outOfBounds, onAbort: onAbort, onCompletion: onCompletion, dryRun: dryRun)
    }

    public mutating func currentSettings() throws -> [Double] { try plant.currentSettings() }

    public mutating func restore(to point: [Double], target: RestoreTarget, within timeout: Double) -> RestoreReport {
        plant.restore(to: point, target: target, within: timeout)
    }

    public var context: Double? { plant.context }

    public mutating func setContext(_ value: Double) throws {
        try plant.setContext(value)
    }
}
