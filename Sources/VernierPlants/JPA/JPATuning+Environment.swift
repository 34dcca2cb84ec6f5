import Foundation
import VernierCore
import VernierMath

extension JPATuning: SettingsDrivenEnvironment {
    /// Ten readings in [−1, 1]: gain error at the target and at the four trace points ((G − target)/10 dB,
    /// clipped; 1 when unstable), the unstable flag, the three settings normalised to the present box, and the
    /// frequency step from the previous target (MHz / `frequency_step_max_mhz`).
    public var observationSpace: Space {
        .box(Box(low: -1, high: 1, count: 10))
    }

    /// Changes of bias, pump power and detuning; 1 = `max_bias_step_ua`, `max_power_step_db`, `max_detuning_step_mhz`.
    public var actionSpace: Space {
        .box(Box(low: -1, high: 1, count: 3))
    }

    /// Starts an episode: the scan moves down by U(`frequency_step_min_mhz`, `frequency_step_max_mhz`) from the
    /// previous target (restarting at the top of the range when it runs off the bottom), and the instrument
    /// starts at the previous target's least-pump operating point.
    ///
    /// A `seed` reseeds and draws a new scenario (flux offset) and a random first target; `options.context`
    /// (GHz) sets the new target exactly. Built from the calls a hardware backend makes:
    /// ``episodeStart(seed:options:from:)``, the (simulated) write and reading, then the first observation.
    public mutating func reset(seed: UInt64?, options resetOptions: ResetOptions?) throws -> Reset {
        let start = try episodeStart(seed: seed, options: resetOptions, from: settings)
        write(bias: start[0], power: start[1], detuning: start[2])
        takeReading()
        return beginEpisodeFromReading()
    }

    /// Changes the settings by `action` × the step sizes (clipped to [−1, 1] and to the present box),
    /// measures, and scores: reward = −(w_gain · min(|G − target|, 10) + w_power · max(0, P − P_min) + cost),
    /// with a 10 dB gain error when unstable. Terminated when |G − target| ≤ tolerance at P ≤ P_min + tolerance.
    ///
    /// Same arithmetic as ``settings(after:from:)`` and ``transition(to:measured:)``; allocation-free.
    public mutating func step(_ action: [Double]) throws -> Step {
        let space = targetSpace, sizes = stepSizes
        try Self.move(&settings, by: action, sizes: sizes, within: space)
        followFlux()
        takeReading()
        return scoreStep()
    }

    // MARK: - SettingsDrivenEnvironment

    /// Moves the scan to the episode's target (as ``reset(seed:options:)`` describes) and returns the starting
    /// settings: the previous target's least-pump operating point, clipped to the new target's box, whatever
    /// `settings` the machine is at.
    ///
    /// The operating point uses the model's flux offset: the truth in the simulation, the operator's calibration
    /// (the nominal offset, or the scenario of the seed given) when a backend drives a real device.
    ///
    /// - Throws: ``PlantError/invalidResetState(_:)`` for a state or a context outside the scan range.
    public mutating func episodeStart(seed: UInt64?, options resetOptions: ResetOptions?, from settings: [Double]) throws -> [Double] {
        if resetOptions?.state != nil {
            throw PlantError.invalidResetState("jpa/Tuning-v1 takes only 'context' (the target frequency in GHz) as reset option")
        }
        if let context = resetOptions?.context, !contextRange.contains(context) {
            throw PlantError.invalidResetState("reset context \(context) GHz is outside the scan range \(contextRange) GHz")
        }
        let range = contextRange
        if let seed {
            generator = SeededGenerator(seed: seed)
            passiveNoise = SeededGenerator(seed: Self.passiveNoiseSeed(seed))
            drawScenario()
            previousTargetFrequency = generator.nextUniform(range.lowerBound, range.upperBound)
        } else {
            previousTargetFrequency = targetFrequency
        }
        let step = generator.nextUniform(options.frequencyStepMinimum, options.frequencyStepMaximum) / 1000
        var target = previousTargetFrequency - step
        if let context = resetOptions?.context {
            target = context
            previousTargetFrequency = context + step
        } else if target < range.lowerBound {
            previousTargetFrequency = range.upperBound
            target = range.upperBound - step
        }
        try setTarget(target)
        // The curriculum (`episode_start_from_end_probability`): continue the scan from where the last episode
        // ended, the generator keeping its frequency. Draws only when enabled, so the default stream is unchanged.
        if seed == nil, options.episodeStartFromEnd > 0, generator.nextUniform(0, 1) < options.episodeStartFromEnd,
           settings.count == 3, settings.allSatisfy(\.isFinite) {
            var start = settings
            start[2] += 2 * (previousTargetFrequency - target) * 1000
            return targetSpace.clip(start)
        }
        guard let start = optimalSettings(for: previousTargetFrequency, relativeTo: target) else {
            throw PlantError.outOfRange("no operating point at the previous target \(previousTargetFrequency) GHz")
        }
        return targetSpace.clip(start)
    }

    /// Moves the scan from target `previous` to target `target` (GHz) exactly, as a haloscope scan steps: the
    /// observation's frequency step is `target − previous`. For a host that drives the RL view along its own
    /// scan (`vernier scan --method policy:FILE`); ``episodeStart(seed:options:from:)`` draws the step instead.
    ///
    /// - Throws: ``PlantError/invalidResetState(_:)`` for a target outside the scan range.
    public mutating func moveScan(from previous: Double, to target: Double) throws {
        guard contextRange.contains(target) else {
            throw PlantError.invalidResetState("target \(target) GHz is outside the scan range \(contextRange) GHz")
        }
        try setTarget(target)
        previousTargetFrequency = previous
    }

