import Foundation
import VernierCore
import VernierMath

/// A synthetic device with one monitor per setpoint: N setpoints `x_i`, N readings `y_i = x_i − t_i` (plus
/// optional Gaussian reading noise), objective the RMS of the readings, `√(Σ y_i² / N)`, minimal (0) at the
/// hidden target `t`.
///
/// The smallest plant with the shape of a steering problem (correctors → monitors), for exercising the whole
/// tuning path — optimisers, the safety envelope, the Modbus backend and `vernier device serve` — against an
/// analytic optimum. It computes its evaluation from its readings (``MeasurementModel``), so a Modbus-backed
/// copy reading `y_i` from a device computes exactly what the simulation does.
public struct QuadraticBowl: SingleOptimizable, MeasurementModel {
    /// The options the registry passes.
    public struct Options: OptionKeyed, Sendable, Hashable {
        /// Number of setpoints and readings, 1...64; default 10.
        public var dimension: Int = 10
        /// Half-width of the setpoint range: every `x_i` lies in `[−range, range]` (> 0); default 5.
        public var range: Double = 5
        /// Standard deviation of the Gaussian noise added to each reading (≥ 0, reading units); default 0.
        public var noise: Double = 0
        /// Seed of the hidden target `t` (each `t_i` uniform in `[−range/2, range/2]`) until
        /// `initialParameters(seed:)` draws a new one; default 0.
        public var targetSeed: UInt64 = 0

        public init() {}

        enum CodingKeys: String, CodingKey, CaseIterable {
            case dimension, range, noise
            case targetSeed = "target_seed"
        }

        public static let optionKeys = CodingKeys.allCases.map(\.rawValue)

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            let shape = try SyntheticDevice.decodeShape(
                from: container, dimension: .dimension, range: .range, noise: .noise, defaultRange: 5,
                rangeUnit: nil, noiseUnit: nil)
            (dimension, range, noise) = (shape.dimension, shape.range, shape.noise)
            targetSeed = try container.decode(.targetSeed, default: 0)
        }
    }

    public let options: Options
    /// The hidden optimum `t`.
    public private(set) var target: [Double]
    public let parameterNames: [String]
    /// The readings' names, `y_1` … `y_N`.
    public let readingNames: [String]
    private var noiseGenerator: SeededGenerator

    public init(options: Options = Options()) {
        self.options = options
        parameterNames = (1...options.dimension).map { "x_\($0)" }
        readingNames = (1...options.dimension).map { "y_\($0)" }
        target = Self.drawTarget(seed: options.targetSeed, options: options)
        noiseGenerator = SeededGenerator(seed: options.targetSeed ^ 0x5EED_0F_401_5E)
    }

    public var metadata: PlantMetadata {
        PlantMetadata(renderModes: [.ansi], machine: "synthetic quadratic bowl (\(options.dimension) setpoints, "
                      + "\(options.dimension) monitors)", isCancellable: true, isSimulated: true,
                      successObjective: 0.01)
    }

    public var optimizationSpace: Box {
        Box(low: -options.range, high: options.range, count: options.dimension)
    }

    public var objectiveName: String { "RMS of the readings y_i = x_i − t_i (a.u.)" }

    /// The origin; a seed draws a new hidden target (and reseeds the reading noise).
    public mutating func initialParameters(seed: UInt64?) throws -> [Double] {
        if let seed {
            target = Self.drawTarget(seed: seed, options: options)
            noiseGenerator = SeededGenerator(seed: seed ^ 0x5EED_0F_401_5E)
        }
        return Array(repeating: 0, count: options.dimension)
    }

    public mutating func evaluate(_ parameters: [Double]) throws -> Evaluation {
        guard parameters.count == options.dimension else {
            throw PlantError.wrongParameterCount(expected: options.dimension, got: parameters.count)
        }
        var readings = [Double](repeating: 0, count: options.dimension)
        for index in readings.indices {
            readings[index] = parameters[index] - target[index]
            if options.noise > 0 { readings[index] += options.noise * noiseGenerator.nextStandardNormal() }
        }
        return try evaluation(readings: readings, parameters: parameters)
    }

    /// Objective `√(Σ y_i² / N)`; the readings are reported as observables `y_i`.
    public func evaluation(readings: [Double], parameters: [Double]) throws -> Evaluation {
        try SyntheticDevice.rootMeanSquare(readings: readings, names: readingNames)
    }

    private static func drawTarget(seed: UInt64, options: Options) -> [Double] {
        var generator = SeededGenerator(seed: seed)
        return (0..<options.dimension).map { _ in generator.nextUniform(-options.range / 2, options.range / 2) }
    }
}
