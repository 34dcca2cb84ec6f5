import Foundation
import VernierCore
import VernierMath

/// Bayesian optimisation with a Gaussian process: sample-efficient tuning of expensive, possibly noisy,
/// possibly constrained objectives — the default for tuning a beamline or an amplifier.
///
/// Each step, in the unit cube of the problem's box:
/// 1. fit a GP (Matérn-5/2, ARD; ``GaussianProcess``) to the standardised objective, and one per constraint,
///    with hyperparameters at the maximum of the marginal likelihood times weak priors (``GPPrior``),
///    multi-start and warm-started from the previous fit (``HyperparameterFit``);
/// 2. maximise the acquisition (log-EI or UCB, plus log probability of feasibility per constraint;
///    ``AcquisitionSurface``) over the search box — the unit cube, intersected with the trust region (TuRBO-1,
///    by default from 10 dimensions on) and with the travel box around the machine's current point — by
///    multi-start projected quasi-Newton from the best of many random candidates and perturbations of the
///    best points.
///
/// The run starts with a Latin hypercube design (``BayesianOptions/initialDesignSize`` points, the first
/// being the machine's current point when the problem has one) — or, in trust-region mode with the machine's
/// current point known, from that point alone: the trust region starts small around it
/// (``TrustRegionSettings/initialLengthFromCurrentPoint``) and, until a GP can be fitted, samples there
/// rather than anywhere in the box. A batch (`suggest(n > 1)`, or suggestions
/// made while earlier ones await evaluation) is chosen sequentially with fantasised results (Kriging
/// believer or constant liar).
///
/// A non-finite objective (a failed measurement) enters the GP as the worst value seen, steering the search
/// away from where it happened; it never becomes the best point.
///
/// **Level-set seed.** When the problem declares a level set (``OptimizationProblem/levelSet``: a constraint
/// one parameter drives monotonically up to an instability, e.g. a JPA's gain and its pump power) and
/// ``BayesianOptions/levelSetSeed`` is on (the default), the run starts from a feasible point instead of a
/// space-filling design: a ``ContourSearch`` (placement readings, then the drive bracketed up to the level from
/// below) runs until it ends, normally on its first feasible reading, and the GP then takes over with every
/// reading made so far (the seed is the incumbent to improve on). From the first unstable reading on, no point
/// is suggested with the drive more than the contour options' `instability_margin` above the lowest drive
/// seen unstable (``driveCeiling``). A thin feasible band that a space-filling design would miss is then
/// found in about ten readings. One point per ``suggest(_:)`` while the seed runs.
public struct BayesianOptimizer: Optimizer {
    public var displayName: String { Self.displayName }
    public var capabilities: OptimizerCapabilities { Self.capabilities }
    public static let displayName = "Bayesian optimisation"
    public static let capabilities = OptimizerCapabilities(
        handlesConstraints: true, handlesNoise: true, maximumBatchSize: 64)

    public let problem: OptimizationProblem
    public let options: BayesianOptions
    public private(set) var progress = OptimizationProgress()
    /// Whether the TuRBO trust region is used for this problem.
    public let usesTrustRegion: Bool
    /// Every evaluation ingested, in order.
    public private(set) var observations: [EvaluatedPoint] = []
    /// Points suggested whose evaluations have not been ingested yet (physical units).
    public private(set) var pending: [[Double]] = []
    /// Hyperparameters of the last objective fit (the warm start of the next).
    public private(set) var objectiveHyperparameters: GPHyperparameters?
    /// Hyperparameters of the last fit of each constraint's GP.
    public private(set) var constraintHyperparameters: [GPHyperparameters?]
    /// The stability classifier's hyperparameters (a level set with an instability flag), warm start of the next fit.
    public private(set) var stabilityHyperparameters: GPHyperparameters?
    /// The trust region, when used.
    private(set) var trustRegion: TrustRegion?
    /// Design points (unit cube) still to be suggested.
    private var designQueue: [[Double]] = []
    /// The machine's current point as far as the optimiser knows: the last point suggested or ingested.
    private var currentPoint: [Double]?
    private var generator: SeededGenerator
    private let cube: UnitCube
    /// The contour search that finds the level-set seed, while it runs (see the type's description).
    var seedSearch: ContourSearch?
    /// With the level-set seed: how far above the lowest drive seen unstable a suggestion may go (drive units);
    /// `nil` without a seed (no ceiling).
    var instabilityMargin: Double?
    /// The lowest drive at which the plant was seen unstable (with the level-set seed).
    public internal(set) var lowestUnstableDrive: Double?

