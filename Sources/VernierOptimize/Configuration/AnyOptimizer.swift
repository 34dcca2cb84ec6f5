import Foundation

/// Any of Vernier's optimisers behind one `Codable` value: what `vernier tune` creates from `--optimizer`,
/// drives through the ``Optimizer`` protocol, and checkpoints into the run store (the case name is part of
/// the encoding, so a checkpoint decodes back into the right optimiser).
public enum AnyOptimizer: Optimizer {
    case bayesian(BayesianOptimizer)
    case nelderMead(NelderMead)
    case extremumSeeking(ExtremumSeeking)
    case random(RandomSearch)
    case latinHypercube(LatinHypercubeSearch)
    case contour(ContourSearch)
    case nlopt(NLoptOptimizer)
    case rcds(RCDS)
    case powell(Powell)
    case leastSquares(DerivativeFreeLeastSquares)
    case bayesianThenLocal(BayesianThenLocal)

    /// A new optimiser of `kind` for `problem`, with that kind's section of `configuration`.
    ///
    /// - Parameter seed: seeds every random choice (design, restarts, candidates); optimisers without
    ///   randomness (Nelder–Mead, extremum seeking) ignore it.
    /// - Throws: ``OptimizerError`` — invalid problem or options, constraints an optimiser cannot honour
    ///   (unless `configuration.ignoreConstraints`), `maxTravel` without an initial point.
    public init(
        kind: OptimizerKind, problem: OptimizationProblem,
        configuration: OptimizerConfiguration = OptimizerConfiguration(), seed: UInt64
    ) throws(OptimizerError) {
        switch kind {
        case .bayesian:
            self = .bayesian(try BayesianOptimizer(problem: problem, options: configuration.bayesian, seed: seed,
                                                   contour: configuration.contour))
        case .nelderMead:
            self = .nelderMead(try NelderMead(
                problem: problem, options: configuration.nelderMead,
                ignoreConstraints: configuration.ignoreConstraints))
        case .extremumSeeking:
            self = .extremumSeeking(try ExtremumSeeking(
                problem: problem, options: configuration.extremumSeeking,
                ignoreConstraints: configuration.ignoreConstraints))
        case .random:
            self = .random(try RandomSearch(problem: problem, seed: seed))
        case .latinHypercube:
            self = .latinHypercube(try LatinHypercubeSearch(
                problem: problem, options: configuration.latinHypercube, seed: seed))
        case .contour:
            self = .contour(try ContourSearch(problem: problem, options: configuration.contour))
        case .powell:
            self = .powell(try Powell(
                problem: problem, options: configuration.powell, ignoreConstraints: configuration.ignoreConstraints))
        case .bobyqa, .cobyla, .newuoa, .sbplx, .praxis:
            let method = kind.nloptMethod ?? .bobyqa
            self = .nlopt(try NLoptOptimizer(
                method: method, problem: problem, options: configuration.options(for: method),
                ignoreConstraints: configuration.ignoreConstraints, seed: seed))
        case .rcds:
            self = .rcds(try RCDS(
                problem: problem, options: configuration.rcds, ignoreConstraints: configuration.ignoreConstraints))
        case .leastSquares:
            self = .leastSquares(try DerivativeFreeLeastSquares(
                problem: problem, options: configuration.leastSquares,
                ignoreConstraints: configuration.ignoreConstraints))
        case .bayesianThenBOBYQA:
            self = .bayesianThenLocal(try BayesianThenLocal(
                problem: problem, options: configuration.bayesianThenBOBYQA, bayesian: configuration.bayesian,
                ignoreConstraints: configuration.ignoreConstraints, seed: seed))
        }
    }

    /// Which optimiser this is.
    public var kind: OptimizerKind {
        switch self {
        case .bayesian: .bayesian
        case .nelderMead: .nelderMead
        case .extremumSeeking: .extremumSeeking
        case .random: .random
        case .latinHypercube: .latinHypercube
        case .contour: .contour
        case .nlopt(let optimizer):
            switch optimizer.method {
            case .bobyqa: .bobyqa
            case .cobyla: .cobyla
            case .newuoa: .newuoa
            case .sbplx: .sbplx
            case .praxis: .praxis
            }
        case .rcds: .rcds
        case .powell: .powell
        case .leastSquares: .leastSquares
        case .bayesianThenLocal: .bayesianThenBOBYQA
        }
    }

