import VernierCore
import VernierMath

/// Search by consecutive Latin hypercube designs of ``Options/designSize`` points each: space-filling
/// coverage of the box for a known budget (set the design size to the budget), a new design once one is used.
public struct LatinHypercubeSearch: Optimizer {
    public var displayName: String { Self.displayName }
    public var capabilities: OptimizerCapabilities { Self.capabilities }
    public static let displayName = "Latin hypercube search"
    public static let capabilities = OptimizerCapabilities(
        handlesConstraints: true, handlesNoise: true, maximumBatchSize: .max)

    /// Settings of the search.
    public struct Options: Sendable, Hashable, Codable {
        /// Points per Latin hypercube design (≥ 1); usually the evaluation budget. Default 50.
        public var designSize: Int = 50

        public init(designSize: Int = 50) { self.designSize = designSize }

        enum CodingKeys: String, CodingKey, CaseIterable {
            case designSize = "design_size"
        }

        /// Every key is optional; unknown keys are refused.
        public init(from decoder: any Decoder) throws {
            try decoder.rejectUnknownKeys(CodingKeys.allCases.map(\.rawValue))
            let container = try decoder.container(keyedBy: CodingKeys.self)
            designSize = try container.decode(.designSize, default: 50)
        }
    }

    public let problem: OptimizationProblem
    public let options: Options
    public private(set) var progress = OptimizationProgress()
    private var generator: SeededGenerator
    private let cube: UnitCube
    /// Unit-cube points of the current design not yet suggested.
    private var remaining: [[Double]] = []

    /// A Latin hypercube search over `problem.space`, seeded by `seed`.
    public init(problem: OptimizationProblem, options: Options = Options(), seed: UInt64) throws(OptimizerError) {
        try Self.admit(
            problem, name: Self.displayName, capabilities: Self.capabilities, ignoreConstraints: false)
        guard options.designSize >= 1 else {
            throw .invalidOptions(["designSize must be at least 1, got \(options.designSize)"])
        }
        self.problem = problem
        self.options = options
        self.generator = SeededGenerator(seed: seed)
        self.cube = UnitCube(problem.space)
    }

    public mutating func suggest(_ count: Int) throws -> [[Double]] {
        try checkBatch(count)
        var points: [[Double]] = []
        while points.count < count {
            if remaining.isEmpty {
                remaining = LatinHypercube.sample(
                    count: options.designSize, dimension: problem.dimension, using: &generator)
            }
            points.append(cube.toPhysical(remaining.removeFirst()))
        }
        return points
    }

    public mutating func ingest(_ evaluations: [EvaluatedPoint]) throws {
        try checkEvaluations(evaluations)
        for point in evaluations { progress.record(point, constraints: problem.constraints) }
    }
}
