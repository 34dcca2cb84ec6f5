import Foundation
import VernierCore
import VernierMath

/// A synthetic steering line: N corrector kicks θ_j (mrad) move the beam at N beam-position monitors (mm)
/// through a fixed random lower-triangular response `R` (a corrector only moves the beam downstream of it):
/// `bpm = R θ + b`, where `b` is the incoming trajectory error, `b = −R θ*` for a hidden corrector setting θ*
/// inside the range. The objective is the trajectory RMS `√(Σ bpm_i² / N)`, zero at θ*.
///
/// Unlike ``QuadraticBowl`` the monitors couple the correctors (corrector j moves every BPM i ≥ j), so one
/// coordinate at a time does not solve it in one sweep: the shape of real orbit steering (AWAKE, a transfer line),
/// small enough to serve as a Modbus test device with `hardware/examples/steering-device.yaml`.
///
/// `R_ii = 1 + 0.5 u` (u uniform in [0, 1)), `R_ij ~ N(0, 0.4²)` below the diagonal (mm/mrad), drawn from
/// `response_seed`; θ* is uniform in `[−range/2, range/2]`, drawn from `target_seed` (or from the seed given to
/// `initialParameters`).
public struct LinearSteering: SingleOptimizable, MeasurementModel {
    /// The options the registry passes.
    public struct Options: OptionKeyed, Sendable, Hashable {
        /// Number of correctors and monitors, 1...64; default 10.
        public var dimension: Int = 10
        /// Corrector limit: every kick lies in `[−range, range]` mrad (> 0); default 2.
        public var range: Double = 2
        /// Standard deviation of the Gaussian noise of each BPM reading (mm, ≥ 0); default 0.
        public var noise: Double = 0
        /// Seed of the response matrix R; default 0.
        public var responseSeed: UInt64 = 0
        /// Seed of the hidden optimum θ* until `initialParameters(seed:)` draws a new one; default 0.
        public var targetSeed: UInt64 = 0

        public init() {}

        enum CodingKeys: String, CodingKey, CaseIterable {
            case dimension, range, noise
            case responseSeed = "response_seed"
            case targetSeed = "target_seed"
        }

        public static let optionKeys = CodingKeys.allCases.map(\.rawValue)

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            let shape = try SyntheticDevice.decodeShape(
                from: container, dimension: .dimension, range: .range, noise: .noise, defaultRange: 2,
                rangeUnit: "mrad", noiseUnit: "mm")
            (dimension, range, noise) = (shape.dimension, shape.range, shape.noise)
            responseSeed = try container.decode(.responseSeed, default: 0)
            targetSeed = try container.decode(.targetSeed, default: 0)
        }
    }

    public let options: Options
    /// The response `R` (mm/mrad), lower-triangular, N × N.
    public let response: Matrix
    /// The hidden optimal kicks θ* (mrad).
    public private(set) var target: [Double]
    /// The incoming trajectory error `b = −R θ*` (mm).
    public private(set) var incoming: [Double]
    public let parameterNames: [String]
    /// The monitors' names, `bpm_1` … `bpm_N`.
    public let readingNames: [String]
    private var noiseGenerator: SeededGenerator
    private var readings: [Double]

    public init(options: Options = Options()) {
        self.options = options
        let count = options.dimension
        parameterNames = (1...count).map { "corrector_\($0)" }
        readingNames = (1...count).map { "bpm_\($0)" }
        var generator = SeededGenerator(seed: options.responseSeed)
        var response = Matrix(rows: count, columns: count)
        for row in 0..<count {
            for column in 0...row {
                response[row, column] = row == column
                    ? 1 + 0.5 * generator.nextUnit()
                    : generator.nextNormal(standardDeviation: 0.4)
            }
        }
        self.response = response
        target = []
        incoming = []
        noiseGenerator = SeededGenerator(seed: 0)
        readings = [Double](repeating: 0, count: count)
        drawScenario(seed: options.targetSeed)
    }

    public var metadata: PlantMetadata {
        PlantMetadata(renderModes: [.ansi], machine: "synthetic steering line (\(options.dimension) correctors, "
                      + "\(options.dimension) BPMs)", isCancellable: true, isSimulated: true, successObjective: 0.05,
                      residualObservables: readingNames)
    }

    public var optimizationSpace: Box {
        Box(low: -options.range, high: options.range, count: options.dimension)
    }

    public var objectiveName: String { "trajectory RMS over the BPMs (mm)" }

    /// All correctors off; a seed draws a new hidden optimum (and reseeds the BPM noise).
    public mutating func initialParameters(seed: UInt64?) throws -> [Double] {
        if let seed { drawScenario(seed: seed) }
        return Array(repeating: 0, count: options.dimension)
    }

    public mutating func evaluate(_ parameters: [Double]) throws -> Evaluation {
        guard parameters.count == options.dimension else {
            throw PlantError.wrongParameterCount(expected: options.dimension, got: parameters.count)
        }
        readings = incoming
        response.gemv(parameters, beta: 1, into: &readings)
        if options.noise > 0 {
            for index in readings.indices { readings[index] += options.noise * noiseGenerator.nextStandardNormal() }
        }
        return try evaluation(readings: readings, parameters: parameters)
    }

    /// Objective `√(Σ bpm_i² / N)`; the readings are reported as observables `bpm_i`.
    public func evaluation(readings: [Double], parameters: [Double]) throws -> Evaluation {
        try SyntheticDevice.rootMeanSquare(readings: readings, names: readingNames)
    }

    private mutating func drawScenario(seed: UInt64) {
        var generator = SeededGenerator(seed: seed)
        target = (0..<options.dimension).map { _ in generator.nextUniform(-options.range / 2, options.range / 2) }
        incoming = (response * target).map { -$0 }
        noiseGenerator = SeededGenerator(seed: seed ^ 0x5EED_0F_B9A5)
    }
}