    /// The first observation, from the readout in `measured` with the instrument at `settings`.
    ///
    /// - Throws: ``PlantError/outOfRange(_:)`` when `measured` lacks a reading the observation needs.
    public mutating func beginEpisode(at settings: [Double], measured: Evaluation) throws -> Reset {
        try record(settings)
        try takeReading(from: measured)
        return beginEpisodeFromReading()
    }

    /// The settings after `action` from `settings`: each changed by the action element (clipped to [−1, 1])
    /// times its step size, then clipped to the present target's box.
    ///
    /// - Throws: ``PlantError`` for a wrong count or a non-finite action element.
    public func settings(after action: [Double], from settings: [Double]) throws -> [Double] {
        guard settings.count == 3 else { throw PlantError.wrongParameterCount(expected: 3, got: settings.count) }
        var next = settings
        try Self.move(&next, by: action, sizes: stepSizes, within: targetSpace)
        return next
    }

    /// The result of a step that moved the instrument to `settings`, scored from the readout in `measured`
    /// exactly as ``step(_:)`` scores the simulated reading.
    ///
    /// - Throws: ``PlantError/outOfRange(_:)`` when `measured` lacks a reading the observation needs.
    public mutating func transition(to settings: [Double], measured: Evaluation) throws -> Step {
        try record(settings)
        try takeReading(from: measured)
        return scoreStep()
    }

    // MARK: - Shared by both backends

    /// The change of bias (µA), pump power (dB) and detuning (MHz) at |a| = 1.
    var stepSizes: (bias: Double, power: Double, detuning: Double) {
        (options.maxBiasStep, options.maxPowerStep, options.maxDetuningStep)
    }

    /// Moves `settings` by `action` × `sizes` (each element clipped to [−1, 1]), clipped to `space`: the one
    /// place the RL action meets the instrument, for the simulated step and for a backend.
    static func move(_ settings: inout [Double], by action: [Double],
                     sizes: (bias: Double, power: Double, detuning: Double), within space: Box) throws {
        guard action.count == 3 else { throw PlantError.wrongActionCount(expected: 3, got: action.count) }
        guard action.allSatisfy(\.isFinite) else {
            throw PlantError.outOfRange("the action holds \(action); actions are finite numbers in [−1, 1]")
        }
        for index in 0..<3 {
            let size = index == 0 ? sizes.bias : index == 1 ? sizes.power : sizes.detuning
            let change = min(max(action[index], -1), 1) * size
            settings[index] = min(max(settings[index] + change, space.low[index]), space.high[index])
        }
    }

    /// The step's reward and end from the last reading (``lastGain``, ``lastTrace``, ``lastUnstable``) and the
    /// present settings. Allocation-free.
    mutating func scoreStep() -> Step {
        elapsedSteps += 1
        let gainError = lastUnstable ? Self.gainErrorCap : min(abs(lastGain - options.targetGain), Self.gainErrorCap)
        let excessPower = max(0, settings[1] - minimumPumpPower)
        let reward = -(options.rewardGainWeight * gainError + options.rewardPowerWeight * excessPower
                       + options.rewardMeasurementCost)
        let success = !lastUnstable && abs(lastGain - options.targetGain) <= options.gainTolerance
            && settings[1] <= minimumPumpPower + options.powerTolerance
        return Step(observation: observe(space: targetSpace), reward: reward, terminated: success,
                    truncated: elapsedSteps >= options.maxEpisodeSteps, info: StepInfo(isSuccess: success))
    }

    /// The first observation of an episode from the last reading; the step count restarts.
    mutating func beginEpisodeFromReading() -> Reset {
        elapsedSteps = 0
        return Reset(observation: observe(space: targetSpace))
    }

    /// Takes the gain, trace and unstable flag out of a measurement's observables.
    mutating func takeReading(from measured: Evaluation) throws {
        func reading(_ name: String) throws -> Double {
            guard let value = measured.observables[name] else {
                throw PlantError.outOfRange("the measurement has no '\(name)'; the JPA observation needs "
                                            + "\(Self.readingNames.prefix(6).joined(separator: ", "))")
            }
            return value
        }
        lastGain = try reading("gain_db")
        for (index, name) in Self.traceNames.enumerated() { lastTrace[index] = try reading(name) }
        lastUnstable = try reading("unstable") != 0
    }

    /// Keeps the settings a backend reports (the model's record of where the instrument is).
    mutating func record(_ settings: [Double]) throws {
        guard settings.count == 3 else { throw PlantError.wrongParameterCount(expected: 3, got: settings.count) }
        for index in 0..<3 { self.settings[index] = settings[index] }
    }

    /// Fills the observation buffer from the last reading.
    mutating func observe(space: Box) -> [Double] {
        func clip(_ value: Double) -> Double { min(max(value, -1), 1) }
        observationBuffer[0] = lastUnstable ? 1 : clip((lastGain - options.targetGain) / Self.gainErrorCap)
        for index in lastTrace.indices {
            observationBuffer[1 + index] = lastUnstable ? 1 : clip((lastTrace[index] - options.targetGain) / Self.gainErrorCap)
        }
        observationBuffer[5] = lastUnstable ? 1 : 0
        for index in 0..<3 {
            let half = (space.high[index] - space.low[index]) / 2
            observationBuffer[6 + index] = clip((settings[index] - space.low[index]) / half - 1)
        }
        observationBuffer[9] = clip((targetFrequency - previousTargetFrequency) * 1000 / options.frequencyStepMaximum)
        return observationBuffer
    }
}