    /// A Bayesian optimisation run on `problem`, seeded by `seed` (design, hyperparameter starts and
    /// acquisition candidates all draw from one generator, saved with the state).
    ///
    /// - Parameter contour: the level-set seed's settings (used only with a declared level set and
    ///   ``BayesianOptions/levelSetSeed``).
    /// - Throws: ``OptimizerError`` for an unusable problem or options, `maxTravel` without an initial point, or
    ///   a declared level set the contour search refuses (fix the declaration, or set `level_set_seed: false`).
    public init(problem: OptimizationProblem, options: BayesianOptions = BayesianOptions(), seed: UInt64,
                contour: ContourSearchOptions = ContourSearchOptions())
        throws(OptimizerError)
    {
        try Self.admit(
            problem, name: Self.displayName, capabilities: Self.capabilities, ignoreConstraints: false)
        let problems = options.problems(dimension: problem.dimension)
        guard problems.isEmpty else { throw .invalidOptions(problems) }
        if options.maxTravel != nil, problem.initialPoint == nil {
            throw .missingInitialPoint(optimizer: "Bayesian optimisation with maxTravel")
        }
        self.problem = problem
        self.options = options
        self.cube = UnitCube(problem.space)
        self.generator = SeededGenerator(seed: seed)
        self.constraintHyperparameters = Array(repeating: nil, count: problem.constraints.count)
        switch options.trustRegion {
        case .always: usesTrustRegion = true
        case .never: usesTrustRegion = false
        case .automatic: usesTrustRegion = problem.dimension >= 10
        }
        let localStart = Self.startsFromCurrentPoint(problem: problem, options: options, trustRegion: usesTrustRegion)
        trustRegion = usesTrustRegion
            ? TrustRegion(settings: options.trustRegionSettings, fromCurrentPoint: localStart) : nil
        currentPoint = problem.initialPoint
        designQueue = makeDesign(includingInitialPoint: options.startFromInitialPoint)
        if options.levelSetSeed, problem.levelSet != nil {
            seedSearch = try ContourSearch(problem: problem, options: contour)
            instabilityMargin = contour.instabilityMargin
        }
    }

    /// Whether the first run is a local trust-region search from the machine's current point: the trust
    /// region is on, the problem has an initial point, the run starts there, and the design is that point alone.
    static func startsFromCurrentPoint(problem: OptimizationProblem, options: BayesianOptions, trustRegion: Bool)
        -> Bool
    {
        trustRegion && options.startFromInitialPoint && problem.initialPoint != nil
            && options.designSize(dimension: problem.dimension, fromCurrentPoint: true) == 1
    }

    /// The design size of the trust region's current run (or of the run, without a trust region).
    private var runDesignSize: Int {
        let firstRun = (trustRegion?.restarts ?? 0) == 0
        let local = firstRun && Self.startsFromCurrentPoint(problem: problem, options: options, trustRegion: usesTrustRegion)
        return options.designSize(dimension: problem.dimension, fromCurrentPoint: local)
    }

    /// A design of ``runDesignSize`` unit-cube points, led by the initial point if asked.
    private mutating func makeDesign(includingInitialPoint: Bool) -> [[Double]] {
        let size = runDesignSize
        var design: [[Double]] = []
        if includingInitialPoint, let initialPoint = problem.initialPoint {
            design.append(cube.toUnit(initialPoint))
        }
        design += LatinHypercube.sample(
            count: size - design.count, dimension: problem.dimension, using: &generator)
        return design
    }

