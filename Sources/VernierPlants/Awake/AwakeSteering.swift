import Foundation
import VernierCore
import VernierMath

/// Trajectory steering of CERN AWAKE's TT43 electron line: 10 correctors, 10 BPMs, one plane — the standard
/// RL-for-accelerators benchmark (Kain et al., PRAB 23, 124801, 2020), as an optimisation problem and an
/// environment over one shared machine state.
///
/// The machine: corrector settings `k` (rad) and a hidden misalignment, the kick vector `k_err` drawn per
/// scenario uniform in ±`misalignment_rad` and redrawn until every initial reading is within 0.95 of the
/// 10 mm aperture and the RMS exceeds twice the success threshold. The BPMs read (m)
///
///     s = (1 + A sin(2π t / T + φ)) · R · k + R · k_err  (+ Gaussian noise),
///
/// with `R` the scenario's response matrix (``ResponseMatrix``; quadrupole strengths optionally spread) and
/// `t` the number of measurements since the scenario began. The optimum `k* = −k_err` lies inside the
/// corrector limits but not at the centre. The beam is lost at the first BPM where `|s| ≥ 10 mm`: that BPM and
/// every one downstream then read ±10 mm (the sign of the first), as in the open AWAKE environments.
///
/// - Optimisation view: parameters are the 10 corrector settings (rad, ±`corrector_limit_rad`), named after
///   the correctors; the objective is the RMS of the BPM readings (mm).
/// - RL view: an action is 10 setting changes in [−1, 1] × `action_scale_rad` (divided by max|a| when that
///   exceeds 1); the observation is the readings in units of the 10 mm aperture (1 = 10 mm); the reward is
///   −RMS(observation); terminated on success (RMS < `success_rms_mm`/10) or beam loss; truncated after
///   `max_episode_steps`.
///
/// Both views compute their results from the BPM readings in mm (``MeasurementModel``,
/// ``SettingsDrivenEnvironment``): the simulation measures them, a Modbus backend reads them from the device,
/// and the same code turns them into the objective, observation, reward and end of an episode.
public struct AwakeSteering: SingleOptimizable, Environment {
    /// Observation units per metre of trajectory: an observation of 1 is 10 mm.
    public static let observationPerMetre = 100.0
    /// The aperture (m): a reading this large means the beam is lost there.
    public static let aperture = 0.01
    /// The aperture in the unit the BPMs report (mm): a reading of this magnitude means the beam is lost, and
    /// the RL observation is the reading in units of it.
    public static let apertureMillimetres = 10.0
    /// Observation units per mm of trajectory (1 / the aperture): a multiplication, not a division, in the step.
    static let observationPerMillimetre = 0.1
    /// Largest initial reading, as a fraction of the aperture, a drawn misalignment may give.
    public static let initialReadingLimit = 0.95
    /// Misalignment draws tried before a reset gives up (the options then make a valid start too unlikely).
    public static let maximumScenarioDraws = 100_000

    /// The options the plant was built with.
    public let options: Options
    /// The design optics.
    public let optics: TwissTable
    /// The design response in the steered plane (what an operator's model knows).
    public let designResponse: ResponseMatrix
    /// The scenario's response (m/rad), row-major; equals the design unless quadrupoles are spread.
    public internal(set) var machineResponse: [Double]
    /// The hidden misalignment kicks `k_err` (rad) of the scenario — unknown to a learner; public for analysis.
    public internal(set) var misalignmentKicks: [Double]
    /// The present corrector settings `k` (rad).
    public internal(set) var settings: [Double]
    /// Measurements taken since the scenario began (the drift's clock).
    public internal(set) var measurementCount = 0
    /// Steps taken in the current episode.
    public internal(set) var elapsedSteps = 0

    /// Trajectory offset from the misalignment alone, `R · k_err` (m).
    var baseline: [Double]
    /// The last readings (m).
    var readings: [Double]
    /// The last readings in mm: what the BPMs report, and what both backends score (see ``scoreStep()``).
    var millimetres: [Double]
    var observationBuffer: [Double]
    var driftPhase = 0.0
    var generator = SeededGenerator(seed: 0)

    /// A plant with `options` on `optics` (the embedded TT43 optics unless given), at the scenario of seed 0.
    ///
    /// - Throws: ``TwissTableError`` when the optics lack BPMs or correctors in the plane, or cannot be
    ///   perturbed as the options ask; ``PlantError/outOfRange(_:)`` when no valid starting scenario can be
    ///   drawn.
    public init(options: Options = Options(), optics: TwissTable = TT43Optics.table) throws {
        let response = try ResponseMatrix(optics: optics, plane: options.plane)
        if options.quadrupoleSpread > 0 && !optics.hasFocusingColumns {
            throw TwissTableError(line: 0,
                message: "quadrupole_strength_spread needs the ALFX, ALFY and K1L columns, which the TWISS table lacks")
        }
        self.options = options
        self.optics = optics
        self.designResponse = response
        self.machineResponse = response.matrix.elements
        let monitors = response.rows, correctors = response.columns
        self.misalignmentKicks = Array(repeating: 0, count: correctors)
        self.settings = Array(repeating: 0, count: correctors)
        self.baseline = Array(repeating: 0, count: monitors)
        self.readings = Array(repeating: 0, count: monitors)
        self.millimetres = Array(repeating: 0, count: monitors)
        self.observationBuffer = Array(repeating: 0, count: monitors)
        try startScenario(misalignment: nil)
    }

