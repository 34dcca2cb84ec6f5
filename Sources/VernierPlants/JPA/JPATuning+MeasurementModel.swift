import Foundation
import VernierCore

extension JPATuning: ContextualMeasurementModel {
    /// What the readout reports (``JPATuning/readingNames``): `gain_db`, the four trace points, `unstable`,
    /// `flux_trapped`, `overdrive_db`, `bandwidth_mhz`.
    public var readingNames: [String] { Self.readingNames }

    /// The present target frequency (GHz).
    public var context: Double { targetFrequency }

    /// The evaluation at the present target (see ``evaluation(readings:parameters:context:)``).
    public func evaluation(readings: [Double], parameters: [Double]) throws -> Evaluation {
        try evaluation(readings: readings, parameters: parameters, context: targetFrequency)
    }

    /// The evaluation when the readout, with the instrument at `parameters` (bias µA, pump dBm, detuning MHz)
    /// and target `context` (GHz), reports `readings` (``readingNames`` order).
    ///
    /// - Objective: the pump power `parameters[1]` (dBm).
    /// - Constraint `stable_gain_db`: the gain reading when stable (or trapped); when unstable, minus the
    ///   reported overdrive (never above 0), so the constraint fails there and points back below threshold.
    /// - Observables: every reading by name; `pump_power_at_device_dbm`; `minimum_pump_power_dbm` (the analytic
    ///   optimum at `context`); `snr_improvement_db` and `system_noise_temperature_k` from the noise budget at
    ///   the measured gain (NaN when unstable; JPA off when trapped).
    ///
    /// Uses only the readings, the parameters, the context and the device model's static options — nothing of
    /// the simulation's hidden state — so a backend that reads a real or served device gets what the
    /// simulation's `evaluate` gets from the same readings.
    ///
    /// - Throws: ``PlantError`` for a wrong number of readings or parameters, or a context outside the scan range.
    public func evaluation(readings: [Double], parameters: [Double], context: Double) throws -> Evaluation {
        guard readings.count == Self.readingNames.count else {
            throw PlantError.outOfRange("\(readings.count) readings were given; the JPA readout reports "
                                        + "\(Self.readingNames.count): \(Self.readingNames.joined(separator: ", "))")
        }
        guard parameters.count == 3 else { throw PlantError.wrongParameterCount(expected: 3, got: parameters.count) }
        guard contextRange.contains(context) else {
            throw PlantError.outOfRange("target frequency \(context) GHz is outside the scan range \(contextRange) GHz")
        }
        let gain = readings[0]
        let unstable = readings[5] != 0
        let trapped = readings[6] != 0
        let overdrive = readings[7]
        let frequency = context * 1e9
        let devicePower = amplifier.devicePower(generatorPower: parameters[1])
        var observables: [String: Double] = [:]
        observables.reserveCapacity(Self.readingNames.count + 4)
        for (name, value) in zip(Self.readingNames, readings) { observables[name] = value }
        observables["pump_power_at_device_dbm"] = parameters[1] - options.pumpLineAttenuation
        observables["minimum_pump_power_dbm"] = minimumPumpPower(at: context)
        let constraint: Double
        if trapped {
            // No resonance, no gain: the chain is as with the JPA off.
            constraint = gain
            observables["snr_improvement_db"] = 0
            observables["system_noise_temperature_k"] = noiseBudget.systemNoiseOff(frequency: frequency)
        } else if unstable {
            constraint = -max(overdrive, 0)
            observables["snr_improvement_db"] = .nan
            observables["system_noise_temperature_k"] = .nan
        } else {
            constraint = gain
            let linear = pow(10, gain / 10)
            observables["snr_improvement_db"] = 10 * log10(
                noiseBudget.snrImprovement(frequency: frequency, gain: linear, devicePower: devicePower))
            observables["system_noise_temperature_k"] = noiseBudget.systemNoiseOn(
                frequency: frequency, gain: linear, devicePower: devicePower)
        }
        return Evaluation(objective: parameters[1], constraints: [constraint], observables: observables)
    }

    /// The least pump power (dBm) reaching the target gain at `context` (GHz): cached for the present target.
    func minimumPumpPower(at context: Double) -> Double {
        if context == targetFrequency { return minimumPumpPower }
        guard let point = amplifier.minimumPumpOperatingPoint(target: context * 1e9, gain: pow(10, options.targetGain / 10)) else {
            return .nan
        }
        return amplifier.generatorPower(pumpFlux: point.pumpFlux)
    }
}
