import Foundation
import VernierCore
import VernierMath

extension JPATuning {
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
    /// (GHz) sets the new target exactly.
    public mutating func reset(seed: UInt64?, options resetOptions: ResetOptions?) throws -> Reset {
        if resetOptions?.state != nil {
            throw PlantError.invalidResetState("jpa/Tuning-v1 takes only 'context' (the target frequency in GHz) as reset option")
        }
        if let context = resetOptions?.context, !contextRange.contains(context) {
            throw PlantError.invalidResetState("reset context \(context) GHz is outside the scan range \(contextRange) GHz")
        }
        let range = contextRange
        if let seed {
            generator = SeededGenerator(seed: seed)
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
        guard let start = optimalSettings(for: previousTargetFrequency, relativeTo: target) else {
            throw PlantError.outOfRange("no operating point at the previous target \(previousTargetFrequency) GHz")
        }
        let space = try optimizationSpace(context: target)
        let clipped = space.clip(start)
        write(bias: clipped[0], power: clipped[1], detuning: clipped[2])
        elapsedSteps = 0
        takeReading()
        return Reset(observation: observe(space: space))
    }

    /// Changes the settings by `action` × the step sizes (clipped to [−1, 1] and to the present box),
    /// measures, and scores: reward = −(w_gain · min(|G − target|, 10) + w_power · max(0, P − P_min) + cost),
    /// with a 10 dB gain error when unstable. Terminated when |G − target| ≤ tolerance at P ≤ P_min + tolerance.
    public mutating func step(_ action: [Double]) throws -> Step {
        guard action.count == 3 else { throw PlantError.wrongActionCount(expected: 3, got: action.count) }
        guard action.allSatisfy(\.isFinite) else {
            throw PlantError.outOfRange("the action holds \(action); actions are finite numbers in [−1, 1]")
        }
        let space = targetSpace
        let steps = (options.maxBiasStep, options.maxPowerStep, options.maxDetuningStep)
        func moved(_ index: Int, _ size: Double) -> Double {
            let change = min(max(action[index], -1), 1) * size
            return min(max(settings[index] + change, space.low[index]), space.high[index])
        }
        write(bias: moved(0, steps.0), power: moved(1, steps.1), detuning: moved(2, steps.2))
        takeReading()
        elapsedSteps += 1
        let gainError = lastUnstable ? Self.gainErrorCap : min(abs(lastGain - options.targetGain), Self.gainErrorCap)
        let excessPower = max(0, settings[1] - minimumPumpPower)
        let reward = -(options.rewardGainWeight * gainError + options.rewardPowerWeight * excessPower
                       + options.rewardMeasurementCost)
        let success = !lastUnstable && abs(lastGain - options.targetGain) <= options.gainTolerance
            && settings[1] <= minimumPumpPower + options.powerTolerance
        return Step(observation: observe(space: space), reward: reward, terminated: success,
                    truncated: elapsedSteps >= options.maxEpisodeSteps, info: StepInfo(isSuccess: success))
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
