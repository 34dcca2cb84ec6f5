import VernierCore

extension JPATuning {
    /// The options of `jpa/Tuning-v1` (`environments/jpa.yaml` documents each with its default); each is in
    /// the unit its YAML key ends with. Out-of-range values are refused with the valid range.
    public struct Options: OptionKeyed, Sendable, Hashable {
        // MARK: Device
        /// Bare quarter-wave resonator frequency f_λ/4 (GHz); default 2.6, range [0.5, 20].
        public var quarterWaveFrequency = 2.6
        /// SQUID inductance participation γ; default 0.08, range (0, 1].
        public var participation = 0.08
        /// Total linewidth κ/2π (MHz); default 10, range [0.1, 200].
        public var linewidth = 10.0
        /// External linewidth κe/2π (MHz); default 10 (= κ, no internal loss), range (0, linewidth_mhz].
        public var externalLinewidth = 10.0
        /// Mutual inductance of the flux-bias coil to the SQUID (pH): Φ = M I + offset; default 5 (≈ 414 µA per Φ₀), range [0.1, 1000].
        public var biasMutualInductance = 5.0
        /// Nominal flux offset (residual field, trapped flux) the operator calibrated (Φ₀); default 0.05, range [−0.5, 0.5].
        public var fluxOffset = 0.05
        /// Standard deviation of the true offset about the nominal one, redrawn per seeded scenario (Φ₀); default 0.002, range [0, 0.1].
        public var fluxOffsetSpread = 0.002
        /// Standard deviation of the flux offset's random walk per measurement (Φ₀); default 1e-5, range [0, 0.01].
        public var fluxDrift = 1e-5
        /// Mutual inductance of the pump line to the SQUID (pH); default 10, range [0.01, 1000].
        public var pumpMutualInductance = 10.0
        /// Pump line attenuation from generator to device (dB); default 65, range [0, 150].
        public var pumpLineAttenuation = 65.0
        /// Half-width of the trapping (jump) region about Φ₀/2 (Φ₀); default 0.02, range [0, 0.25]; 0 disables it.
        public var jumpHalfWidth = 0.02
        /// Half-width beyond which a trapped SQUID recovers (Φ₀); default 0.04, range [jump_half_width_phi0, 0.25].
        public var jumpReleaseHalfWidth = 0.04
        /// Standard deviation of the flux-offset jump at each trapping (Φ₀); default 0.001, range [0, 0.1].
        public var fluxJump = 0.001

        // MARK: Noise
        /// Physical temperature of the JPA (mK); default 50, range [0, 1000].
        public var physicalTemperature = 50.0
        /// HEMT noise temperature (K); default 2, range [0, 300].
        public var hemtTemperature = 2.0
        /// Transmission η from the JPA to the HEMT; default 0.6, range (0, 1].
        public var hemtTransmission = 0.6
        /// Excess JPA noise per pump power at the device (mK per pW); default 0.3, range [0, 100].
        public var pumpHeating = 0.3

        // MARK: Instrument
        /// Lowest flux-bias current the source gives (µA); default −500, range [−100000, 100000].
        public var biasMinimum = -500.0
        /// Highest flux-bias current (µA); default 500, range (bias_min_ua, 100000].
        public var biasMaximum = 500.0
        /// Half-width of the bias window about the nominal bias of the target (µA), the optimisation box; default 20, range (0, 1000].
        public var biasWindow = 20.0
        /// Lowest pump power at the generator (dBm); default −30, range [−150, 30].
        public var pumpPowerMinimum = -30.0
        /// Highest pump power at the generator (dBm); default 10, range (pump_power_min_dbm, 30].
        public var pumpPowerMaximum = 10.0
        /// Largest pump detuning f_p − 2 f_target (MHz); default 2, range (0, 100].
        public var pumpDetuningLimit = 2.0
        /// Standard deviation of each gain reading (dB); default 0.2, range [0, 5].
        public var gainNoise = 0.2
        /// Spacing of the coarse gain trace about the target (MHz); default 1, range (0, 100].
        public var traceSpacing = 1.0

