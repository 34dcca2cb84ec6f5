import Foundation
import VernierCore
import VernierMath

extension JPATuning {
    public var contextName: String { "target frequency (GHz)" }

    /// The haloscope's scan range (GHz).
    public var contextRange: ClosedRange<Double> {
        options.targetFrequencyMinimum...options.targetFrequencyMaximum
    }

    public var parameterNames: [String] { Self.parameterNames }

    public var objectiveName: String { "pump power at the generator (dBm)" }

    /// `stable_gain_db ≥ target − tolerance`: the gain at the target (dB) when the amplifier is stable; when it
    /// oscillates, minus its overdrive `10 log₁₀(λ² / (κ²/4 + δ²))` (dB), so the constraint fails there and
    /// points back below threshold.
    public var constraints: [Constraint] {
        [Constraint(name: "stable_gain_db", lowerBound: options.targetGain - options.gainTolerance)]
    }

    /// At `context` (GHz): bias within ±`bias_window_ua` of the nominal bias of that frequency (clipped to the
    /// source's limits), pump power in the generator's range, detuning within ±`pump_detuning_limit_mhz`.
    public func optimizationSpace(context: Double) throws -> Box {
        guard contextRange.contains(context) else {
            throw PlantError.outOfRange("target frequency \(context) GHz is outside the scan range \(contextRange) GHz")
        }
        let centre = nominalBias(targetFrequency: context)
        return Box(
            low: [max(centre - options.biasWindow, options.biasMinimum), options.pumpPowerMinimum, -options.pumpDetuningLimit],
            high: [min(centre + options.biasWindow, options.biasMaximum), options.pumpPowerMaximum, options.pumpDetuningLimit])
    }

    /// Moves to target `context` (GHz) and puts the machine at its safe start: the nominal bias of that
    /// frequency, the pump at its lowest power (off in effect), no detuning. A `seed` draws a new scenario
    /// (the true flux offset); `nil` keeps the present one.
    public mutating func initialParameters(context: Double, seed: UInt64?) throws -> [Double] {
        let space = try optimizationSpace(context: context)
        if let seed {
            generator = SeededGenerator(seed: seed)
            passiveNoise = SeededGenerator(seed: Self.passiveNoiseSeed(seed))
            drawScenario()
        }
        try setTarget(context)
        previousTargetFrequency = context
        let start = [min(max(nominalBias(targetFrequency: context), space.low[0]), space.high[0]), options.pumpPowerMinimum, 0]
        write(bias: start[0], power: start[1], detuning: start[2])
        return start
    }

    /// Moves to target `context` (GHz), writes `parameters` and measures.
    public mutating func evaluate(_ parameters: [Double], context: Double) throws -> Evaluation {
        guard contextRange.contains(context) else {
            throw PlantError.outOfRange("target frequency \(context) GHz is outside the scan range \(contextRange) GHz")
        }
        try validateSettings(parameters)
        if context != targetFrequency { try setTarget(context) }
        write(bias: parameters[0], power: parameters[1], detuning: parameters[2])
        return try measureEvaluation()
    }

    /// Measures at the present settings and target, and scores the readout with
    /// ``evaluation(readings:parameters:context:)``.
    ///
    /// With the pump off (at `pump_power_min_dbm`) the evaluation also reports the passive resonance
    /// (``passiveResonanceName``, GHz): one measurement, as the VNA sees the unpumped resonator.
    mutating func measureEvaluation() throws -> Evaluation {
        takeReading()
        var result = try evaluation(readings: readoutReadings(), parameters: settings, context: targetFrequency)
        if settings[1] <= options.pumpPowerMinimum {
            result.observables[Self.passiveResonanceName] = passiveResonanceReading()
        }
        return result
    }

    /// The passive resonance f₀ (GHz) at the present bias as the VNA reads it with the pump off: f₀(Φ) plus
    /// ``passiveResonanceNoise`` when the plant is noisy; NaN when the SQUID is trapped (no resonance).
    mutating func passiveResonanceReading() -> Double {
        guard !fluxTrap.isTrapped else { return .nan }
        let exact = amplifier.resonanceFrequency(flux: flux(bias: settings[0])) / 1e9
        return options.gainNoise > 0 ? exact + Self.passiveResonanceNoise * passiveNoise.nextStandardNormal() : exact
    }

    /// What the plant declares for the contour search: `stable_gain_db` rises with `pump_power_dbm` up to
    /// parametric oscillation (flag `unstable`), and the passive resonance, moved by `flux_bias_ua`, should sit
    /// on the present target frequency.
    public var levelSet: LevelSetStructure {
        LevelSetStructure(
            constraint: "stable_gain_db", drive: "pump_power_dbm", increasing: true, instabilityObservable: "unstable",
            placement: LevelSetStructure.Placement(
                parameter: "flux_bias_ua", observable: Self.passiveResonanceName, target: targetFrequency,
                resolution: options.gainNoise > 0 ? Self.passiveResonanceNoise : 0))
    }
}
