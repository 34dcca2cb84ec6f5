import VernierCore
import VernierMath

extension AwakeSteering: SettingsDrivenEnvironment {
    /// BPM readings in units of the 10 mm aperture, clipped to [−1, 1].
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
    /// corrector limits) instead of a drawn one. Built from the same calls a hardware backend makes:
    /// ``episodeStart(seed:options:from:)``, the (simulated) write and measurement, then the first observation
    /// from the BPM readings.
    public mutating func reset(seed: UInt64?, options resetOptions: ResetOptions?) throws -> Reset {
        _ = try episodeStart(seed: seed, options: resetOptions, from: settings)
        takeReadings()
        return beginEpisodeFromMillimetres()
    }

    /// Changes the correctors by `action × action_scale_rad` (rescaled to max|a| = 1 when larger), reads the
    /// BPMs and scores the trajectory.
    ///
    /// Settings saturate at the corrector limits. Built from the same arithmetic as
    /// ``settings(after:from:)`` and ``transition(to:measured:)``; allocation-free once the caller has let go of
    /// the previous observation.
    public mutating func step(_ action: [Double]) throws -> Step {
        try Self.move(&settings, by: action, scale: options.actionScale, limit: options.correctorLimit)
        takeReadings()
        return scoreStep()
    }

    // MARK: - SettingsDrivenEnvironment

    /// Draws the episode's scenario (as ``reset(seed:options:)``) and returns its starting settings: every
    /// corrector at 0, whatever `settings` the machine is at.
    ///
    /// On real hardware only the returned settings reach the machine: its misalignment is the machine's own, so
    /// an episode there starts with the correctors at 0 on the trajectory the machine has.
    ///
    /// - Throws: ``PlantError/invalidResetState(_:)`` for a context, or a state that is not 10 kicks within the
    ///   corrector limits.
    public mutating func episodeStart(seed: UInt64?, options resetOptions: ResetOptions?, from settings: [Double]) throws -> [Double] {
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
        return self.settings
    }

    /// The first observation, from the BPM readings (mm) in `measured` with the correctors at `settings`.
    ///
    /// - Throws: ``PlantError/outOfRange(_:)`` when `measured` lacks a BPM.
    public mutating func beginEpisode(at settings: [Double], measured: Evaluation) throws -> Reset {
        try takeMillimetres(from: measured)
        try record(settings)
        return beginEpisodeFromMillimetres()
    }

    /// The correctors after `action` from `settings`: `settings + action × action_scale_rad` (the action first
    /// divided by max|a| when that exceeds 1), saturated at the corrector limits.
    ///
    /// - Throws: ``PlantError`` for a wrong count or a non-finite action element.
    public func settings(after action: [Double], from settings: [Double]) throws -> [Double] {
        guard settings.count == correctorCount else {
            throw PlantError.wrongParameterCount(expected: correctorCount, got: settings.count)
        }
        var next = settings
        try Self.move(&next, by: action, scale: options.actionScale, limit: options.correctorLimit)
        return next
    }

    /// The result of a step that moved the correctors to `settings`, scored from the BPM readings (mm) in
    /// `measured` exactly as ``step(_:)`` scores the simulated ones.
    ///
    /// - Throws: ``PlantError/outOfRange(_:)`` when `measured` lacks a BPM.
    public mutating func transition(to settings: [Double], measured: Evaluation) throws -> Step {
        try takeMillimetres(from: measured)
        try record(settings)
        return scoreStep()
    }

    // MARK: - Implementation

    /// Moves `settings` by `action × scale` (the action divided by max|a| when that exceeds 1), saturating at
    /// ±`limit`: the one place the RL action meets the correctors, for the simulated step and for a backend.
    static func move(_ settings: inout [Double], by action: [Double], scale: Double, limit: Double) throws {
        guard action.count == settings.count else {
            throw PlantError.wrongActionCount(expected: settings.count, got: action.count)
        }
        var largest = 0.0
        for value in action {
            guard value.isFinite else {
                throw PlantError.outOfRange("the action holds \(value); actions are finite numbers in [−1, 1]")
            }
            largest = max(largest, abs(value))
        }
        let step = scale / max(largest, 1)
        for index in settings.indices {
            settings[index] = min(max(settings[index] + step * action[index], -limit), limit)
        }
    }

    /// Keeps the settings a backend reports (the model's record of where the machine is).
    mutating func record(_ settings: [Double]) throws {
        guard settings.count == correctorCount else {
            throw PlantError.wrongParameterCount(expected: correctorCount, got: settings.count)
        }
        for index in self.settings.indices { self.settings[index] = settings[index] }
    }

    mutating func reseed(_ seed: UInt64) {
        generator = SeededGenerator(seed: seed)
    }
}