        // MARK: Task
        /// The target frequency an optimiser starts at (GHz); default 2.3, within the target range.
        public var targetFrequency = 2.3
        /// Lowest target frequency of the haloscope scan (GHz); default 2.1.
        public var targetFrequencyMinimum = 2.1
        /// Highest target frequency (GHz); default 2.39, below f_λ/4/(1 + γ).
        public var targetFrequencyMaximum = 2.39
        /// Target gain (dB); default 20, range (0, 40].
        public var targetGain = 20.0
        /// Gain tolerance (dB): the constraint is gain ≥ target − tolerance, success |G − target| ≤ tolerance; default 0.5, range [0, 10].
        public var gainTolerance = 0.5

        // MARK: RL
        /// Smallest frequency step between episodes (MHz); default 0.2, range (0, 100].
        public var frequencyStepMinimum = 0.2
        /// Largest frequency step between episodes (MHz); default 0.5, range [frequency_step_min_mhz, 100].
        public var frequencyStepMaximum = 0.5
        /// Bias change per step at |a| = 1 (µA); default 0.5, range (0, 100].
        public var maxBiasStep = 0.5
        /// Pump power change per step at |a| = 1 (dB); default 0.5, range (0, 20].
        public var maxPowerStep = 0.5
        /// Pump detuning change per step at |a| = 1 (MHz); default 0.5, range (0, 100].
        public var maxDetuningStep = 0.5
        /// How far above the minimum pump power a successful end may be (dB); default 0.5, range [0, 20].
        public var powerTolerance = 0.5
        /// Reward per dB of gain error (capped at 10 dB); default 1, range [0, 100].
        public var rewardGainWeight = 1.0
        /// Reward per dB of pump power above the minimum; default 0.5, range [0, 100].
        public var rewardPowerWeight = 0.5
        /// Reward cost of each measurement (step); default 0.1, range [0, 100].
        public var rewardMeasurementCost = 0.1
        /// Steps (measurements) before an episode is truncated; default 20, range [1, 100000].
        public var maxEpisodeSteps = 20
        /// Probability that an episode (after the first of a scenario) starts where the previous one ended, as a
        /// scan's next step does (the generator keeping its frequency: detuning + 2 × the step), instead of at
        /// the previous target's least-pump operating point; a training curriculum. Default 0, range [0, 1].
        public var episodeStartFromEnd = 0.0

        public init() {}

        enum CodingKeys: String, CodingKey, CaseIterable {
            case quarterWaveFrequency = "quarter_wave_frequency_ghz"
            case participation = "participation_ratio"
            case linewidth = "linewidth_mhz"
            case externalLinewidth = "external_linewidth_mhz"
            case biasMutualInductance = "bias_mutual_inductance_ph"
            case fluxOffset = "flux_offset_phi0"
            case fluxOffsetSpread = "flux_offset_spread_phi0"
            case fluxDrift = "flux_drift_phi0"
            case pumpMutualInductance = "pump_mutual_inductance_ph"
            case pumpLineAttenuation = "pump_line_attenuation_db"
            case jumpHalfWidth = "jump_half_width_phi0"
            case jumpReleaseHalfWidth = "jump_release_half_width_phi0"
            case fluxJump = "flux_jump_phi0"
            case physicalTemperature = "physical_temperature_mk"
            case hemtTemperature = "hemt_noise_temperature_k"
            case hemtTransmission = "hemt_transmission"
            case pumpHeating = "pump_heating_mk_per_pw"
            case biasMinimum = "bias_min_ua"
            case biasMaximum = "bias_max_ua"
            case biasWindow = "bias_window_ua"
            case pumpPowerMinimum = "pump_power_min_dbm"
            case pumpPowerMaximum = "pump_power_max_dbm"
            case pumpDetuningLimit = "pump_detuning_limit_mhz"
            case gainNoise = "gain_noise_db"
            case traceSpacing = "trace_spacing_mhz"
            case targetFrequency = "target_frequency_ghz"
            case targetFrequencyMinimum = "target_frequency_min_ghz"
            case targetFrequencyMaximum = "target_frequency_max_ghz"
            case targetGain = "target_gain_db"
            case gainTolerance = "gain_tolerance_db"
            case frequencyStepMinimum = "frequency_step_min_mhz"
            case frequencyStepMaximum = "frequency_step_max_mhz"
            case maxBiasStep = "max_bias_step_ua"
            case maxPowerStep = "max_power_step_db"
            case maxDetuningStep = "max_detuning_step_mhz"
            case powerTolerance = "power_tolerance_db"
            case rewardGainWeight = "reward_gain_weight"
            case rewardPowerWeight = "reward_power_weight"
            case rewardMeasurementCost = "reward_measurement_cost"
            case maxEpisodeSteps = "max_episode_steps"
            case episodeStartFromEnd = "episode_start_from_end_probability"
        }

