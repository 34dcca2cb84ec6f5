import Foundation
import VernierCore
import VernierMath

/// Tuning a flux-pumped Josephson parametric amplifier for an axion haloscope (CAPP; Kutlu et al., SUST 2021):
/// at each target frequency of the scan, find the **lowest pump power** whose gain reaches the target (20 dB),
/// since lower pump power means lower added noise.
///
/// The instrument sets three things — the flux-bias current (µA; Φ = M_b I + offset), the pump power (dBm at
/// the generator; the line attenuates it) and the pump frequency, as a detuning `f_p − 2 f_target` (MHz) —
/// and reads the gain at the target frequency (with noise), a coarse gain trace about it, and an "unstable"
/// flag. The device follows ``JosephsonParametricAmplifier``; its flux offset drifts by a slow random walk,
/// jumps when the SQUID traps flux near Φ₀/2 (``FluxTrap``), and differs per seeded scenario from the
/// operator's calibration.
///
/// Both views compute their results from what the readout reports (``readingNames``, ``MeasurementModel``,
/// ``SettingsDrivenEnvironment``), so a Modbus backend reading a real or served device does the same arithmetic
/// as the simulation.
///
/// - Optimisation view (contextual on the target frequency, GHz): parameters `flux_bias_ua`,
///   `pump_power_dbm`, `pump_detuning_mhz`; objective = pump power (dBm); constraint `stable_gain_db` ≥
///   target − tolerance.
/// - RL view: each episode moves the target by 0.2–0.5 MHz down the scan and starts from the previous
///   target's optimum; actions change the three settings; the episode ends when the gain is within tolerance
///   of the target at a pump power within tolerance of the minimum.
public struct JPATuning: SingleOptimizable, ContextualOptimizable, Environment {
    /// The parameter (and action) names, with their units.
    public static let parameterNames = ["flux_bias_ua", "pump_power_dbm", "pump_detuning_mhz"]
    /// Signal offsets of the coarse trace, in units of `trace_spacing_mhz` (the target itself is read apart).
    public static let traceOffsets: [Double] = [-2, -1, 1, 2]
    /// The names of the trace readings (dB), in the order of ``traceOffsets``.
    public static let traceNames = ["trace_minus_2_db", "trace_minus_1_db", "trace_plus_1_db", "trace_plus_2_db"]
    /// What the readout reports, in the order ``evaluation(readings:parameters:context:)`` takes it: the gain at
    /// the target (dB), the trace (dB), the unstable and flux-trapped flags (0/1), the overdrive above the
    /// oscillation threshold (dB, 0 when stable) and the 3 dB bandwidth (MHz).
    public static let readingNames = ["gain_db"] + traceNames + ["unstable", "flux_trapped", "overdrive_db", "bandwidth_mhz"]
    /// Gain error (dB) counted for an unstable amplifier, and the cap on the gain error in the reward.
    public static let gainErrorCap = 10.0
    /// The observable of the passive-resonance reading (GHz): f₀ at the present bias with the pump off.
    public static let passiveResonanceName = "passive_resonance_ghz"
    /// Standard deviation of a passive-resonance reading (GHz) when the plant is noisy (`gain_noise_db` > 0):
    /// 20 kHz, a VNA fit of the 10 MHz-wide resonance to 0.2 % of its linewidth.
    public static let passiveResonanceNoise = 20e-6

    /// The options the plant was built with.
    public let options: Options
    /// The device physics.
    public let amplifier: JosephsonParametricAmplifier
    /// The receiver chain.
    public let noiseBudget: JPANoiseBudget

