import VernierCore
import VernierMath

extension AwakeSteering {
    /// BPM readings in metres × 100, clipped to [−1, 1] (1 = 10 mm).
    public var observationSpace: Space {
        .box(Box(low: -1, high: 1, count: monitorCount))
    }

    /// Corrector changes, normalised: 1 = `action_scale_rad`.
    public var actionSpace: Space {
        .box(Box(low: -1, high: 1, count: correctorCount))
    }

    /// Starts an episode on a new scenario drawn from the generator (reseeded when `seed` is given), with the
    /// correctors at 0.
    ///
    /// `options.state`, when given, is the exact misalignment `k_err` (rad, one per corrector, within the
    /// corrector limits) instead of a drawn one.
    public mutating func reset(seed: UInt64?, options resetOptions: ResetOptions?) throws -> Reset {
        if resetOptions?.context != nil {
            throw PlantError.invalidResetState("awake/Steering-v1 has no context; reset options take only 'state' (the misalignment kicks in rad)")
        }
        if let exact = resetOptions?.state {
            guard exact.count == correctorCount,
                  exact.allSatisfy({ $0.isFinite && abs($0) <= options.correctorLimit }) else {
                throw PlantError.invalidResetState(
                    "the reset state is the misalignment k_err: \(correctorCount) kicks in [−\(options.correctorLimit), \(options.correctorLimit)] rad; got \(exact)")
            }
        }
        if let seed { reseed(seed) }
        try startScenario(misalignment: resetOptions?.state)
        takeReadings()
        return Reset(observation: observe())
    }

    /// Changes the correctors by `action × action_scale_rad` (rescaled to max|a| = 1 when larger), reads the
    /// BPMs and scores the trajectory.
    ///
    /// Settings saturate at the corrector limits. Allocation-free once the caller has let go of the previous
    /// observation.
    public mutating func step(_ action: [Double]) throws -> Step {
        guard action.count == correctorCount else {
            throw PlantError.wrongActionCount(expected: correctorCount, got: action.count)
        }
        var largest = 0.0
        for value in action {
            guard value.isFinite else {
                throw PlantError.outOfRange("the action holds \(value); actions are finite numbers in [−1, 1]")
            }
            largest = max(largest, abs(value))
        }
        let scale = options.actionScale / max(largest, 1)
        let limit = options.correctorLimit
        for index in settings.indices {
            settings[index] = min(max(settings[index] + scale * action[index], -limit), limit)
        }
        let lost = takeReadings()
        let observation = observe()
        var sumOfSquares = 0.0
        for value in observation { sumOfSquares += value * value }
        let rms = (sumOfSquares / Double(observation.count)).squareRoot()
        let success = !lost && rms < options.successRMS / 1000 * Self.observationPerMetre
        elapsedSteps += 1
        return Step(observation: observation, reward: -rms, terminated: success || lost,
                    truncated: elapsedSteps >= options.maxEpisodeSteps, info: StepInfo(isSuccess: success))
    }

    mutating func reseed(_ seed: UInt64) {
        generator = SeededGenerator(seed: seed)
    }
}
