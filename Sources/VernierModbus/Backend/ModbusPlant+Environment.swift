import VernierCore

/// A Modbus-backed plant whose model is a ``SettingsDrivenEnvironment`` is an environment too: an action
/// becomes new settings (clipped to the writable box, moved in steps no longer than `max_step`), the readings
/// after settling become the observation, reward and end of the step.
extension ModbusPlant: Environment where Model: SettingsDrivenEnvironment {
    public var observationSpace: Space { model.observationSpace }
    public var actionSpace: Space { model.actionSpace }

    /// Starts an episode: the model chooses the starting settings (from where the device is), the device is
    /// moved there, and the first observation is measured. A contextual model's episode context (a JPA's next
    /// target) is written to the map's context register first.
    ///
    /// Only settings reach the machine: a simulation's hidden scenario (a misalignment, a flux offset) is the
    /// machine's own, so a `seed` or `options.state` changes the model's choices, never the device.
    public mutating func reset(seed: UInt64?, options: ResetOptions?) throws -> Reset {
        let current = try currentSettings()
        var start = try modelEpisodeStart(seed: seed, options: options, from: current)
        if let contextual = model as? any ContextualMeasurementModel {
            guard device.map.context != nil || contextual.context == context else {
                throw ModbusPlantError.contextNotWritable(name: contextual.contextName)
            }
            try setContext(contextual.context)
        }
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