    /// Present settings: bias (µA), pump power (dBm), pump detuning (MHz).
    public internal(set) var settings: [Double]
    /// The present target frequency (GHz): the context.
    public internal(set) var targetFrequency: Double
    /// The previous target of the scan (GHz), whose optimum an RL episode starts from.
    public internal(set) var previousTargetFrequency: Double
    /// The true flux offset (Φ₀), unknown to the operator; public for analysis.
    public internal(set) var fluxOffset: Double
    /// The SQUID's trapping state.
    public internal(set) var fluxTrap: FluxTrap
    /// Steps taken in the current episode.
    public internal(set) var elapsedSteps = 0
    /// The least pump power (dBm) reaching the target gain at the present target (analytic, Δ = δ = 0).
    public internal(set) var minimumPumpPower = 0.0
    /// The optimisation box of the present target, kept so that a step allocates nothing.
    var targetSpace = Box(low: [], high: [])

    var generator = SeededGenerator(seed: 0)
    /// The passive-resonance readings' noise: a stream apart from ``generator``, so taking such readings leaves
    /// the gain readings' noise (and every figure made without them) as it was.
    var passiveNoise = SeededGenerator(seed: JPATuning.passiveNoiseSeed(0))
    var observationBuffer: [Double]
    /// The last reading: gain at the target (dB, NaN when unstable), the trace, and the flags.
    var lastGain = 0.0
    var lastTrace: [Double]
    var lastUnstable = false

    /// A plant with `options`, at the scenario of seed 0 and the options' target frequency.
    ///
    /// - Throws: ``PlantError/outOfRange(_:)`` when the target range cannot be reached within the bias or
    ///   pump limits.
    public init(options: Options = Options()) throws {
        self.options = options
        self.amplifier = options.amplifier
        self.noiseBudget = options.noiseBudget
        self.settings = [0, options.pumpPowerMinimum, 0]
        self.targetFrequency = options.targetFrequency
        self.previousTargetFrequency = options.targetFrequency
        self.fluxOffset = options.fluxOffset
        self.fluxTrap = FluxTrap(halfWidth: options.jumpHalfWidth, releaseHalfWidth: options.jumpReleaseHalfWidth)
        self.observationBuffer = Array(repeating: 0, count: 10)
        self.lastTrace = Array(repeating: 0, count: Self.traceOffsets.count)
        for frequency in [options.targetFrequencyMinimum, options.targetFrequencyMaximum] {
            guard let point = amplifier.minimumPumpOperatingPoint(target: frequency * 1e9, gain: pow(10, options.targetGain / 10)) else {
                throw PlantError.outOfRange("target frequency \(frequency) GHz cannot reach \(options.targetGain) dB: check the device options")
            }
            let power = amplifier.generatorPower(pumpFlux: point.pumpFlux)
            guard power <= options.pumpPowerMaximum else {
                throw PlantError.outOfRange(
                    "reaching \(options.targetGain) dB at \(frequency) GHz needs \(power) dBm, above pump_power_max_dbm = \(options.pumpPowerMaximum) dBm; raise it or lower pump_line_attenuation_db")
            }
            let bias = nominalBias(flux: point.flux)
            guard bias - options.biasWindow >= options.biasMinimum, bias + options.biasWindow <= options.biasMaximum else {
                throw PlantError.outOfRange(
                    "the bias window about \(bias) µA (target \(frequency) GHz) leaves [bias_min_ua, bias_max_ua] = [\(options.biasMinimum), \(options.biasMaximum)] µA")
            }
        }
        try setTarget(options.targetFrequency)
    }

    /// Builds the plant from registry options.
    public static func make(_ plantOptions: PlantOptions) throws -> JPATuning {
        try JPATuning(options: try plantOptions.decode(Options.self))
    }

    public var metadata: PlantMetadata {
        PlantMetadata(renderModes: [.ansi], machine: "flux-pumped Josephson parametric amplifier, CAPP-style haloscope readout (simulation)",
                      isCancellable: false, isSimulated: true, maxEpisodeSteps: options.maxEpisodeSteps,
                      levelSet: levelSet)
    }

    // MARK: - Calibration (what the operator knows)