        public static let optionKeys = CodingKeys.allCases.map(\.rawValue)

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            let d = Options()
            quarterWaveFrequency = try c.decode(.quarterWaveFrequency, default: d.quarterWaveFrequency, in: 0.5...20, "GHz")
            participation = try c.decode(.participation, default: d.participation, in: 0...1, "")
            try c.require(participation > 0, .participation, participation, "a number in (0, 1]")
            linewidth = try c.decode(.linewidth, default: d.linewidth, in: 0.1...200, "MHz")
            externalLinewidth = try c.decode(.externalLinewidth, default: linewidth, in: 0...linewidth, "MHz")
            try c.require(externalLinewidth > 0, .externalLinewidth, externalLinewidth, "a number in (0, linewidth_mhz] MHz")
            biasMutualInductance = try c.decode(.biasMutualInductance, default: d.biasMutualInductance, in: 0.1...1000, "pH")
            fluxOffset = try c.decode(.fluxOffset, default: d.fluxOffset, in: -0.5...0.5, "Φ₀")
            fluxOffsetSpread = try c.decode(.fluxOffsetSpread, default: d.fluxOffsetSpread, in: 0...0.1, "Φ₀")
            fluxDrift = try c.decode(.fluxDrift, default: d.fluxDrift, in: 0...0.01, "Φ₀")
            pumpMutualInductance = try c.decode(.pumpMutualInductance, default: d.pumpMutualInductance, in: 0.01...1000, "pH")
            pumpLineAttenuation = try c.decode(.pumpLineAttenuation, default: d.pumpLineAttenuation, in: 0...150, "dB")
            jumpHalfWidth = try c.decode(.jumpHalfWidth, default: d.jumpHalfWidth, in: 0...0.25, "Φ₀")
            jumpReleaseHalfWidth = try c.decode(.jumpReleaseHalfWidth, default: max(d.jumpReleaseHalfWidth, jumpHalfWidth),
                                                in: jumpHalfWidth...0.25, "Φ₀")
            fluxJump = try c.decode(.fluxJump, default: d.fluxJump, in: 0...0.1, "Φ₀")
            physicalTemperature = try c.decode(.physicalTemperature, default: d.physicalTemperature, in: 0...1000, "mK")
            hemtTemperature = try c.decode(.hemtTemperature, default: d.hemtTemperature, in: 0...300, "K")
            hemtTransmission = try c.decode(.hemtTransmission, default: d.hemtTransmission, in: 0...1, "")
            try c.require(hemtTransmission > 0, .hemtTransmission, hemtTransmission, "a number in (0, 1]")
            pumpHeating = try c.decode(.pumpHeating, default: d.pumpHeating, in: 0...100, "mK/pW")
            biasMinimum = try c.decode(.biasMinimum, default: d.biasMinimum, in: -100_000...100_000, "µA")
            biasMaximum = try c.decode(.biasMaximum, default: d.biasMaximum, in: biasMinimum...100_000, "µA")
            try c.require(biasMaximum > biasMinimum, .biasMaximum, biasMaximum, "above bias_min_ua (\(biasMinimum) µA)")
            biasWindow = try c.decode(.biasWindow, default: d.biasWindow, in: 0...1000, "µA")
            try c.require(biasWindow > 0, .biasWindow, biasWindow, "a number in (0, 1000] µA")
            pumpPowerMinimum = try c.decode(.pumpPowerMinimum, default: d.pumpPowerMinimum, in: -150...30, "dBm")
            pumpPowerMaximum = try c.decode(.pumpPowerMaximum, default: d.pumpPowerMaximum, in: pumpPowerMinimum...30, "dBm")
            try c.require(pumpPowerMaximum > pumpPowerMinimum, .pumpPowerMaximum, pumpPowerMaximum,
                          "above pump_power_min_dbm (\(pumpPowerMinimum) dBm)")
            pumpDetuningLimit = try c.decode(.pumpDetuningLimit, default: d.pumpDetuningLimit, in: 0...100, "MHz")
            try c.require(pumpDetuningLimit > 0, .pumpDetuningLimit, pumpDetuningLimit, "a number in (0, 100] MHz")
            gainNoise = try c.decode(.gainNoise, default: d.gainNoise, in: 0...5, "dB")
            traceSpacing = try c.decode(.traceSpacing, default: d.traceSpacing, in: 0...100, "MHz")
            try c.require(traceSpacing > 0, .traceSpacing, traceSpacing, "a number in (0, 100] MHz")
            // The highest frequency any flux reaches is f_λ/4 / (1 + γ).
            let reachable = quarterWaveFrequency / (1 + participation)
            targetFrequencyMinimum = try c.decode(.targetFrequencyMinimum, default: d.targetFrequencyMinimum,
                                                  in: 0.1 * reachable...reachable, "GHz")
            targetFrequencyMaximum = try c.decode(.targetFrequencyMaximum, default: d.targetFrequencyMaximum,
                                                  in: targetFrequencyMinimum...reachable, "GHz (below f_λ/4/(1 + γ))")
            try c.require(targetFrequencyMaximum < reachable, .targetFrequencyMaximum, targetFrequencyMaximum,
                          "below f_λ/4/(1 + γ) = \(reachable) GHz, the highest frequency the resonator reaches")
            targetFrequency = try c.decode(.targetFrequency, default: min(max(d.targetFrequency, targetFrequencyMinimum), targetFrequencyMaximum),
                                           in: targetFrequencyMinimum...targetFrequencyMaximum, "GHz")
            targetGain = try c.decode(.targetGain, default: d.targetGain, in: 0...40, "dB")
            try c.require(targetGain > 0, .targetGain, targetGain, "a number in (0, 40] dB")
            gainTolerance = try c.decode(.gainTolerance, default: d.gainTolerance, in: 0...10, "dB")
            frequencyStepMinimum = try c.decode(.frequencyStepMinimum, default: d.frequencyStepMinimum, in: 0...100, "MHz")
            try c.require(frequencyStepMinimum > 0, .frequencyStepMinimum, frequencyStepMinimum, "a number in (0, 100] MHz")
            frequencyStepMaximum = try c.decode(.frequencyStepMaximum, default: max(d.frequencyStepMaximum, frequencyStepMinimum),
                                                in: frequencyStepMinimum...100, "MHz")
            maxBiasStep = try c.decode(.maxBiasStep, default: d.maxBiasStep, in: 0...100, "µA")
            try c.require(maxBiasStep > 0, .maxBiasStep, maxBiasStep, "a number in (0, 100] µA")
            maxPowerStep = try c.decode(.maxPowerStep, default: d.maxPowerStep, in: 0...20, "dB")
            try c.require(maxPowerStep > 0, .maxPowerStep, maxPowerStep, "a number in (0, 20] dB")
            maxDetuningStep = try c.decode(.maxDetuningStep, default: d.maxDetuningStep, in: 0...100, "MHz")
            try c.require(maxDetuningStep > 0, .maxDetuningStep, maxDetuningStep, "a number in (0, 100] MHz")
            powerTolerance = try c.decode(.powerTolerance, default: d.powerTolerance, in: 0...20, "dB")
            rewardGainWeight = try c.decode(.rewardGainWeight, default: d.rewardGainWeight, in: 0...100, "per dB")
            rewardPowerWeight = try c.decode(.rewardPowerWeight, default: d.rewardPowerWeight, in: 0...100, "per dB")
            rewardMeasurementCost = try c.decode(.rewardMeasurementCost, default: d.rewardMeasurementCost, in: 0...100, "")
            maxEpisodeSteps = try c.decode(.maxEpisodeSteps, default: d.maxEpisodeSteps, in: 1...100_000)
            episodeStartFromEnd = try c.decode(.episodeStartFromEnd, default: d.episodeStartFromEnd, in: 0...1, "")
        }

        /// The device model these options describe.
        public var amplifier: JosephsonParametricAmplifier {
            JosephsonParametricAmplifier(
                quarterWaveFrequency: quarterWaveFrequency * 1e9, participation: participation,
                linewidth: linewidth * 1e6, externalLinewidth: externalLinewidth * 1e6,
                pumpMutualInductance: pumpMutualInductance * 1e-12, pumpLineAttenuation: pumpLineAttenuation)
        }

        /// The receiver chain these options describe.
        public var noiseBudget: JPANoiseBudget {
            JPANoiseBudget(physicalTemperature: physicalTemperature / 1000, hemtTemperature: hemtTemperature,
                           transmission: hemtTransmission, pumpHeating: pumpHeating * 1e-3 / 1e-12)
        }
    }
}
