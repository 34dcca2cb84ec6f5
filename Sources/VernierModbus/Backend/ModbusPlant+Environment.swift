import VernierCore

/// A Modbus-backed plant whose model is a ``SettingsDrivenEnvironment`` is an environment too: an action
/// becomes new settings (clipped to the writable box, moved in steps no longer than `max_step`), the readings
/// after settling become the observation, reward and end of the step.
extension ModbusPlant: Environment where Model: SettingsDrivenEnvironment {
    public var observationSpace: Space { model.observationSpace }
    public var actionSpace: Space { model.actionSpace }

    /// Starts an episode: the model chooses the starting settings (from where the device is), the device is
    /// moved there, and the first observation is measured.
    public mutating func reset(seed: UInt64?, options: ResetOptions?) throws -> Reset {
        let current = try currentSettings()
        var start = try modelEpisodeStart(seed: seed, options: options, from: current)
        optimizationSpace.clip(&start)
        try move(to: start, from: current)
        let measured = try measure()
        return try modelBeginEpisode(at: start, measured: measured)
    }

    /// Applies one action: new settings from the model, written within the map's limits, then measured.
    public mutating func step(_ action: [Double]) throws -> Step {
        let current = try lastSettings()
        var next = try model.settings(after: action, from: current)
        optimizationSpace.clip(&next)
        try move(to: next, from: current)
        let measured = try measure()
        return try modelTransition(to: next, measured: measured)
    }
}
