import VernierCore

extension AwakeSteering {
    /// The options of `awake/Steering-v1` (`environments/awake.yaml` documents each with its default).
    ///
    /// Every length is in the unit its name ends with; a value outside its range is refused with the range.
    public struct Options: OptionKeyed, Sendable, Hashable {
        /// The plane steered; default horizontal (cond R ≈ 288), vertical has cond R ≈ 88.
        public var plane: TransversePlane = .horizontal
        /// A MAD-X TWISS file to build the response from; `nil` uses the embedded TT43 optics. Relative paths
        /// are resolved against the options file's folder, then the current directory.
        public var opticsFile: String? = nil
        /// Corrector limit (rad): settings lie in ±this; default 1e-3, range (0, 0.01].
        public var correctorLimit: Double = 1e-3
        /// Largest change of one corrector per RL step (rad), the action scale; default 1e-4, range (0, corrector_limit_rad].
        public var actionScale: Double = 1e-4
        /// Half-range of the hidden misalignment kicks k_err, drawn uniform in ±this (rad); default 5e-4,
        /// range (0, corrector_limit_rad) so the optimum −k_err lies inside the corrector limits.
        public var misalignment: Double = 5e-4
        /// Trajectory RMS below which steering has succeeded (mm); default 1, range (0, 5].
        public var successRMS: Double = 1
        /// Steps before an RL episode is truncated; default 50, range [1, 100000].
        public var maxEpisodeSteps: Int = 50
        /// Standard deviation of the Gaussian noise on each BPM reading (mm); default 0, range [0, 5].
        public var bpmNoise: Double = 0
        /// Relative amplitude A of the optics drift R(t) = R · (1 + A sin(ωt + φ)); default 0, range [0, 0.5].
        public var driftAmplitude: Double = 0
        /// Period 2π/ω of the optics drift, in measurements (RL steps or evaluations); default 1000, range [2, 1e9].
        public var driftPeriod: Double = 1000
        /// Relative spread of the quadrupole strengths, redrawn per scenario: each K1L is scaled by
        /// U(1 − spread, 1 + spread); default 0, range [0, 0.5].
        public var quadrupoleSpread: Double = 0

        public init() {}

        enum CodingKeys: String, CodingKey, CaseIterable {
            case plane
            case opticsFile = "optics_file"
            case correctorLimit = "corrector_limit_rad"
            case actionScale = "action_scale_rad"
            case misalignment = "misalignment_rad"
            case successRMS = "success_rms_mm"
            case maxEpisodeSteps = "max_episode_steps"
            case bpmNoise = "bpm_noise_mm"
            case driftAmplitude = "drift_amplitude"
            case driftPeriod = "drift_period_steps"
            case quadrupoleSpread = "quadrupole_strength_spread"
        }

        public static let optionKeys = CodingKeys.allCases.map(\.rawValue)

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            if let text = try container.decodeIfPresent(String.self, forKey: .plane) {
                guard let plane = TransversePlane(rawValue: text.lowercased()) else {
                    throw DecodingError.dataCorruptedError(forKey: .plane, in: container,
                        debugDescription: "plane must be horizontal or vertical, got '\(text)'")
                }
                self.plane = plane
            }
            opticsFile = try container.decodeIfPresent(String.self, forKey: .opticsFile)
            try container.require(opticsFile.map { !$0.isEmpty } ?? true, .opticsFile, "''",
                                  "the path of a MAD-X TWISS file, or absent for the embedded TT43 optics")
            correctorLimit = try container.decode(.correctorLimit, default: 1e-3, in: 0...0.01, "rad")
            try container.require(correctorLimit > 0, .correctorLimit, correctorLimit, "a number in (0, 0.01] rad")
            actionScale = try container.decode(.actionScale, default: 1e-4, in: 0...correctorLimit, "rad")
            try container.require(actionScale > 0, .actionScale, actionScale, "a number in (0, \(correctorLimit)] rad")
            misalignment = try container.decode(.misalignment, default: 5e-4, in: 0...correctorLimit, "rad")
            try container.require(misalignment > 0 && misalignment < correctorLimit, .misalignment, misalignment,
                                  "a number in (0, \(correctorLimit)) rad (inside corrector_limit_rad)")
            successRMS = try container.decode(.successRMS, default: 1, in: 0...5, "mm")
            try container.require(successRMS > 0, .successRMS, successRMS, "a number in (0, 5] mm")
            maxEpisodeSteps = try container.decode(.maxEpisodeSteps, default: 50, in: 1...100_000)
            bpmNoise = try container.decode(.bpmNoise, default: 0, in: 0...5, "mm")
            driftAmplitude = try container.decode(.driftAmplitude, default: 0, in: 0...0.5, "")
            driftPeriod = try container.decode(.driftPeriod, default: 1000, in: 2...1e9, "measurements")
            quadrupoleSpread = try container.decode(.quadrupoleSpread, default: 0, in: 0...0.5, "")
        }
    }
}