    /// Forgets the design points not yet suggested (the level-set seed's readings replace them).
    mutating func dropDesign() {
        designQueue = []
    }

    // MARK: - Ask

    public mutating func suggest(_ count: Int) throws -> [[Double]] {
        try checkBatch(count)
        if let seedPoint = try nextSeedPoint(count) { return [seedPoint] }
        var batch: [[Double]] = []
        var model: FittedModels?
        while batch.count < count {
            let unit: [Double]
            if !designQueue.isEmpty {
                unit = clampToTravel(designQueue.removeFirst())
            } else {
                if model == nil { model = fitModels() }
                if let fitted = model {
                    unit = nextPoint(using: fitted)
                } else {
                    // Too little usable data for a GP yet (one point, or all pending or failed): sample the
                    // search box — with a trust region, the region around the best point so far (or the
                    // machine's current point), not the whole box.
                    let centre = trustRegion == nil ? nil : localCentre()
                    let (lower, upper) = searchBox(
                        centre: centre, lengthscales: centre.map { _ in Array(repeating: 1, count: problem.dimension) })
                    unit = (0..<problem.dimension).map { lower[$0] + (upper[$0] - lower[$0]) * generator.nextUnit() }
                }
            }
            let point = belowDriveCeiling(cube.toPhysical(unit))
            batch.append(point)
            pending.append(point)
            currentPoint = point
        }
        return batch
    }

    /// The GPs fitted to the data of the current run (all data, or the trust region's run).
    struct FittedModels {
        /// Unit-cube inputs of the data, row-major.
        var inputs: [Double]
        var objective: GaussianProcess
        var objectiveMean: Double
        var objectiveScale: Double
        var constraints: [AcquisitionSurface.ConstraintModel]
        /// Standardised constraint transforms (mean, scale) per constraint.
        var constraintScaling: [(mean: Double, scale: Double)]
        /// The best feasible data point (unit cube) and its standardised fitted mean.
        var incumbent: (point: [Double], value: Double)?
        /// Indices of data points sorted best first (feasible before infeasible).
        var ranking: [Int]
    }

    /// The GP prior in use: the configured one, with lengthscales capped at the trust region's maximum when
    /// the trust region is on.
    private var effectivePrior: GPPrior {
        var prior = options.prior
        if usesTrustRegion {
            let cap = options.trustRegionSettings.maximumLengthscale
            prior.lengthscaleBounds.upper = min(prior.lengthscaleBounds.upper, cap)
            prior.lengthscaleBounds.lower = min(prior.lengthscaleBounds.lower, cap)
        }
        return prior
    }