    /// Builds the plant from registry options, resolving `optics_file` against the options file's folder and
    /// then the current directory.
    public static func make(_ plantOptions: PlantOptions) throws -> AwakeSteering {
        let options = try plantOptions.decode(Options.self)
        guard let path = options.opticsFile else { return try AwakeSteering(options: options) }
        let candidates = Self.opticsCandidates(path, optionsDirectory: plantOptions.directory)
        guard let url = candidates.first(where: { FileManager.default.fileExists(atPath: $0.path) }) else {
            throw OptionsError(source: plantOptions.source,
                message: "optics_file '\(path)' not found (looked at \(candidates.map(\.path).joined(separator: ", "))); give a MAD-X TWISS file, or remove the option to use the embedded TT43 optics")
        }
        do {
            return try AwakeSteering(options: options, optics: try TwissTable(contentsOf: url))
        } catch let error as TwissTableError {
            throw OptionsError(source: plantOptions.source, message: "optics_file '\(url.path)': \(error)")
        }
    }

    /// Where a relative optics path may be: beside the options file, then in the current directory.
    static func opticsCandidates(_ path: String, optionsDirectory: URL?) -> [URL] {
        if path.hasPrefix("/") { return [URL(fileURLWithPath: path)] }
        var candidates: [URL] = []
        if let optionsDirectory { candidates.append(optionsDirectory.appendingPathComponent(path)) }
        candidates.append(URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(path))
        return candidates
    }

    public var metadata: PlantMetadata {
        PlantMetadata(renderModes: [.ansi], machine: "AWAKE TT43 electron line, \(options.plane.rawValue) plane (simulation)",
                      isCancellable: false, isSimulated: true, maxEpisodeSteps: options.maxEpisodeSteps,
                      successObjective: options.successRMS, residualObservables: designResponse.monitorNames)
    }

    /// Number of correctors (parameters, action elements).
    public var correctorCount: Int { designResponse.columns }
    /// Number of BPMs (observation elements).
    public var monitorCount: Int { designResponse.rows }

    /// The last BPM readings (m), beam loss applied.
    public var lastReadings: [Double] { readings }

    // MARK: - Scenario

    /// Draws a new scenario from the generator: quadrupole errors, drift phase and a misalignment whose
    /// readings are a valid start (or takes `misalignment` as given); settings and clocks return to zero.
    mutating func startScenario(misalignment given: [Double]?) throws {
        // The quadrupole errors and drift phase are always drawn, so one seed gives one misalignment
        // whatever the spread and drift options.
        var quadrupoleErrors: [Double] = []
        for element in optics.elements where element.keyword == "QUADRUPOLE" {
            quadrupoleErrors.append(element.k1l * options.quadrupoleSpread * generator.nextUniform(-1, 1))
        }
        driftPhase = generator.nextUniform(0, 2 * Double.pi)
        if options.quadrupoleSpread > 0 {
            machineResponse = try ResponseMatrix(optics: optics, plane: options.plane,
                                                 quadrupoleErrors: quadrupoleErrors).matrix.elements
        }
        if let given {
            misalignmentKicks = given
            baseline = Self.product(machineResponse, misalignmentKicks, rows: monitorCount)
        } else {
            var found = false
            let limit = Self.initialReadingLimit * Self.aperture
            let minimumRMS = 2 * options.successRMS / 1000
            for _ in 0..<Self.maximumScenarioDraws {
                for index in misalignmentKicks.indices {
                    misalignmentKicks[index] = generator.nextUniform(-options.misalignment, options.misalignment)
                }
                baseline = Self.product(machineResponse, misalignmentKicks, rows: monitorCount)
                if baseline.allSatisfy({ abs($0) <= limit }) && Statistics.rootMeanSquare(baseline) > minimumRMS {
                    found = true
                    break
                }
            }
            guard found else {
                throw PlantError.outOfRange(
                    "no misalignment within ±\(options.misalignment) rad gave a valid start (every reading within 9.5 mm, RMS above \(2 * options.successRMS) mm) in \(Self.maximumScenarioDraws) draws; lower misalignment_rad or success_rms_mm")
            }
        }
        for index in settings.indices { settings[index] = 0 }
        measurementCount = 0
        elapsedSteps = 0
    }

