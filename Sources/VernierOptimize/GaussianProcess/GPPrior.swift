import Foundation

/// Bounds and weak priors on the GP hyperparameters: what keeps the marginal-likelihood fit sane with few
/// points. Every prior is log-normal (a normal on the log-parameter, which is what the fit optimises).
///
/// The lengthscale prior is the dimension-scaled one of Hvarfner, Hellsten & Nardi (2024), BoTorch's default
/// since 0.12: `ℓ ~ LogNormal(√2 + ½ ln d, √3)`, so that lengthscales grow like √d and a 10-D problem is not
/// modelled as wiggly noise from 20 points. BoTorch maximises the posterior density over ℓ itself, whose
/// log-normal mode is `exp(μ − σ²)`; Vernier fits `ln ℓ`, so the same maximum a posteriori needs the normal on
/// `ln ℓ` centred at `μ − σ² = √2 + ½ ln d − 3` (the Jacobian of `ℓ = e^θ`): ℓ ≈ 0.5 in 6-D, 0.65 in 10-D.
/// Centred at μ instead (ℓ ≈ 10 in 6-D), every parameter the first few dozen points cannot resolve is
/// modelled as nearly irrelevant, is never explored, and BO stalls in a side basin: on Hartmann-6 that
/// halved the runs reaching the global basin in 50 evaluations (13 of 50 seeds against 26 of 50).
public struct GPPrior: Sendable, Hashable, Codable {
    /// A closed interval of positive values.
    public struct Interval: Sendable, Hashable, Codable {
        /// Smallest value (> 0).
        public var lower: Double
        /// Largest value (≥ lower).
        public var upper: Double

        public init(_ lower: Double, _ upper: Double) {
            self.lower = lower
            self.upper = upper
        }
    }

    /// A normal distribution on the natural logarithm of a parameter.
    public struct LogNormal: Sendable, Hashable, Codable {
        /// Mean of the log.
        public var location: Double
        /// Standard deviation of the log (> 0).
        public var scale: Double

        public init(location: Double, scale: Double) {
            self.location = location
            self.scale = scale
        }
    }

    /// Lengthscale bounds, unit-cube units; default [0.005, 100].
    public var lengthscaleBounds = Interval(0.005, 100)
    /// Signal-variance bounds, standardised units; default [0.01, 100].
    public var signalVarianceBounds = Interval(0.01, 100)
    /// Noise-variance bounds, standardised units; default [1e-6, 1] (1e-6 ≈ a noiseless simulator).
    public var noiseVarianceBounds = Interval(1e-6, 1)
    /// Width σ (sd of ln ℓ) of the lengthscale prior `ℓ ~ LogNormal(√2 + ½ ln d, σ)`; default √3. The normal
    /// on ln ℓ the fit uses is centred at √2 + ½ ln d − σ² (see the type's documentation).
    public var lengthscalePriorScale = 3.0.squareRoot()
    /// Prior on σ_f²; default ln σ_f² ~ N(0, 1.5) — about 1 after standardising.
    public var signalVariancePrior = LogNormal(location: 0, scale: 1.5)
    /// Prior on σ_n²; default ln σ_n² ~ N(ln 10⁻⁴, 3) — weak, leaning to a nearly noiseless machine.
    public var noiseVariancePrior = LogNormal(location: log(1e-4), scale: 3)

    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case lengthscaleBounds = "lengthscale_bounds"
        case signalVarianceBounds = "signal_variance_bounds"
        case noiseVarianceBounds = "noise_variance_bounds"
        case lengthscalePriorScale = "lengthscale_prior_scale"
        case signalVariancePrior = "signal_variance_prior"
        case noiseVariancePrior = "noise_variance_prior"
    }

    /// Every key is optional; unknown keys are refused.
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.allCases.map(\.rawValue))
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = GPPrior()
        lengthscaleBounds = try container.decode(.lengthscaleBounds, default: defaults.lengthscaleBounds)
        signalVarianceBounds = try container.decode(.signalVarianceBounds, default: defaults.signalVarianceBounds)
        noiseVarianceBounds = try container.decode(.noiseVarianceBounds, default: defaults.noiseVarianceBounds)
        lengthscalePriorScale = try container.decode(.lengthscalePriorScale, default: defaults.lengthscalePriorScale)
        signalVariancePrior = try container.decode(.signalVariancePrior, default: defaults.signalVariancePrior)
        noiseVariancePrior = try container.decode(.noiseVariancePrior, default: defaults.noiseVariancePrior)
    }

    /// The problems with these settings, if any.
    public func problems() -> [String] {
        var found: [String] = []
        for (name, interval) in [("lengthscale", lengthscaleBounds), ("signal variance", signalVarianceBounds),
                                 ("noise variance", noiseVarianceBounds)] {
            if !(interval.lower > 0 && interval.upper >= interval.lower && interval.upper.isFinite) {
                found.append("\(name) bounds must satisfy 0 < lower ≤ upper < ∞, got [\(interval.lower), \(interval.upper)]")
            }
        }
        if !(lengthscalePriorScale > 0) { found.append("lengthscalePriorScale must be > 0") }
        if !(signalVariancePrior.scale > 0) { found.append("signalVariancePrior.scale must be > 0") }
        if !(noiseVariancePrior.scale > 0) { found.append("noiseVariancePrior.scale must be > 0") }
        return found
    }

    /// Location of the normal prior on ln ℓ in `dimension` dimensions: `√2 + ½ ln d − σ²`, the log of the
    /// mode of BoTorch's log-normal prior on ℓ.
    func lengthscaleLocation(dimension: Int) -> Double {
        2.0.squareRoot() + 0.5 * log(Double(dimension)) - lengthscalePriorScale * lengthscalePriorScale
    }

    /// Lower and upper bounds of the packed log-parameter vector.
    func packedBounds(dimension: Int) -> (lower: [Double], upper: [Double]) {
        let lower = Array(repeating: log(lengthscaleBounds.lower), count: dimension)
            + [log(signalVarianceBounds.lower), log(noiseVarianceBounds.lower)]
        let upper = Array(repeating: log(lengthscaleBounds.upper), count: dimension)
            + [log(signalVarianceBounds.upper), log(noiseVarianceBounds.upper)]
        return (lower, upper)
    }

    /// The prior mode (clipped into the bounds), the default starting point of a fit.
    func mode(dimension: Int) -> [Double] {
        let (lower, upper) = packedBounds(dimension: dimension)
        let centre = Array(repeating: lengthscaleLocation(dimension: dimension), count: dimension)
            + [signalVariancePrior.location, noiseVariancePrior.location]
        return zip(centre, zip(lower, upper)).map { min(max($0, $1.0), $1.1) }
    }

    /// Location and scale of the normal prior on each packed log-parameter.
    func packedPrior(dimension: Int) -> (location: [Double], scale: [Double]) {
        let location = Array(repeating: lengthscaleLocation(dimension: dimension), count: dimension)
            + [signalVariancePrior.location, noiseVariancePrior.location]
        let scale = Array(repeating: lengthscalePriorScale, count: dimension)
            + [signalVariancePrior.scale, noiseVariancePrior.scale]
        return (location, scale)
    }
}