    /// Fits the objective and constraint GPs, or `nil` with fewer than two usable evaluations.
    private mutating func fitModels() -> FittedModels? {
        let first = trustRegion?.firstObservation ?? 0
        let data = Array(observations[first...])
        let finiteObjectives = data.map(\.objective).filter(\.isFinite)
        guard data.count >= 2, let worst = finiteObjectives.max() else { return nil }
        let d = problem.dimension
        let inputs = data.flatMap { cube.toUnit($0.parameters) }
        let raw = data.map { $0.objective.isFinite ? $0.objective : worst }
        let (mean, scale) = Self.standardization(raw)
        let targets = raw.map { ($0 - mean) / scale }
        let settings = HyperparameterFit.Settings(
            screened: options.hyperparameterScreenedStarts, refined: options.hyperparameterRefinedStarts,
            maxIterations: options.hyperparameterIterations, switchMargin: options.hyperparameterSwitchMargin,
            warmOnlyFrom: options.hyperparameterWarmStartOnlyFrom)

        let prior = effectivePrior
        let likelihood = MarginalLikelihood(inputs: inputs, targets: targets, dimension: d, prior: prior)
        let hyperparameters = HyperparameterFit.fit(
            likelihood, prior: prior, warmStart: objectiveHyperparameters, settings: settings,
            generator: &generator)
        guard let objective = try? GaussianProcess(likelihood: likelihood, inputs: inputs,
                                                   hyperparameters: hyperparameters)
        else { return nil }
        objectiveHyperparameters = hyperparameters

        var constraints: [AcquisitionSurface.ConstraintModel] = []
        var scaling: [(mean: Double, scale: Double)] = []
        // A constraint the plant declares driven up to an instability (``LevelSetStructure``) is modelled where it
        // is smooth — on the stable readings only — and the instability apart, as a classification (below).
        let stable = Self.stabilityLabels(data, problem: problem)
        for (index, constraint) in problem.constraints.enumerated() {
            var inputs = inputs
            var values = Self.imputed(data.map { $0.evaluation.constraints[index] }, for: constraint)
            if let stable, index == stable.constraintIndex, stable.labels.filter({ $0 }).count >= 2 {
                let kept = data.indices.filter { stable.labels[$0] }
                inputs = kept.flatMap { cube.toUnit(data[$0].parameters) }
                values = kept.map { values[$0] }
            }
            let (cMean, cScale) = Self.standardization(values)
            let cTargets = values.map { ($0 - cMean) / cScale }
            let cLikelihood = MarginalLikelihood(inputs: inputs, targets: cTargets, dimension: d, prior: prior)
            let cHyper = HyperparameterFit.fit(
                cLikelihood, prior: prior, warmStart: constraintHyperparameters[index], settings: settings,
                generator: &generator)
            guard let process = try? GaussianProcess(likelihood: cLikelihood, inputs: inputs, hyperparameters: cHyper)
            else { return nil }
            constraintHyperparameters[index] = cHyper
            constraints.append(.init(
                process: process, lower: (constraint.lowerBound - cMean) / cScale,
                upper: (constraint.upperBound - cMean) / cScale))
            scaling.append((cMean, cScale))
        }
        if let stable, stable.labels.contains(false), stable.labels.contains(true) {
            // Stability as a least-squares classifier: +1 stable, −1 unstable; feasible needs P(label ≥ 0).
            let labels = stable.labels.map { $0 ? 1.0 : -1.0 }
            let sLikelihood = MarginalLikelihood(inputs: inputs, targets: labels, dimension: d, prior: prior)
            let sHyper = HyperparameterFit.fit(
                sLikelihood, prior: prior, warmStart: stabilityHyperparameters, settings: settings, generator: &generator)
            if let process = try? GaussianProcess(likelihood: sLikelihood, inputs: inputs, hyperparameters: sHyper) {
                stabilityHyperparameters = sHyper
                constraints.append(.init(process: process, lower: 0, upper: .infinity))
                scaling.append((0, 1))
            }
        }

        // Incumbent: the lowest fitted (denoised) mean among feasible evaluations — robust to a lucky noisy
        // reading, equal to the observed best on a noiseless machine.
        let fitted = objective.fittedMeans
        let feasible = data.indices.filter {
            data[$0].objective.isFinite && data[$0].evaluation.isFeasible(under: problem.constraints)
        }
        let incumbentIndex = feasible.min { fitted[$0] < fitted[$1] || (fitted[$0] == fitted[$1] && $0 < $1) }
        let ranking = data.indices.sorted { lhs, rhs in
            let (lf, rf) = (feasible.contains(lhs), feasible.contains(rhs))
            if lf != rf { return lf }
            return fitted[lhs] < fitted[rhs] || (fitted[lhs] == fitted[rhs] && lhs < rhs)
        }
        return FittedModels(
            inputs: inputs, objective: objective, objectiveMean: mean, objectiveScale: scale,
            constraints: constraints, constraintScaling: scaling,
            incumbent: incumbentIndex.map { (Array(inputs[($0 * d)..<(($0 + 1) * d)]), fitted[$0]) },
            ranking: ranking)
    }

