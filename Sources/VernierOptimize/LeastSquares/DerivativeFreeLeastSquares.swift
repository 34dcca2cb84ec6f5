import VernierCore

/// Derivative-free least squares (`--optimizer dfols`): minimises Σ rᵢ² of residual readings the plant reports as
/// observables (BPM positions, orbit errors…), with a Gauss–Newton trust-region method on a linear model of the
/// residual vector (``LeastSquaresSearch``; the approach of Cartis & Roberts' DFO-LS).
///
/// For steering and matching, where the readings respond nearly linearly to the knobs, a model costs n + 1
/// evaluations (BOBYQA's quadratic needs 2n + 1) and is exact on a linear response. Starts from the problem's
/// initial point (the machine's current setting; the box centre without one); ρ_beg and ρ_end are per parameter
/// in physical units; every point lies inside the box. The state is the settings and the points and readings so
/// far; each suggestion replays the deterministic search against them, so a decoded optimiser continues exactly.
/// Refuses a constrained problem unless told to ignore the constraints.
public struct DerivativeFreeLeastSquares: Optimizer {
    public var displayName: String { Self.displayName }
    public var capabilities: OptimizerCapabilities { Self.capabilities }
    public static let displayName = "derivative-free least squares"
    public static let capabilities = OptimizerCapabilities(
        handlesConstraints: false, handlesNoise: false, maximumBatchSize: 1)

    public let problem: OptimizationProblem
    public let options: LeastSquaresOptions
    public private(set) var progress = OptimizationProgress()

    /// One ingested evaluation: where it was taken (physical units) and its residual readings (`nil`: failed).
    public struct Reading: Sendable, Hashable, Codable {
        public var parameters: [Double]
        public var residuals: [Double]?
    }

    /// The evaluations ingested, in order: with the settings, the whole state.
    public private(set) var readings: [Reading] = []
    /// The next point (search coordinates), once computed.
    private var pending: [Double]?

    /// - Throws: ``OptimizerError`` for an unusable problem or options (no residuals named, a bad ρ), or
    ///   constraints without `ignoreConstraints`.
    public init(
        problem: OptimizationProblem, options: LeastSquaresOptions, ignoreConstraints: Bool = false
    ) throws(OptimizerError) {
        try Self.admit(problem, name: Self.displayName, capabilities: Self.capabilities,
                       ignoreConstraints: ignoreConstraints)
        let problems = options.problems(space: problem.space, names: problem.parameterNames)
        guard problems.isEmpty else { throw .invalidOptions(problems) }
        self.problem = problem
        self.options = options
    }

    enum CodingKeys: String, CodingKey {
        case problem, options, progress, readings
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

    /// - Throws: ``OptimizerError/malformedEvaluation(_:)`` when a successful evaluation lacks a residual
    ///   reading named in the options.
    public mutating func ingest(_ evaluations: [EvaluatedPoint]) throws {
        try checkEvaluations(evaluations)
        let readings = try evaluations.map(reading(of:))
        for (point, reading) in zip(evaluations, readings) {
            progress.record(point, constraints: problem.constraints)
            self.readings.append(reading)
        }
        let (next, converged) = replay()
        pending = next
        if converged {
            progress.convergence = "derivative-free least squares: the model resolution fell below rhoend"
        }
    }

    /// The residual readings of `point`, in the order of ``LeastSquaresOptions/residuals``.
    private func reading(of point: EvaluatedPoint) throws(OptimizerError) -> Reading {
        var residuals: [Double] = []
        for name in options.residuals {
            guard let value = point.evaluation.observables[name] else {
                // A failed measurement may carry no readings; a successful one must carry all of them.
                if !point.objective.isFinite { return Reading(parameters: point.parameters, residuals: nil) }
                let reported = point.evaluation.observables.keys.sorted().joined(separator: ", ")
                throw .malformedEvaluation(
                    "the evaluation reports no observable \"\(name)\", which dfols residuals names; it reports: "
                        + (reported.isEmpty ? "none" : reported) + ". Fix the residuals list in the optimizer section")
            }
            guard value.isFinite else { return Reading(parameters: point.parameters, residuals: nil) }
            residuals.append(value)
        }
        return Reading(parameters: point.parameters, residuals: residuals)
    }

    // MARK: - Coordinates and replay

    private var start: [Double] {
        problem.initialPoint ?? zip(problem.space.low, problem.space.high).map { ($0 + $1) / 2 }
    }

    private var initialSteps: [Double] { options.steps.initialSteps(for: problem.space) }

    /// Physical → search coordinates: (x − start) / ρ_beg per parameter.
    private func scaled(_ x: [Double]) -> [Double] {
        let origin = start, steps = initialSteps
        return (0..<problem.dimension).map { (x[$0] - origin[$0]) / steps[$0] }
    }

    /// Search coordinates → physical, clipped into the box against rounding.
    private func physical(_ u: [Double]) -> [Double] {
        let origin = start, steps = initialSteps
        return problem.space.clip((0..<problem.dimension).map { origin[$0] + u[$0] * steps[$0] })
    }

    /// The search over the box, in its coordinates.
    private var search: LeastSquaresSearch {
        let minimum = options.steps.minimumSteps(for: problem.space)
        return LeastSquaresSearch(
            lower: scaled(problem.space.low), upper: scaled(problem.space.high),
            finalResolution: zip(minimum, initialSteps).map { $0 / $1 }.min() ?? 1e-6, regression: options.noisy)
    }

    /// Replays the runs (the first from the start, each restart from where the last converged) over ``readings``:
    /// the next point to evaluate, and whether the last run converged exactly at the last reading.
    private func replay() -> (next: [Double]?, converged: Bool) {
        var oracle = ResidualOracle(answers: readings.map {
            ResidualOracle.Answer(point: scaled($0.parameters), residuals: $0.residuals)
        })
        let search = self.search
        var from = scaled(start)
        while true {
            do {
                try search.run(from: from, &oracle)
            } catch let needed as ReplayOracle.NeedsValue {
                return (needed.point, false)
            } catch let converged as LeastSquaresSearch.Converged {
                guard oracle.used < readings.count else {
                    return (options.restartAfterConvergence ? converged.point : nil, true)
                }
                guard options.restartAfterConvergence else { return (nil, true) }
                from = converged.point
            } catch {
                return (nil, true)
            }
        }
    }
}