    private var wrapped: any Optimizer {
        switch self {
        case .bayesian(let optimizer): optimizer
        case .nelderMead(let optimizer): optimizer
        case .extremumSeeking(let optimizer): optimizer
        case .random(let optimizer): optimizer
        case .latinHypercube(let optimizer): optimizer
        case .contour(let optimizer): optimizer
        case .nlopt(let optimizer): optimizer
        case .rcds(let optimizer): optimizer
        case .powell(let optimizer): optimizer
        case .leastSquares(let optimizer): optimizer
        case .bayesianThenLocal(let optimizer): optimizer
        }
    }

    public var displayName: String { wrapped.displayName }
    public var capabilities: OptimizerCapabilities { wrapped.capabilities }
    public var problem: OptimizationProblem { wrapped.problem }
    public var progress: OptimizationProgress { wrapped.progress }

    public mutating func suggest(_ count: Int) throws -> [[Double]] {
        switch self {
        case .bayesian(var optimizer):
            defer { self = .bayesian(optimizer) }
            return try optimizer.suggest(count)
        case .nelderMead(var optimizer):
            defer { self = .nelderMead(optimizer) }
            return try optimizer.suggest(count)
        case .extremumSeeking(var optimizer):
            defer { self = .extremumSeeking(optimizer) }
            return try optimizer.suggest(count)
        case .random(var optimizer):
            defer { self = .random(optimizer) }
            return try optimizer.suggest(count)
        case .latinHypercube(var optimizer):
            defer { self = .latinHypercube(optimizer) }
            return try optimizer.suggest(count)
        case .contour(var optimizer):
            defer { self = .contour(optimizer) }
            return try optimizer.suggest(count)
        case .nlopt(var optimizer):
            defer { self = .nlopt(optimizer) }
            return try optimizer.suggest(count)
        case .rcds(var optimizer):
            defer { self = .rcds(optimizer) }
            return try optimizer.suggest(count)
        case .powell(var optimizer):
            defer { self = .powell(optimizer) }
            return try optimizer.suggest(count)
        case .leastSquares(var optimizer):
            defer { self = .leastSquares(optimizer) }
            return try optimizer.suggest(count)
        case .bayesianThenLocal(var optimizer):
            defer { self = .bayesianThenLocal(optimizer) }
            return try optimizer.suggest(count)
        }
    }

    public mutating func ingest(_ evaluations: [EvaluatedPoint]) throws {
        switch self {
        case .bayesian(var optimizer):
            defer { self = .bayesian(optimizer) }
            try optimizer.ingest(evaluations)
        case .nelderMead(var optimizer):
            defer { self = .nelderMead(optimizer) }
            try optimizer.ingest(evaluations)
        case .extremumSeeking(var optimizer):
            defer { self = .extremumSeeking(optimizer) }
            try optimizer.ingest(evaluations)
        case .random(var optimizer):
            defer { self = .random(optimizer) }
            try optimizer.ingest(evaluations)
        case .latinHypercube(var optimizer):
            defer { self = .latinHypercube(optimizer) }
            try optimizer.ingest(evaluations)
        case .contour(var optimizer):
            defer { self = .contour(optimizer) }
            try optimizer.ingest(evaluations)
        case .nlopt(var optimizer):
            defer { self = .nlopt(optimizer) }
            try optimizer.ingest(evaluations)
        case .rcds(var optimizer):
            defer { self = .rcds(optimizer) }
            try optimizer.ingest(evaluations)
        case .powell(var optimizer):
            defer { self = .powell(optimizer) }
            try optimizer.ingest(evaluations)
        case .leastSquares(var optimizer):
            defer { self = .leastSquares(optimizer) }
            try optimizer.ingest(evaluations)
        case .bayesianThenLocal(var optimizer):
            defer { self = .bayesianThenLocal(optimizer) }
            try optimizer.ingest(evaluations)
        }
    }
}

extension AnyOptimizer {
    /// The optimiser's whole state as JSON, for the run store: decoding it with ``init(checkpoint:)`` gives an
    /// optimiser that continues exactly as this one would.
    ///
    /// Non-finite numbers (one-sided constraint bounds, "no feasible point yet" = +∞) are written as the
    /// strings `"inf"`, `"-inf"`, `"nan"`, since JSON has no such numbers; keys are sorted so that equal
    /// states give equal bytes.
    public func checkpoint() throws -> Data {
        try Self.checkpointEncoder().encode(self)
    }

    /// An optimiser restored from ``checkpoint()``'s data.
    public init(checkpoint data: Data) throws {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        self = try decoder.decode(AnyOptimizer.self, from: data)
    }

    static func checkpointEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return encoder
    }
}
