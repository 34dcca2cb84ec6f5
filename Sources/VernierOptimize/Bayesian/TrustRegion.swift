import Foundation

/// Settings of the TuRBO-1 trust region (Eriksson, Pearce, Gardner, Turner & Poloczek 2019), in unit-cube
/// lengths. Defaults are the paper's.
public struct TrustRegionSettings: Sendable, Hashable, Codable {
    /// Side length at the start of a run from a space-filling design and after a restart; default 0.8.
    public var initialLength = 0.8
    /// Side length when the run starts from the machine's current point alone (the default design when the
    /// problem has an initial point; see ``BayesianOptions/initialDesignSize``); default 0.2. TuRBO's 0.8
    /// suits a region centred on the best of a design spread over the whole box; around a working machine's
    /// setting it sends the first moves across most of the range. On the AWAKE line (10 correctors, 100
    /// scenarios) the median (90th percentile) evaluations to 1 mm RMS were 7.5 (19) with 0.8, 5 (18) with
    /// 0.4, 5 (16) with 0.2 and 7 (16) with 0.1; 0.2 keeps the first move within a tenth of each range.
    public var initialLengthFromCurrentPoint = 0.2
    /// Below this the region has collapsed and restarts; default 2⁻⁷.
    public var minimumLength = 0.5 * 0.5 * 0.5 * 0.5 * 0.5 * 0.5 * 0.5
    /// Largest side length; default 1.6.
    public var maximumLength = 1.6
    /// Consecutive improving batches that double the length; default 3.
    public var successTolerance = 3
    /// Consecutive non-improving batches that halve it; `nil` = max(4, d) (the paper's, for batch size 1).
    public var failureTolerance: Int?
    /// Upper bound on GP lengthscales while the trust region is on (unit-cube units); default 2, TuRBO's.
    /// Without it, a parameter the local data happen not to vary gets an unbounded lengthscale, the region
    /// stretches along it to the whole range, the acquisition ignores it, and it stays stuck (seen on the
    /// 10-D quadratic: stuck at 1.05 after 100 evaluations without the cap, 0.001 with it).
    public var maximumLengthscale = 2.0

    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case initialLength = "initial_length"
        case initialLengthFromCurrentPoint = "initial_length_from_current_point"
        case minimumLength = "minimum_length"
        case maximumLength = "maximum_length"
        case successTolerance = "success_tolerance"
        case failureTolerance = "failure_tolerance"
        case maximumLengthscale = "maximum_lengthscale"
    }

    /// Every key is optional; unknown keys are refused.
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.allCases.map(\.rawValue))
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = TrustRegionSettings()
        initialLength = try container.decode(.initialLength, default: defaults.initialLength)
        initialLengthFromCurrentPoint = try container.decode(
            .initialLengthFromCurrentPoint, default: defaults.initialLengthFromCurrentPoint)
        minimumLength = try container.decode(.minimumLength, default: defaults.minimumLength)
        maximumLength = try container.decode(.maximumLength, default: defaults.maximumLength)
        successTolerance = try container.decode(.successTolerance, default: defaults.successTolerance)
        failureTolerance = try container.decodeIfPresent(Int.self, forKey: .failureTolerance)
        maximumLengthscale = try container.decode(.maximumLengthscale, default: defaults.maximumLengthscale)
    }

    func problems() -> [String] {
        var found: [String] = []
        if !(minimumLength > 0 && minimumLength <= initialLength && initialLength <= maximumLength) {
            found.append("trust region lengths must satisfy 0 < minimum ≤ initial ≤ maximum")
        }
        if !(minimumLength <= initialLengthFromCurrentPoint && initialLengthFromCurrentPoint <= maximumLength) {
            found.append("trust region lengths must satisfy minimum ≤ initial from current point ≤ maximum")
        }
        if successTolerance < 1 { found.append("trust region successTolerance must be ≥ 1") }
        if let failureTolerance, failureTolerance < 1 { found.append("trust region failureTolerance must be ≥ 1") }
        if !(maximumLengthscale > 0) { found.append("trust region maximumLengthscale must be > 0") }
        return found
    }
}

/// The state of a TuRBO-1 trust region: a box around the best point, stretched by the GP's lengthscales,
/// that doubles after `successTolerance` improving steps in a row, halves after `failureTolerance` failing
/// ones, and restarts (fresh design, fresh local data) when it collapses below the minimum length.
struct TrustRegion: Sendable, Hashable, Codable {
    /// Current side length (unit-cube units, before the lengthscale stretch).
    var length: Double
    var successCount = 0
    var failureCount = 0
    /// Restarts so far.
    var restarts = 0
    /// Index of the first observation that belongs to the current region's run (TuRBO discards the data
    /// of earlier runs from its local GP).
    var firstObservation = 0
    /// The best objective of the current run (physical units), +∞ before any.
    var bestValue = Double.infinity

    /// A region at its initial length: ``TrustRegionSettings/initialLengthFromCurrentPoint`` for a run that
    /// starts from the machine's current point alone, else ``TrustRegionSettings/initialLength``.
    init(settings: TrustRegionSettings, fromCurrentPoint: Bool = false) {
        length = fromCurrentPoint ? settings.initialLengthFromCurrentPoint : settings.initialLength
    }

    /// Folds in the best value of one batch of new feasible results; returns `true` when the region has
    /// collapsed and must restart.
    mutating func update(batchBest: Double, settings: TrustRegionSettings, dimension: Int) -> Bool {
        // An improvement must beat the old best by 10⁻³ of its magnitude (TuRBO's criterion).
        if batchBest.isFinite, bestValue == .infinity || batchBest < bestValue - 1e-3 * abs(bestValue) {
            successCount += 1
            failureCount = 0
        } else {
            successCount = 0
            failureCount += 1
        }
        bestValue = min(bestValue, batchBest)
        if successCount >= settings.successTolerance {
            length = min(2 * length, settings.maximumLength)
            successCount = 0
        } else if failureCount >= (settings.failureTolerance ?? max(4, dimension)) {
            length /= 2
            failureCount = 0
        }
        return length < settings.minimumLength
    }

    /// Starts a new run from observation `index` on.
    mutating func restart(at index: Int, settings: TrustRegionSettings) {
        length = settings.initialLength
        successCount = 0
        failureCount = 0
        restarts += 1
        firstObservation = index
        bestValue = .infinity
    }

    /// The region's bounds in the unit cube around `centre`: side `length · wₖ` per axis with
    /// `wₖ = ℓₖ / (∏ℓ)^{1/d}` (volume kept at lengthᵈ), clipped to the cube.
    func bounds(centre: [Double], lengthscales: [Double]) -> (lower: [Double], upper: [Double]) {
        let d = centre.count
        let logMean = lengthscales.reduce(0) { $0 + log($1) } / Double(d)
        var lower = centre
        var upper = centre
        for k in 0..<d {
            let weight = exp(log(lengthscales[k]) - logMean)
            lower[k] = max(centre[k] - weight * length / 2, 0)
            upper[k] = min(centre[k] + weight * length / 2, 1)
        }
        return (lower, upper)
    }
}