    /// The next point given the fitted models and the pending points (fantasised as the batch strategy says).
    private mutating func nextPoint(using fitted: FittedModels) -> [Double] {
        let d = problem.dimension
        var objective = fitted.objective
        var constraints = fitted.constraints
        if !pending.isEmpty {
            // Fantasise results at the pending points and condition copies of the GPs on them.
            let fantasies = pending.map { cube.toUnit($0) }
            var objectiveTargets = objective.targets
            let lie = fitted.incumbent?.value ?? (objective.targets.min() ?? 0)
            for point in fantasies {
                switch options.batchStrategy {
                case .krigingBeliever: objectiveTargets.append(fitted.objective.predict(point).mean)
                case .constantLiar: objectiveTargets.append(lie)
                }
            }
            let inputs = fitted.inputs + fantasies.flatMap { $0 }
            if let conditioned = try? GaussianProcess(
                likelihood: MarginalLikelihood(inputs: inputs, targets: objectiveTargets, dimension: d,
                                               prior: effectivePrior),
                inputs: inputs, hyperparameters: fitted.objective.hyperparameters) {
                objective = conditioned
            }
            for index in constraints.indices {
                let base = fitted.constraints[index].process
                let targets = base.targets + fantasies.map { base.predict($0).mean }
                // Each constraint model has its own data (a censored one only the stable readings).
                let baseInputs = base.inputs + fantasies.flatMap { $0 }
                if let conditioned = try? GaussianProcess(
                    likelihood: MarginalLikelihood(inputs: baseInputs, targets: targets, dimension: d, prior: effectivePrior),
                    inputs: baseInputs, hyperparameters: base.hyperparameters) {
                    constraints[index].process = conditioned
                }
            }
        }
        var surface = AcquisitionSurface(
            objective: objective, constraints: constraints, criterion: options.acquisition,
            incumbent: fitted.incumbent?.value)
        let centre = fitted.incumbent?.point
            ?? fitted.ranking.first.map { Array(fitted.inputs[($0 * d)..<(($0 + 1) * d)]) }
        let (lower, upper) = searchBox(centre: centre, lengthscales: fitted.objective.hyperparameters.lengthscales)
        let anchors = fitted.ranking.prefix(5).map { Array(fitted.inputs[($0 * d)..<(($0 + 1) * d)]) }
        return maximize(&surface, lower: lower, upper: upper, anchors: anchors)
    }