    static func product(_ matrix: [Double], _ vector: [Double], rows: Int) -> [Double] {
        let columns = vector.count
        return (0..<rows).map { row in
            (0..<columns).reduce(0.0) { $0 + matrix[row * columns + $1] * vector[$1] }
        }
    }

    // MARK: - Measurement

    /// Reads the BPMs at the present settings (advancing the drift clock) into `readings` (m) and
    /// ``millimetres``, applies beam loss, and returns whether the beam was lost.
    ///
    /// - Complexity: O(BPMs × correctors), allocation-free: a hand-written loop, faster than a BLAS call at 10 × 10.
    @discardableResult
    mutating func takeReadings() -> Bool {
        let drift = options.driftAmplitude == 0 ? 1.0
            : 1 + options.driftAmplitude * sin(2 * Double.pi * Double(measurementCount) / options.driftPeriod + driftPhase)
        measurementCount += 1
        let noise = options.bpmNoise / 1000
        let columns = settings.count
        var lostAt = -1
        machineResponse.withUnsafeBufferPointer { response in
            settings.withUnsafeBufferPointer { k in
                baseline.withUnsafeBufferPointer { offset in
                    readings.withUnsafeMutableBufferPointer { s in
                        for row in 0..<s.count {
                            var sum = 0.0
                            let base = row * columns
                            for column in 0..<columns { sum += response[base + column] * k[column] }
                            s[row] = drift * sum + offset[row]
                        }
                    }
                }
            }
        }
        if noise > 0 {
            for row in readings.indices { readings[row] += noise * generator.nextStandardNormal() }
        }
        for row in readings.indices where abs(readings[row]) >= Self.aperture {
            lostAt = row
            break
        }
        if lostAt >= 0 {
            let wall = readings[lostAt] < 0 ? -Self.aperture : Self.aperture
            for row in lostAt..<readings.count { readings[row] = wall }
        }
        for row in readings.indices { millimetres[row] = readings[row] * 1000 }
        return lostAt >= 0
    }

    /// Copies the BPM readings (mm) out of a measurement's observables into ``millimetres``.
    ///
    /// - Throws: ``PlantError/outOfRange(_:)`` naming the BPM a measurement lacks.
    mutating func takeMillimetres(from measured: Evaluation) throws {
        for (row, name) in designResponse.monitorNames.enumerated() {
            guard let value = measured.observables[name] else {
                throw PlantError.outOfRange("the measurement has no reading of \(name); a steering measurement "
                                            + "reports every BPM of the plane (mm)")
            }
            millimetres[row] = value
        }
    }

    /// The observation of ``millimetres``: each reading over the aperture, clipped to [−1, 1]; and whether a
    /// reading at or beyond the aperture shows the beam lost.
    mutating func observeMillimetres() -> (observation: [Double], lost: Bool) {
        var lost = false
        for row in millimetres.indices {
            let value = millimetres[row]
            if abs(value) >= Self.apertureMillimetres { lost = true }
            observationBuffer[row] = min(max(value * Self.observationPerMillimetre, -1), 1)
        }
        return (observationBuffer, lost)
    }

    /// The RL step's result from the BPM readings in ``millimetres``: reward −RMS(observation), terminated on
    /// success or beam loss, truncated at `max_episode_steps`. The simulated ``step(_:)`` and the
    /// ``transition(to:measured:)`` a hardware backend calls both end here.
    ///
    /// - Complexity: O(BPMs), allocation-free.
    mutating func scoreStep() -> Step {
        let (observation, lost) = observeMillimetres()
        var sumOfSquares = 0.0
        for value in observation { sumOfSquares += value * value }
        let rms = (sumOfSquares / Double(observation.count)).squareRoot()
        let success = !lost && rms < options.successRMS / 1000 * Self.observationPerMetre
        elapsedSteps += 1
        return Step(observation: observation, reward: -rms, terminated: success || lost,
                    truncated: elapsedSteps >= options.maxEpisodeSteps, info: StepInfo(isSuccess: success))
    }

    /// The first observation of an episode from the BPM readings in ``millimetres``; the step count restarts.
    mutating func beginEpisodeFromMillimetres() -> Reset {
        elapsedSteps = 0
        return Reset(observation: observeMillimetres().observation)
    }

    /// Checks a settings vector: right length, finite, within the corrector limits.
    func validateSettings(_ parameters: [Double]) throws {
        guard parameters.count == correctorCount else {
            throw PlantError.wrongParameterCount(expected: correctorCount, got: parameters.count)
        }
        let limit = options.correctorLimit
        for (index, value) in parameters.enumerated() where !(value.isFinite && abs(value) <= limit) {
            throw PlantError.outOfRange(
                "corrector \(designResponse.correctorNames[index]) set to \(value) rad; correctors accept [−\(limit), \(limit)] rad")
        }
    }
}
