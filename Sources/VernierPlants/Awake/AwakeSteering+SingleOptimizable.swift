import VernierCore

extension AwakeSteering {
    /// The corrector settings (rad), each within ±`corrector_limit_rad`.
    public var optimizationSpace: Box {
        Box(low: -options.correctorLimit, high: options.correctorLimit, count: correctorCount)
    }

    /// The correctors of the steered plane in beam order (e.g. `MCAWA.430029` …).
    public var parameterNames: [String] { designResponse.correctorNames }

    public var objectiveName: String { "trajectory RMS (mm)" }

    /// Puts the machine at its starting point — all correctors at 0 — and returns it.
    ///
    /// A `seed` draws a new scenario (misalignment, and quadrupole errors when spread); `nil` keeps the
    /// present one (COI semantics).
    public mutating func initialParameters(seed: UInt64?) throws -> [Double] {
        if let seed {
            reseed(seed)
            try startScenario(misalignment: nil)
        } else {
            for index in settings.indices { settings[index] = 0 }
        }
        return settings
    }

    /// Sets the correctors to `parameters` (rad) and reads the BPMs.
    public mutating func evaluate(_ parameters: [Double]) throws -> Evaluation {
        try applySettings(parameters)
        return try measure()
    }

    /// Sets the correctors to `parameters` (rad) without reading the BPMs.
    ///
    /// - Throws: ``PlantError`` for a wrong count, a non-finite value or one outside the corrector limits.
    public mutating func applySettings(_ parameters: [Double]) throws {
        try validateSettings(parameters)
        for index in settings.indices { settings[index] = parameters[index] }
    }

    public var canMeasureWithoutWriting: Bool { true }

    /// Reads the BPMs at the present settings and scores them with ``evaluation(readings:parameters:)``:
    /// objective = RMS (mm), observables = each BPM's reading (mm) by its name, `rms_mm`, and `beam_lost` (0/1).
    public mutating func measure() throws -> Evaluation {
        takeReadings()
        return try evaluation(readings: millimetres, parameters: settings)
    }
}
