import VernierCore

/// Robust conjugate direction search (RCDS; Huang et al. 2013), the noise-robust Powell method SPEAR, Xopt and
/// Badger use to tune storage rings online, in ask/tell form.
///
/// Starts from the problem's initial point (the machine's current setting; the box centre without one) and
/// searches the unit cube of the box (``RCDSOptions/step`` is a fraction of each range). Like the NLopt
/// bridge, the state is the settings and the values so far: each suggestion re-runs the deterministic search
/// (``RCDSSearch``) against them until it needs a new value, so a decoded optimiser continues exactly.
/// Suggestions are always inside the box (the search never evaluates outside it).
///
/// Local and sequential; tolerates noise by design (3σ bracketing, parabola fits); refuses a constrained
/// problem unless told to ignore the constraints. It has no convergence test of its own: it runs until the
/// budget, target or stagnation stops it.
public struct RCDS: Optimizer {
    public var displayName: String { Self.displayName }
    public var capabilities: OptimizerCapabilities { Self.capabilities }
    public static let displayName = "RCDS"
    public static let capabilities = OptimizerCapabilities(
        handlesConstraints: false, handlesNoise: true, maximumBatchSize: 1)

    public let problem: OptimizationProblem
    public let options: RCDSOptions
    public private(set) var progress = OptimizationProgress()
    /// The objective values ingested, in order: with the settings, the whole state.
    public private(set) var values: [Double] = []
    /// The point the search needs next (unit cube), once computed; `nil` after an ingest.
    private var pending: [Double]?
    /// Set when the search cannot go on (every candidate left the box).
    private var stuck = false

    /// An RCDS run on `problem`.
    ///
    /// - Throws: ``OptimizerError`` for an unusable problem or options, or constraints without
    ///   `ignoreConstraints`.
    public init(problem: OptimizationProblem, options: RCDSOptions = RCDSOptions(), ignoreConstraints: Bool = false)
        throws(OptimizerError)
    {
        try Self.admit(problem, name: Self.displayName, capabilities: Self.capabilities,
                       ignoreConstraints: ignoreConstraints)
        let problems = options.problems()
        guard problems.isEmpty else { throw .invalidOptions(problems) }
        self.problem = problem
        self.options = options
    }

    enum CodingKeys: String, CodingKey {
        case problem, options, progress, values
    }

    private var cube: UnitCube { UnitCube(problem.space) }

    /// The machine's current point, or the box centre (physical units).
    private var start: [Double] {
        problem.initialPoint ?? zip(problem.space.low, problem.space.high).map { ($0 + $1) / 2 }
    }

    public mutating func suggest(_ count: Int) throws -> [[Double]] {
        try checkBatch(count)
        if pending == nil { pending = nextPoint() }
        // A search that cannot move (see nextPoint) re-measures the best point.
        guard let pending else { return [progress.best?.parameters ?? start] }
        return [cube.toPhysical(pending)]
    }

    public mutating func ingest(_ evaluations: [EvaluatedPoint]) throws {
        try checkEvaluations(evaluations)
        for point in evaluations {
            progress.record(point, constraints: problem.constraints)
            values.append(point.objective)
            pending = nil
        }
    }

    /// Replays the search over ``values`` to the first point without a value.
    private mutating func nextPoint() -> [Double]? {
        var oracle = RCDSSearch.Oracle(values: values)
        do {
            try RCDSSearch(options: options, dimension: problem.dimension).run(from: cube.toUnit(start), &oracle)
        } catch let needed as ReplayOracle.NeedsValue {
            return needed.point
        } catch {
            progress.convergence = "RCDS: every candidate left the box; no move possible"
        }
        return nil
    }
}