    /// Multi-start maximisation of the acquisition over `[lower, upper]`: score random candidates and
    /// Gaussian perturbations of the `anchors` (the best points) in one batch, then refine the best few with
    /// projected quasi-Newton on the analytic gradient.
    private mutating func maximize(
        _ surface: inout AcquisitionSurface, lower: [Double], upper: [Double], anchors: [[Double]]
    ) -> [Double] {
        let d = problem.dimension
        let rawCount = options.acquisitionRawSamples
        let perturbedCount = anchors.isEmpty ? 0 : rawCount / 4
        var candidates = Array(repeating: 0.0, count: rawCount * d)
        for row in 0..<rawCount {
            if row < perturbedCount {
                let anchor = anchors[row % anchors.count]
                // Perturb a random subset of coordinates (TuRBO: each with probability min(1, 20/d)).
                let probability = min(1, 20 / Double(d))
                var perturbedAny = false
                for k in 0..<d {
                    var value = anchor[k]
                    if generator.nextUnit() < probability || (k == d - 1 && !perturbedAny) {
                        value += 0.1 * (upper[k] - lower[k]) * generator.nextStandardNormal()
                        perturbedAny = true
                    }
                    candidates[row * d + k] = min(max(value, lower[k]), upper[k])
                }
            } else {
                for k in 0..<d {
                    candidates[row * d + k] = lower[k] + (upper[k] - lower[k]) * generator.nextUnit()
                }
            }
        }
        let scores = surface.values(points: candidates, rows: rawCount)
        let byScore: (Int, Int) -> Bool = { scores[$0] > scores[$1] || (scores[$0] == scores[$1] && $0 < $1) }
        // Starts: the best candidates of each kind in turn, so that local refinement near the incumbents
        // cannot crowd out the exploring starts (nor the reverse).
        let perturbedOrder = (0..<perturbedCount).filter { scores[$0].isFinite }.sorted(by: byScore)
        let uniformOrder = (perturbedCount..<rawCount).filter { scores[$0].isFinite }.sorted(by: byScore)
        var order: [Int] = []
        for rank in 0..<max(perturbedOrder.count, uniformOrder.count) {
            if rank < uniformOrder.count { order.append(uniformOrder[rank]) }
            if rank < perturbedOrder.count { order.append(perturbedOrder[rank]) }
            if order.count >= options.acquisitionRestarts { break }
        }
        guard !order.isEmpty else {
            return Array(candidates[0..<d])
        }
        let search = BoundedLBFGS(
            memory: 8, maxIterations: options.acquisitionIterations, gradientTolerance: 1e-7,
            relativeTolerance: 1e-10)
        let first = order.max { scores[$0] < scores[$1] } ?? order[0]
        var best: (point: [Double], value: Double) = (
            Array(candidates[(first * d)..<((first + 1) * d)]), scores[first])
        var gradient = Array(repeating: 0.0, count: d)
        for index in order.prefix(options.acquisitionRestarts) {
            let start = Array(candidates[(index * d)..<((index + 1) * d)])
            let result = search.minimize(from: start, lower: lower, upper: upper) { point, negativeGradient in
                let value = surface.value(at: point, gradient: &gradient)
                for k in 0..<d { negativeGradient[k] = -gradient[k] }
                return value.isNaN ? .infinity : -value
            }
            if result.value.isFinite, -result.value > best.value {
                best = (result.point, -result.value)
            }
        }
        return best.point
    }

    /// The unit-cube point a trust region centres on before a GP can be fitted: the best finite feasible
    /// evaluation of the region's run, or the machine's current point.
    private func localCentre() -> [Double]? {
        let first = trustRegion?.firstObservation ?? 0
        let best = observations[first...].filter {
            $0.objective.isFinite && $0.evaluation.isFeasible(under: problem.constraints)
        }.min { $0.objective < $1.objective }
        return (best?.parameters ?? currentPoint).map { cube.toUnit($0) }
    }

    /// The box the next point is chosen in (unit cube): the cube ∩ the trust region (if used, around
    /// `centre`) ∩ the travel box around the current point (if `maxTravel` is set). Where the trust region and
    /// the travel box do not overlap, travel wins: the operator's limit is never exceeded.
    private func searchBox(centre: [Double]?, lengthscales: [Double]?) -> (lower: [Double], upper: [Double]) {
        let d = problem.dimension
        var lower = Array(repeating: 0.0, count: d)
        var upper = Array(repeating: 1.0, count: d)
        if let region = trustRegion, let centre, let lengthscales {
            (lower, upper) = region.bounds(centre: centre, lengthscales: lengthscales)
        }
        if let (travelLower, travelUpper) = travelBox() {
            for k in 0..<d {
                let low = max(lower[k], travelLower[k])
                let high = min(upper[k], travelUpper[k])
                if low <= high {
                    (lower[k], upper[k]) = (low, high)
                } else {
                    // No overlap: the travel-box edge nearest the region.
                    let edge = upper[k] < travelLower[k] ? travelLower[k] : travelUpper[k]
                    (lower[k], upper[k]) = (edge, edge)
                }
            }
        }
        return (lower, upper)
    }

    /// The unit-cube box reachable from the current point within `maxTravel`, or `nil` without a limit.
    private func travelBox() -> (lower: [Double], upper: [Double])? {
        guard let maxTravel = options.maxTravel, let currentPoint else { return nil }
        let centre = cube.toUnit(currentPoint)
        let reach = (0..<problem.dimension).map { maxTravel[$0] / cube.width[$0] }
        return (centre.indices.map { max(centre[$0] - reach[$0], 0) },
                centre.indices.map { min(centre[$0] + reach[$0], 1) })
    }

