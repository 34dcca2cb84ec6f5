/// Settings of ``BayesianOptimizer``, one line each; the defaults are what a run on a live machine should use.
public struct BayesianOptions: Sendable, Hashable, Codable {
    /// The acquisition function; default log-EI.
    public var acquisition: AcquisitionFunction = .logExpectedImprovement
    /// Points of the initial design before the GP takes over (≥ 1); `nil` = automatic: the machine's current
    /// point alone when the run starts from it with the trust region on (a local search from a working
    /// setting, see ``TrustRegionSettings/initialLengthFromCurrentPoint``), else max(d + 1, 5) Latin
    /// hypercube points. Trust-region restarts use max(d + 1, 5) unless this is set.
    public var initialDesignSize: Int?
    /// Evaluate the problem's initial point (the machine's current setting) first, as part of the design.
    public var startFromInitialPoint = true
    /// Largest move per parameter from the machine's current point to the next suggestion, physical units
    /// (> 0 each); `nil` = anywhere in the box. The current point is the last point suggested (or ingested).
    /// Needs the problem's initial point; the initial design then walks from it within these steps.
    public var maxTravel: [Double]?
    /// When to use a TuRBO-style trust region (Eriksson et al. 2019); default: from 10 dimensions on.
    public var trustRegion: TrustRegionMode = .automatic
    /// Trust-region lengths and counters (used when the trust region is on).
    public var trustRegionSettings = TrustRegionSettings()
    /// How a batch (`suggest(n > 1)`, or suggestions still awaiting evaluation) is made.
    public var batchStrategy: BatchStrategy = .krigingBeliever
    /// Bounds and priors of the GP hyperparameters.
    public var prior = GPPrior()
    /// Extra hyperparameter starts besides the prior mode — the previous fit (warm start) and draws from the
    /// prior — ranked by their likelihood value (≥ 0); default 1: the warm start.
    public var hyperparameterScreenedStarts = 1
    /// Quasi-Newton searches per fit, the one from the prior mode included (≥ 1); default 2.
    public var hyperparameterRefinedStarts = 2
    /// A search from an extra start replaces the prior-mode solution only if its negative log posterior is
    /// lower by more than this (nats, ≥ 0); default 2 (see ``HyperparameterFit``).
    public var hyperparameterSwitchMargin = 2.0
    /// From this many data points on, only the warm start is refined (≥ 1; see ``HyperparameterFit``);
    /// default 40.
    public var hyperparameterWarmStartOnlyFrom = 40
    /// Iteration limit of each hyperparameter search (≥ 1); default 60.
    public var hyperparameterIterations = 60
    /// Random candidates (plus perturbations of the best points) scored before the local search (≥ 1); default 512.
    public var acquisitionRawSamples = 512
    /// Best candidates refined by the gradient-based local search (≥ 1); default 6.
    public var acquisitionRestarts = 6
    /// Iteration limit of each acquisition local search (≥ 1); default 60.
    public var acquisitionIterations = 60
    /// On a problem that declares a level set (a constraint one parameter drives monotonically up to an
    /// instability, e.g. a JPA's gain and pump power), start from a feasible point found by the contour search
    /// (its placement readings and the bracket of the drive from below, settings from the `contour:` section)
    /// and keep the drive within the contour's `instability_margin` of the lowest drive seen unstable; default
    /// `true`. `false`: a space-filling design and no ceiling, as on any other problem.
    public var levelSetSeed = true

    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case acquisition
        case initialDesignSize = "initial_design_size"
        case startFromInitialPoint = "start_from_initial_point"
        case maxTravel = "max_travel"
        case trustRegion = "trust_region"
        case trustRegionSettings = "trust_region_settings"
        case batchStrategy = "batch_strategy"
        case prior
        case hyperparameterScreenedStarts = "hyperparameter_screened_starts"
        case hyperparameterRefinedStarts = "hyperparameter_refined_starts"
        case hyperparameterSwitchMargin = "hyperparameter_switch_margin"
        case hyperparameterWarmStartOnlyFrom = "hyperparameter_warm_start_only_from"
        case hyperparameterIterations = "hyperparameter_iterations"
        case acquisitionRawSamples = "acquisition_raw_samples"
        case acquisitionRestarts = "acquisition_restarts"
        case acquisitionIterations = "acquisition_iterations"
        case levelSetSeed = "level_set_seed"
    }

    /// Every key is optional (missing keys keep their defaults); unknown keys are refused.
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.allCases.map(\.rawValue))
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = BayesianOptions()
        acquisition = try container.decode(.acquisition, default: defaults.acquisition)
        initialDesignSize = try container.decodeIfPresent(Int.self, forKey: .initialDesignSize)
        startFromInitialPoint = try container.decode(.startFromInitialPoint, default: defaults.startFromInitialPoint)
        maxTravel = try container.decodeIfPresent([Double].self, forKey: .maxTravel)
        trustRegion = try container.decode(.trustRegion, default: defaults.trustRegion)
        trustRegionSettings = try container.decode(.trustRegionSettings, default: defaults.trustRegionSettings)
        batchStrategy = try container.decode(.batchStrategy, default: defaults.batchStrategy)
        prior = try container.decode(.prior, default: defaults.prior)
        hyperparameterScreenedStarts = try container.decode(
            .hyperparameterScreenedStarts, default: defaults.hyperparameterScreenedStarts)
        hyperparameterRefinedStarts = try container.decode(
            .hyperparameterRefinedStarts, default: defaults.hyperparameterRefinedStarts)
        hyperparameterSwitchMargin = try container.decode(
            .hyperparameterSwitchMargin, default: defaults.hyperparameterSwitchMargin)
        hyperparameterWarmStartOnlyFrom = try container.decode(
            .hyperparameterWarmStartOnlyFrom, default: defaults.hyperparameterWarmStartOnlyFrom)
        hyperparameterIterations = try container.decode(
            .hyperparameterIterations, default: defaults.hyperparameterIterations)
        acquisitionRawSamples = try container.decode(.acquisitionRawSamples, default: defaults.acquisitionRawSamples)
        acquisitionRestarts = try container.decode(.acquisitionRestarts, default: defaults.acquisitionRestarts)
        acquisitionIterations = try container.decode(.acquisitionIterations, default: defaults.acquisitionIterations)
        levelSetSeed = try container.decode(.levelSetSeed, default: defaults.levelSetSeed)
    }

    /// When the trust region is used.
    public enum TrustRegionMode: String, Sendable, Hashable, Codable, CaseIterable {
        /// From 10 dimensions on (where a global GP over the whole box stops paying off).
        case automatic
        /// Always.
        case always
        /// Never: a global GP over the whole box.
        case never
    }

    /// How points are suggested while others await evaluation.
    public enum BatchStrategy: String, Sendable, Hashable, Codable, CaseIterable {
        /// Pretend each pending point returned the GP's mean there ("Kriging believer").
        case krigingBeliever = "kriging_believer"
        /// Pretend each pending point returned the best value seen ("constant liar", CL-min).
        case constantLiar = "constant_liar"
    }

    /// Design size for a problem of `dimension` parameters: of the first run when it starts from the
    /// machine's current point with the trust region on (`fromCurrentPoint`), else of a space-filling design.
    func designSize(dimension: Int, fromCurrentPoint: Bool = false) -> Int {
        initialDesignSize ?? (fromCurrentPoint ? 1 : max(dimension + 1, 5))
    }

    /// The problems with these options for a problem of `dimension` parameters, if any.
    public func problems(dimension: Int) -> [String] {
        var found = prior.problems()
        if let size = initialDesignSize, size < 1 { found.append("initialDesignSize must be ≥ 1, got \(size)") }
        if let maxTravel {
            if maxTravel.count != dimension {
                found.append("maxTravel has \(maxTravel.count) elements, the problem \(dimension) parameters")
            } else if !maxTravel.allSatisfy({ $0 > 0 && !$0.isNaN }) {
                found.append("every maxTravel element must be > 0 (physical units)")
            }
        }
        if case .upperConfidenceBound(let kappa) = acquisition, !(kappa >= 0 && kappa.isFinite) {
            found.append("the UCB exploration weight must be finite and ≥ 0, got \(kappa)")
        }
        if hyperparameterScreenedStarts < 0 {
            found.append("hyperparameterScreenedStarts must be ≥ 0, got \(hyperparameterScreenedStarts)")
        }
        if !(hyperparameterSwitchMargin >= 0) {
            found.append("hyperparameterSwitchMargin must be ≥ 0, got \(hyperparameterSwitchMargin)")
        }
        for (name, value) in [("hyperparameterRefinedStarts", hyperparameterRefinedStarts),
                              ("hyperparameterWarmStartOnlyFrom", hyperparameterWarmStartOnlyFrom),
                              ("hyperparameterIterations", hyperparameterIterations),
                              ("acquisitionRawSamples", acquisitionRawSamples),
                              ("acquisitionRestarts", acquisitionRestarts),
                              ("acquisitionIterations", acquisitionIterations)] where value < 1 {
            found.append("\(name) must be ≥ 1, got \(value)")
        }
        found += trustRegionSettings.problems()
        return found
    }
}
