import VernierCore

extension BayesianOptimizer {
    /// The seed's next point while the level-set seed runs (see the type's description), else `nil`.
    ///
    /// - Throws: ``OptimizerError/batchUnsupported(optimizer:requested:maximum:)`` for a batch while it runs
    ///   (the contour search is sequential).
    mutating func nextSeedPoint(_ count: Int) throws -> [Double]? {
        guard var search = seedSearch else { return nil }
        guard count == 1 else {
            throw OptimizerError.batchUnsupported(optimizer: "\(displayName) while its level-set seed runs",
                                                  requested: count, maximum: 1)
        }
        let point = try search.suggest(1)[0]
        seedSearch = search
        return point
    }

    /// Folds `point` into the seed search while it runs (handing over to the GP when it has ended), and
    /// notes the lowest drive seen unstable.
    mutating func followSeed(_ point: EvaluatedPoint) throws {
        if instabilityMargin != nil, let drive = driveIndex, isUnstable(point.evaluation) {
            lowestUnstableDrive = min(lowestUnstableDrive ?? point.parameters[drive], point.parameters[drive])
        }
        guard var search = seedSearch else { return }
        try search.ingest([point])
        if search.progress.convergence == nil {
            seedSearch = search
        } else {
            // The seed ended (normally on a feasible reading): the GP takes over with every reading so far,
            // so the space-filling design is not needed.
            seedSearch = nil
            dropDesign()
        }
    }

    /// The index of the level set's drive, if the problem declares one.
    var driveIndex: Int? {
        problem.levelSet.flatMap { problem.parameterNames.firstIndex(of: $0.drive) }
    }

    /// The highest drive a suggestion may have now: the lowest drive seen unstable + the margin (with the
    /// level-set seed, after an unstable reading); `nil` when unlimited.
    public var driveCeiling: Double? {
        guard let instabilityMargin, let lowestUnstableDrive else { return nil }
        return lowestUnstableDrive + instabilityMargin
    }

    /// `point` with its drive lowered to ``driveCeiling`` when above it (still inside the box).
    func belowDriveCeiling(_ point: [Double]) -> [Double] {
        guard let ceiling = driveCeiling, let drive = driveIndex, point[drive] > ceiling else { return point }
        var lowered = point
        lowered[drive] = max(ceiling, problem.space.low[drive])
        return lowered
    }

    /// Whether the plant was past the level set's monotone range at `evaluation`: the declared flag, or a
    /// non-finite value of the constraint.
    func isUnstable(_ evaluation: Evaluation) -> Bool {
        guard let levelSet = problem.levelSet,
              let index = problem.constraints.firstIndex(where: { $0.name == levelSet.constraint }) else { return false }
        if let flag = levelSet.instabilityObservable, let value = evaluation.observables[flag], value != 0, !value.isNaN {
            return true
        }
        return !evaluation.constraints[index].isFinite
    }
}