    /// A design point moved into the travel box, if there is one.
    private func clampToTravel(_ unit: [Double]) -> [Double] {
        guard let (lower, upper) = travelBox() else { return unit }
        return unit.indices.map { min(max(unit[$0], lower[$0]), upper[$0]) }
    }

    // MARK: - Tell

    public mutating func ingest(_ evaluations: [EvaluatedPoint]) throws {
        try checkEvaluations(evaluations)
        guard !evaluations.isEmpty else { return }
        var batchBest = Double.infinity
        for point in evaluations {
            progress.record(point, constraints: problem.constraints)
            observations.append(point)
            try followSeed(point)
            if point.objective.isFinite, point.evaluation.isFeasible(under: problem.constraints) {
                batchBest = min(batchBest, point.objective)
            }
            // The pending suggestion this answers: the nearest one (the envelope may have clipped it).
            if let nearest = pending.indices.min(by: {
                Self.squaredDistance(pending[$0], point.parameters) < Self.squaredDistance(pending[$1], point.parameters)
            }) {
                pending.remove(at: nearest)
            }
        }
        if pending.isEmpty, let last = evaluations.last { currentPoint = last.parameters }
        updateTrustRegion(batchBest: batchBest)
    }

    private mutating func updateTrustRegion(batchBest: Double) {
        guard var region = trustRegion else { return }
        let runLength = observations.count - region.firstObservation
        if runLength <= runDesignSize || !designQueue.isEmpty {
            // Still the run's design: it sets the best value but does not count as success or failure.
            region.bestValue = min(region.bestValue, batchBest)
        } else if region.update(batchBest: batchBest, settings: options.trustRegionSettings,
                                dimension: problem.dimension) {
            // Collapsed: restart with a fresh design and fresh local data, as TuRBO-1 does.
            region.restart(at: observations.count, settings: options.trustRegionSettings)
            trustRegion = region
            designQueue = makeDesign(includingInitialPoint: false)
            return
        }
        trustRegion = region
    }

    // MARK: - Helpers

    /// Mean and scale (population standard deviation, or 1 when the values are all equal) for standardising.
    static func standardization(_ values: [Double]) -> (mean: Double, scale: Double) {
        let mean = values.reduce(0, +) / Double(values.count)
        let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)
        let scale = variance.squareRoot()
        return (mean, scale > 1e-12 * max(abs(mean), 1) ? scale : 1)
    }

    /// For a problem whose level set declares an instability flag: the constraint it drives, and per data point
    /// whether the plant was stable (flag absent or 0, constraint finite); `nil` otherwise.
    static func stabilityLabels(_ data: [EvaluatedPoint], problem: OptimizationProblem) -> (constraintIndex: Int, labels: [Bool])? {
        guard let levelSet = problem.levelSet, let flag = levelSet.instabilityObservable,
              let index = problem.constraints.firstIndex(where: { $0.name == levelSet.constraint }) else { return nil }
        let labels = data.map { point in
            (point.evaluation.observables[flag] ?? 0) == 0 && point.evaluation.constraints[index].isFinite
        }
        return (index, labels)
    }

    /// Constraint values with non-finite entries replaced by the finite value farthest outside the bounds
    /// (or a value one unit outside when none is finite): a failed reading counts as infeasible.
    static func imputed(_ values: [Double], for constraint: Constraint) -> [Double] {
        let finite = values.filter(\.isFinite)
        let worst = finite.max { constraint.violation(of: $0) < constraint.violation(of: $1) }
            ?? (constraint.upperBound.isFinite ? constraint.upperBound + 1
                : constraint.lowerBound.isFinite ? constraint.lowerBound - 1 : 0)
        return values.map { $0.isFinite ? $0 : worst }
    }

    static func squaredDistance(_ a: [Double], _ b: [Double]) -> Double {
        zip(a, b).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
    }
}
