import VernierCore
import VernierMath

/// Uniform random search over the problem's box: the baseline every optimiser must beat, and a safe choice
/// on a simulator. Any batch size; constraints are honoured in the sense that only feasible points count as
/// best (the search itself ignores every value it sees).
public struct RandomSearch: Optimizer {
    public var displayName: String { Self.displayName }
    public var capabilities: OptimizerCapabilities { Self.capabilities }
    public static let displayName = "random search"
    public static let capabilities = OptimizerCapabilities(
        handlesConstraints: true, handlesNoise: true, maximumBatchSize: .max)

    public let problem: OptimizationProblem
    public private(set) var progress = OptimizationProgress()
    private var generator: SeededGenerator
    private let cube: UnitCube

    /// A random search over `problem.space`, seeded by `seed`.
    public init(problem: OptimizationProblem, seed: UInt64) throws(OptimizerError) {
        try Self.admit(
            problem, name: Self.displayName, capabilities: Self.capabilities, ignoreConstraints: false)
        self.problem = problem
        self.generator = SeededGenerator(seed: seed)
        self.cube = UnitCube(problem.space)
    }

    public mutating func suggest(_ count: Int) throws -> [[Double]] {
        try checkBatch(count)
        return (0..<count).map { _ in
            cube.toPhysical((0..<problem.dimension).map { _ in generator.nextUnit() })
        }
    }

    public mutating func ingest(_ evaluations: [EvaluatedPoint]) throws {
        try checkEvaluations(evaluations)
        for point in evaluations { progress.record(point, constraints: problem.constraints) }
    }
}
