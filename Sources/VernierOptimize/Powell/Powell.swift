import VernierCore

/// Powell's conjugate-direction method with bounded Brent line searches (``PowellSearch``) as an ask/tell
/// optimiser: SciPy's `minimize(method="Powell", bounds=…)` on the box scaled to [−1, 1].
///
/// Starts from the problem's initial point (the machine's current setting; the box centre without one); every
/// point lies inside the box. The state is the settings and the values so far; each suggestion replays the
/// deterministic search against them, so a decoded optimiser continues exactly. After converging it restarts
/// from the best point with fresh directions (``PowellOptions/restartAfterConvergence``).
///
/// Local and sequential; fast when the problem has a dominant direction, misled by noise (use ``RCDS``);
/// refuses a constrained problem unless told to ignore the constraints.
public struct Powell: Optimizer {
    public var displayName: String { Self.displayName }
    public var capabilities: OptimizerCapabilities { Self.capabilities }
    public static let displayName = "Powell"
    public static let capabilities = OptimizerCapabilities(
        handlesConstraints: false, handlesNoise: false, maximumBatchSize: 1)

    public let problem: OptimizationProblem
    public let options: PowellOptions
    public private(set) var progress = OptimizationProgress()
    /// The objective values ingested, in order: with the settings, the whole state.
    public private(set) var values: [Double] = []
    /// The next point (scaled coordinates), once computed.
    private var pending: [Double]?

    /// - Throws: ``OptimizerError`` for an unusable problem or options, or constraints without
    ///   `ignoreConstraints`.
    public init(problem: OptimizationProblem, options: PowellOptions = PowellOptions(), ignoreConstraints: Bool = false)
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

    public mutating func suggest(_ count: Int) throws -> [[Double]] {
        try checkBatch(count)
        if progress.convergence != nil, options.restartAfterConvergence {
            progress.convergence = nil
        }
        if pending == nil { pending = replay().next }
        guard let pending else { return [progress.best?.parameters ?? start] }
        return [physical(pending)]
    }

    public mutating func ingest(_ evaluations: [EvaluatedPoint]) throws {
        try checkEvaluations(evaluations)
        for point in evaluations {
            progress.record(point, constraints: problem.constraints)
            // A failed measurement is the worst value: never NaN, which comparisons would silently skip.
            values.append(point.objective.isNaN ? .infinity : point.objective)
        }
        let (next, converged) = replay()
        pending = next
        if converged { progress.convergence = "Powell: a sweep over all directions improved by less than ftol" }
    }

    // MARK: - Coordinates and replay

    private var start: [Double] {
        problem.initialPoint ?? zip(problem.space.low, problem.space.high).map { ($0 + $1) / 2 }
    }

    /// Physical → [−1, 1]: (x − centre) / half-width (exact on a box that is already [−1, 1]).
    private func scaled(_ x: [Double]) -> [Double] {
        (0..<problem.dimension).map { index in
            let low = problem.space.low[index], high = problem.space.high[index]
            return (x[index] - (low + high) / 2) / ((high - low) / 2)
        }
    }

    /// [−1, 1] → physical, clipped into the box against rounding.
    private func physical(_ v: [Double]) -> [Double] {
        problem.space.clip((0..<problem.dimension).map { index in
            let low = problem.space.low[index], high = problem.space.high[index]
            return (low + high) / 2 + v[index] * ((high - low) / 2)
        })
    }

    /// Replays the runs (the first from the start, each restart from where the last converged) over ``values``:
    /// the next point to evaluate, and whether the last run converged exactly at the last value.
    private func replay() -> (next: [Double]?, converged: Bool) {
        var oracle = ReplayOracle(values: values)
        let search = PowellSearch(options: options, dimension: problem.dimension)
        var from = scaled(start)
        while true {
            do {
                try search.run(from: from, &oracle)
            } catch let needed as ReplayOracle.NeedsValue {
                return (needed.point, false)
            } catch let converged as PowellSearch.Converged {
                guard oracle.used < values.count else {
                    return (options.restartAfterConvergence ? converged.point : nil, true)
                }
                // More values were recorded: they belong to the restart from here.
                guard options.restartAfterConvergence else { return (nil, true) }
                from = converged.point
            } catch {
                return (nil, true)
            }
        }
    }
}