    /// The bias (µA) that puts the flux at `flux` (Φ₀) with the *nominal* offset.
    func nominalBias(flux: Double) -> Double {
        (flux - options.fluxOffset) * JosephsonParametricAmplifier.fluxQuantum / (options.biasMutualInductance * 1e-12) * 1e6
    }

    /// The nominal bias (µA) for a target frequency (GHz): the flux of that passive resonance, nominal offset.
    public func nominalBias(targetFrequency: Double) -> Double {
        nominalBias(flux: amplifier.flux(forResonance: targetFrequency * 1e9) ?? 0)
    }

    /// The true dc flux (Φ₀) at bias `bias` (µA).
    public func flux(bias: Double) -> Double {
        options.biasMutualInductance * 1e-12 * bias * 1e-6 / JosephsonParametricAmplifier.fluxQuantum + fluxOffset
    }

    /// Moves to target `frequency` (GHz) and computes its minimum pump power.
    mutating func setTarget(_ frequency: Double) throws {
        guard let point = amplifier.minimumPumpOperatingPoint(target: frequency * 1e9, gain: pow(10, options.targetGain / 10)) else {
            throw PlantError.outOfRange("target frequency \(frequency) GHz is outside the resonator's tuning range")
        }
        targetSpace = try optimizationSpace(context: frequency)
        targetFrequency = frequency
        minimumPumpPower = amplifier.generatorPower(pumpFlux: point.pumpFlux)
    }

    /// The settings of the least-pump operating point of `frequency` (GHz) with the true flux offset, pump
    /// detuning expressed relative to 2 × `relativeTo` (GHz).
    public func optimalSettings(for frequency: Double, relativeTo reference: Double) -> [Double]? {
        guard let point = amplifier.minimumPumpOperatingPoint(target: frequency * 1e9, gain: pow(10, options.targetGain / 10)) else {
            return nil
        }
        let bias = (point.flux - fluxOffset) * JosephsonParametricAmplifier.fluxQuantum / (options.biasMutualInductance * 1e-12) * 1e6
        return [bias, amplifier.generatorPower(pumpFlux: point.pumpFlux), 2 * (frequency - reference) * 1000]
    }

    // MARK: - Scenario and writes

    /// The seed of the passive-resonance noise stream of scenario `seed` (a fixed offset: the plant takes its
    /// seed as given and keeps its two streams apart).
    static func passiveNoiseSeed(_ seed: UInt64) -> UInt64 { seed ^ 0x7061_7373_6976_6530 }  // "passive0"

    /// Draws the scenario's true flux offset about the nominal one and frees the SQUID.
    mutating func drawScenario() {
        fluxOffset = options.fluxOffset + options.fluxOffsetSpread * generator.nextStandardNormal()
        fluxTrap.release()
    }

    /// Checks a settings vector against the instrument's limits.
    func validateSettings(_ parameters: [Double]) throws {
        guard parameters.count == 3 else { throw PlantError.wrongParameterCount(expected: 3, got: parameters.count) }
        let limits: [(ClosedRange<Double>, String)] = [
            (options.biasMinimum...options.biasMaximum, "µA"),
            (options.pumpPowerMinimum...options.pumpPowerMaximum, "dBm"),
            (-options.pumpDetuningLimit...options.pumpDetuningLimit, "MHz"),
        ]
        for index in 0..<3 where !(parameters[index].isFinite && limits[index].0.contains(parameters[index])) {
            throw PlantError.outOfRange(
                "\(Self.parameterNames[index]) = \(parameters[index]); the instrument accepts [\(limits[index].0.lowerBound), \(limits[index].0.upperBound)] \(limits[index].1)")
        }
    }

    /// Writes settings (already validated or clipped) and lets the SQUID follow the new flux.
    mutating func write(bias: Double, power: Double, detuning: Double) {
        settings[0] = bias
        settings[1] = power
        settings[2] = detuning
        followFlux()
    }

    /// Updates the trapping state at the present flux; a new trapping event jumps the offset.
    mutating func followFlux() {
        if fluxTrap.update(flux: flux(bias: settings[0])), options.fluxJump > 0 {
            fluxOffset += options.fluxJump * generator.nextStandardNormal()
        }
    }

