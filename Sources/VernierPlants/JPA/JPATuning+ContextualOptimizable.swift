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
        return measureEvaluation()
    }

    /// Measures at the present settings and target: objective = pump power (dBm); constraint
    /// `stable_gain_db`; observables `gain_db`, `bandwidth_mhz`, `snr_improvement_db` (NaN when unstable),
    /// `unstable` and `flux_trapped` (0/1), `system_noise_temperature_k`, `pump_power_at_device_dbm`,
    /// `minimum_pump_power_dbm` (the analytic optimum, for analysis).
    mutating func measureEvaluation() -> Evaluation {
        takeReading()
        let frequency = targetFrequency * 1e9
        var observables: [String: Double] = [
            "gain_db": lastGain,
            "unstable": lastUnstable ? 1 : 0,
            "flux_trapped": fluxTrap.isTrapped ? 1 : 0,
            "pump_power_at_device_dbm": settings[1] - options.pumpLineAttenuation,
            "minimum_pump_power_dbm": minimumPumpPower,
        ]
        let constraintValue: Double
        if let state = operatingState() {
            let threshold = amplifier.linewidth * amplifier.linewidth / 4 + state.detuning * state.detuning
            if lastUnstable {
                constraintValue = -10 * log10(state.coupling * state.coupling / threshold)
                observables["bandwidth_mhz"] = .nan
                observables["snr_improvement_db"] = .nan
                observables["system_noise_temperature_k"] = .nan
            } else {
                constraintValue = lastGain
                let gain = trueGain(signalFrequency: frequency) ?? 1
                observables["bandwidth_mhz"] = (amplifier.bandwidth(detuning: state.detuning, coupling: state.coupling) ?? .nan) / 1e6
                observables["snr_improvement_db"] = 10 * log10(
                    noiseBudget.snrImprovement(frequency: frequency, gain: gain, devicePower: state.devicePower))
                observables["system_noise_temperature_k"] = noiseBudget.systemNoiseOn(
                    frequency: frequency, gain: gain, devicePower: state.devicePower)
            }
        } else {
            // Trapped: no resonance, no gain; the chain is as with the JPA off.
            constraintValue = lastGain
            observables["bandwidth_mhz"] = .nan
            observables["snr_improvement_db"] = 0
            observables["system_noise_temperature_k"] = noiseBudget.systemNoiseOff(frequency: frequency)
        }
        return Evaluation(objective: settings[1], constraints: [constraintValue], observables: observables)
    }
}
