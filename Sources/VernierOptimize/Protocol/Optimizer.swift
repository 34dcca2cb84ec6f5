/// An ask/tell optimiser: it suggests points, the host evaluates them (through the safety envelope), and the
/// optimiser ingests the results.
///
/// The loop a host runs (this is all `vernier tune` does):
///
///     var optimizer = try BayesianOptimizer(problem: problem, options: options, seed: seed)
///     while stopping.stopReason(for: optimizer.progress) == nil {
///         for point in try optimizer.suggest(1) {
///             let evaluation = try envelope.evaluate(point)           // hard limits, max step, restore
///             let evaluated = EvaluatedPoint(parameters: envelope.currentPoint, evaluation: evaluation)
///             try store.record(evaluated)                              // committed before the next move
///             try optimizer.ingest([evaluated])
///             try store.checkpoint(JSONEncoder().encode(optimizer))    // resume / replay
///         }
///     }
///
/// Conformers are value types whose **whole state** is `Codable` — data, model hyperparameters, random
/// generator, simplex, trust region — so that a decoded optimiser suggests exactly what the original would
/// have: a run can be checkpointed, resumed after a crash, and replayed.
public protocol Optimizer: Sendable, Codable {
    /// Short name for logs and errors, e.g. "Bayesian optimisation".
    var displayName: String { get }
    /// What this optimiser honours (each concrete type also declares it as a `static let`, so a host can
    /// check before creating one; ``OptimizerKind/capabilities`` does the same by name).
    var capabilities: OptimizerCapabilities { get }

    /// The problem being optimised.
    var problem: OptimizationProblem { get }
    /// Evaluation count, best feasible point, convergence.
    var progress: OptimizationProgress { get }

    /// The next `count` points to evaluate, physical units, each inside the problem's space.
    ///
    /// - Parameter count: 1 … `capabilities.maximumBatchSize`.
    /// Sequential optimisers asked again before their last suggestion was ingested return that same point
    /// again (so a host resuming from a checkpoint taken between suggest and ingest loses nothing); batch
    /// optimisers treat outstanding points as pending and suggest new ones away from them.
    ///
    /// - Throws: ``OptimizerError/batchUnsupported(optimizer:requested:maximum:)`` for too large a batch.
    mutating func suggest(_ count: Int) throws -> [[Double]]

    /// Folds in evaluated points (normally the suggested ones, in order, with the parameters actually set).
    ///
    /// - Throws: ``OptimizerError/malformedEvaluation(_:)`` for a point of the wrong length or with the wrong
    ///   number of constraint values.
    mutating func ingest(_ evaluations: [EvaluatedPoint]) throws
}

extension Optimizer {
    /// Throws unless `count` is within 1 … the maximum batch size.
    func checkBatch(_ count: Int) throws(OptimizerError) {
        let maximum = capabilities.maximumBatchSize
        guard count >= 1, count <= maximum else {
            throw .batchUnsupported(optimizer: displayName, requested: count, maximum: maximum)
        }
    }

    /// Throws unless every point has the problem's dimension and one value per constraint.
    func checkEvaluations(_ evaluations: [EvaluatedPoint]) throws(OptimizerError) {
        for point in evaluations {
            guard point.parameters.count == problem.dimension else {
                throw .malformedEvaluation(
                    "a point has \(point.parameters.count) parameters, the problem \(problem.dimension)")
            }
            guard point.evaluation.constraints.count == problem.constraints.count else {
                throw .malformedEvaluation(
                    "an evaluation has \(point.evaluation.constraints.count) constraint values, the problem "
                        + "\(problem.constraints.count) constraints")
            }
        }
    }

    /// Validates `problem` and refuses constraints an optimiser cannot honour unless told to ignore them.
    static func admit(
        _ problem: OptimizationProblem, name: String, capabilities: OptimizerCapabilities, ignoreConstraints: Bool
    ) throws(OptimizerError) {
        try problem.validate()
        if !capabilities.handlesConstraints, !problem.constraints.isEmpty, !ignoreConstraints {
            throw .constraintsUnsupported(optimizer: name, constraints: problem.constraints.map(\.name))
        }
    }
}
