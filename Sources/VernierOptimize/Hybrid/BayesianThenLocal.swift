import VernierCore

/// A short Bayesian-optimisation phase, then BOBYQA from the best point found: BO's global look around the
/// machine's current point, then a local model-based method's fast convergence.
///
/// The hand-over costs no evaluation: BOBYQA's first request is its start, the best point so far, and it is
/// answered with the value already measured there. Refuses a constrained problem unless told to ignore the
/// constraints (BOBYQA cannot honour them). The state (both phases) is `Codable`; the BOBYQA phase resumes by
/// replay (``NLoptOptimizer``).
public struct BayesianThenLocal: Optimizer {
    public var displayName: String { Self.displayName }
    public var capabilities: OptimizerCapabilities { Self.capabilities }
    public static let displayName = "Bayesian optimisation, then BOBYQA"
    public static let capabilities = OptimizerCapabilities(
        handlesConstraints: false, handlesNoise: false, maximumBatchSize: 1)

    public let problem: OptimizationProblem
    public let options: BayesianThenLocalOptions
    public private(set) var progress = OptimizationProgress()

    /// Which phase runs.
    enum Phase: Sendable, Codable {
        case bayesian(BayesianOptimizer)
        case local(NLoptOptimizer)
    }

    private(set) var phase: Phase
    private let ignoreConstraints: Bool

    /// - Parameters:
    ///   - bayesian: the Bayesian phase's settings.
    ///   - seed: seeds the Bayesian phase (BOBYQA is deterministic).
    /// - Throws: ``OptimizerError`` for an unusable problem or options, or constraints without
    ///   `ignoreConstraints`.
    public init(
        problem: OptimizationProblem, options: BayesianThenLocalOptions = BayesianThenLocalOptions(),
        bayesian: BayesianOptions = BayesianOptions(), ignoreConstraints: Bool = false, seed: UInt64
    ) throws(OptimizerError) {
        try Self.admit(problem, name: Self.displayName, capabilities: Self.capabilities,
                       ignoreConstraints: ignoreConstraints)
        guard options.bayesianEvaluations >= 1 else {
            throw .invalidOptions(["bayesian_evaluations must be at least 1, got \(options.bayesianEvaluations)"])
        }
        // Check BOBYQA's settings now rather than at the hand-over.
        _ = try NLoptOptimizer(method: .bobyqa, problem: problem, options: options.bobyqa, ignoreConstraints: true)
        self.problem = problem
        self.options = options
        self.ignoreConstraints = ignoreConstraints
        phase = .bayesian(try BayesianOptimizer(problem: problem, options: bayesian, seed: seed))
    }

    public mutating func suggest(_ count: Int) throws -> [[Double]] {
        try checkBatch(count)
        try handOverIfDue()
        switch phase {
        case .bayesian(var optimizer):
            defer { phase = .bayesian(optimizer) }
            return try optimizer.suggest(1)
        case .local(var optimizer):
            defer { phase = .local(optimizer) }
            return try optimizer.suggest(1)
        }
    }

    public mutating func ingest(_ evaluations: [EvaluatedPoint]) throws {
        try checkEvaluations(evaluations)
        for point in evaluations {
            try handOverIfDue()
            progress.record(point, constraints: problem.constraints)
            switch phase {
            case .bayesian(var optimizer):
                defer { phase = .bayesian(optimizer) }
                try optimizer.ingest([point])
            case .local(var optimizer):
                defer { phase = .local(optimizer) }
                try optimizer.ingest([point])
                progress.convergence = optimizer.progress.convergence
            }
        }
    }

    /// After the Bayesian phase's evaluations, BOBYQA from the best feasible point, told its value.
    private mutating func handOverIfDue() throws {
        guard case .bayesian = phase, progress.evaluationCount >= options.bayesianEvaluations else { return }
        let centre = zip(problem.space.low, problem.space.high).map { ($0 + $1) / 2 }
        var start = problem
        start.initialPoint = problem.space.clip(progress.best?.parameters ?? problem.initialPoint ?? centre)
        var local = try NLoptOptimizer(method: .bobyqa, problem: start, options: options.bobyqa,
                                       ignoreConstraints: ignoreConstraints)
        if let best = progress.best {
            try local.ingest([best])
        }
        phase = .local(local)
    }
}