    // MARK: - Measurement

    /// The pumped device at `settings` (the present ones by default): coupling λ and detuning δ (Hz), pump
    /// frequency (Hz), pump power at the device (W); `nil` when the SQUID is trapped (no resonance, no gain).
    func operatingState(settings: [Double]? = nil) -> (coupling: Double, detuning: Double, pumpFrequency: Double, devicePower: Double)? {
        let settings = settings ?? self.settings
        let pumpFrequency = 2 * targetFrequency * 1e9 + settings[2] * 1e6
        guard !fluxTrap.isTrapped else { return nil }
        let (coupling, resonance) = amplifier.pumped(flux: flux(bias: settings[0]),
                                                     pumpFlux: amplifier.pumpFlux(generatorPower: settings[1]))
        return (coupling, resonance - pumpFrequency / 2, pumpFrequency,
                amplifier.devicePower(generatorPower: settings[1]))
    }

    /// True gain (linear) at `signalFrequency` (Hz) in the present state; `nil` when unstable; 1 when trapped.
    func trueGain(signalFrequency: Double) -> Double? {
        guard let state = operatingState() else { return 1 }
        return amplifier.gain(signalOffset: signalFrequency - state.pumpFrequency / 2, detuning: state.detuning,
                              coupling: state.coupling)
    }

    /// One measurement: advances the flux drift, reads the gain at the target and the trace (dB, with
    /// noise) into `lastGain`/`lastTrace` (NaN when unstable) and `lastUnstable`. Allocation-free.
    mutating func takeReading() {
        if options.fluxDrift > 0 {
            fluxOffset += options.fluxDrift * generator.nextStandardNormal()
            followFlux()
        }
        let target = targetFrequency * 1e9
        guard let centre = trueGain(signalFrequency: target) else {
            lastUnstable = true
            lastGain = .nan
            for index in lastTrace.indices { lastTrace[index] = .nan }
            return
        }
        lastUnstable = false
        lastGain = 10 * log10(centre)
        for (index, offset) in Self.traceOffsets.enumerated() {
            let value = trueGain(signalFrequency: target + offset * options.traceSpacing * 1e6) ?? .infinity
            lastTrace[index] = 10 * log10(value)
        }
        // No draws without noise: a noise-free reading leaves the generator (the episodes' frequency steps) alone,
        // so a model that only scores readings follows the simulation's stream.
        if options.gainNoise > 0 {
            lastGain += options.gainNoise * generator.nextStandardNormal()
            for index in lastTrace.indices { lastTrace[index] += options.gainNoise * generator.nextStandardNormal() }
        }
    }

    /// Everything the readout reports after ``takeReading()`` (``readingNames`` order): the last gain and trace
    /// and the unstable flag, the trap flag, the overdrive 10 log₁₀(λ²/(κ²/4 + δ²)) dB when unstable (0 when
    /// stable or trapped), and the 3 dB bandwidth (MHz; NaN when unstable or trapped).
    func readoutReadings() -> [Double] {
        var values = [Double]()
        values.reserveCapacity(Self.readingNames.count)
        values.append(lastGain)
        values.append(contentsOf: lastTrace)
        values.append(lastUnstable ? 1 : 0)
        values.append(fluxTrap.isTrapped ? 1 : 0)
        var overdrive = 0.0, bandwidth = Double.nan
        if let state = operatingState() {
            if lastUnstable {
                let threshold = amplifier.linewidth * amplifier.linewidth / 4 + state.detuning * state.detuning
                overdrive = 10 * log10(state.coupling * state.coupling / threshold)
            } else {
                bandwidth = (amplifier.bandwidth(detuning: state.detuning, coupling: state.coupling) ?? .nan) / 1e6
            }
        }
        values.append(overdrive)
        values.append(bandwidth)
        return values
    }
}
