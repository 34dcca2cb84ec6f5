import Foundation

/// The acquisition function of one BO step as a function of a unit-cube point: the objective's GP, one GP per
/// constraint, the incumbent, and the chosen criterion, with value and analytic gradient (to be maximised).
///
///     log-EI:  a(x) = log EI(x) + Σⱼ log PoFⱼ(x)
///     UCB:     a(x) = κσ(x) − μ(x) + Σⱼ log PoFⱼ(x)
///
/// `PoFⱼ(x) = Φ((uⱼ − μⱼ)/σⱼ) − Φ((lⱼ − μⱼ)/σⱼ)` is the probability that constraint j's value lies in its
/// bounds (Gardner et al. 2014; Gelbart, Snoek & Adams 2014), its log added to log-EI as in BoTorch's
/// constrained log-EI. With no feasible point yet there is no incumbent, and `a(x) = Σⱼ log PoFⱼ(x)`: find
/// a feasible point first. All values are in standardised units.
struct AcquisitionSurface {
    /// A constraint's GP and its bounds in the GP's standardised units (±∞ for a one-sided constraint).
    struct ConstraintModel {
        var process: GaussianProcess
        var lower: Double
        var upper: Double
    }

    let objective: GaussianProcess
    let constraints: [ConstraintModel]
    let criterion: AcquisitionFunction
    /// The best feasible standardised objective, or `nil` while nothing feasible has been seen.
    let incumbent: Double?
    private var objectiveScratch: GaussianProcess.PosteriorScratch
    private var constraintScratch: [GaussianProcess.PosteriorScratch]

    init(objective: GaussianProcess, constraints: [ConstraintModel], criterion: AcquisitionFunction,
         incumbent: Double?) {
        self.objective = objective
        self.constraints = constraints
        self.criterion = criterion
        self.incumbent = incumbent
        objectiveScratch = .init(count: objective.count, dimension: objective.dimension)
        constraintScratch = constraints.map { .init(count: $0.process.count, dimension: $0.process.dimension) }
    }

    var dimension: Int { objective.dimension }

    /// a(x), and ∇a(x) into `gradient` (sized `dimension`).
    mutating func value(at point: [Double], gradient: inout [Double]) -> Double {
        let d = dimension
        for k in 0..<d { gradient[k] = 0 }
        var total = 0.0
        if incumbent != nil || constraints.isEmpty {
            let (mean, variance) = objective.posterior(at: point, scratch: &objectiveScratch, withGradient: true)
            let sd = variance.squareRoot()
            switch criterion {
            case .logExpectedImprovement:
                let best = incumbent ?? mean
                let z = (best - mean) / sd
                total += LogExpectedImprovement.logH(z) + log(sd)
                let slope = LogExpectedImprovement.logHDerivative(z)
                for k in 0..<d {
                    let sdGradient = objectiveScratch.varianceGradient[k] / (2 * sd)
                    let zGradient = (-objectiveScratch.meanGradient[k] - z * sdGradient) / sd
                    gradient[k] += slope * zGradient + sdGradient / sd
                }
            case .upperConfidenceBound(let kappa):
                total += kappa * sd - mean
                for k in 0..<d {
                    gradient[k] += kappa * objectiveScratch.varianceGradient[k] / (2 * sd)
                        - objectiveScratch.meanGradient[k]
                }
            }
        }
        for index in constraints.indices {
            let model = constraints[index]
            let (mean, variance) = model.process.posterior(
                at: point, scratch: &constraintScratch[index], withGradient: true)
            let sd = variance.squareRoot()
            let (logProbability, dMean, dSd) = Self.logProbabilityOfFeasibility(
                mean: mean, standardDeviation: sd, lower: model.lower, upper: model.upper)
            total += logProbability
            for k in 0..<d {
                let sdGradient = constraintScratch[index].varianceGradient[k] / (2 * sd)
                gradient[k] += dMean * constraintScratch[index].meanGradient[k] + dSd * sdGradient
            }
        }
        return total
    }

    /// a(x) at `rows` points (row-major in `points`), without gradients, using BLAS-3 for the solves.
    func values(points: [Double], rows: Int) -> [Double] {
        var block = Array(repeating: 0.0, count: rows * objective.count)
        var means = Array(repeating: 0.0, count: rows)
        var variances = Array(repeating: 0.0, count: rows)
        var result = Array(repeating: 0.0, count: rows)
        if incumbent != nil || constraints.isEmpty {
            objective.posteriorBatch(points: points, rows: rows, block: &block, means: &means, variances: &variances)
            for row in 0..<rows {
                let sd = variances[row].squareRoot()
                switch criterion {
                case .logExpectedImprovement:
                    let best = incumbent ?? means[row]
                    result[row] = LogExpectedImprovement.value(best: best, mean: means[row], standardDeviation: sd)
                case .upperConfidenceBound(let kappa):
                    result[row] = kappa * sd - means[row]
                }
            }
        }
        for model in constraints {
            if block.count < rows * model.process.count { block = Array(repeating: 0, count: rows * model.process.count) }
            model.process.posteriorBatch(points: points, rows: rows, block: &block, means: &means, variances: &variances)
            for row in 0..<rows {
                result[row] += Self.logProbabilityOfFeasibility(
                    mean: means[row], standardDeviation: variances[row].squareRoot(),
                    lower: model.lower, upper: model.upper).value
            }
        }
        return result
    }

    /// `ln P(lower ≤ c ≤ upper)` for `c ~ N(mean, sd²)`, with its derivatives in the mean and the sd.
    static func logProbabilityOfFeasibility(
        mean: Double, standardDeviation sd: Double, lower: Double, upper: Double
    ) -> (value: Double, dMean: Double, dSd: Double) {
        let a = (lower - mean) / sd
        let b = (upper - mean) / sd
        let logP: Double
        if lower == -.infinity {
            logP = StandardNormal.logCumulative(b)
        } else if upper == .infinity {
            logP = StandardNormal.logCumulative(-a)
        } else if b <= 0 {
            logP = StandardNormal.logCumulative(b)
                + LogExpectedImprovement.log1mexp(StandardNormal.logCumulative(a) - StandardNormal.logCumulative(b))
        } else if a >= 0 {
            logP = StandardNormal.logCumulative(-a)
                + LogExpectedImprovement.log1mexp(StandardNormal.logCumulative(-b) - StandardNormal.logCumulative(-a))
        } else {
            logP = log1p(-StandardNormal.cumulative(a) - StandardNormal.cumulative(-b))
        }
        // ∂P/∂b = φ(b), ∂P/∂a = −φ(a); divided by P in log space so that nothing underflows.
        let weightUpper = upper == .infinity ? 0 : exp(StandardNormal.logDensity(b) - logP)
        let weightLower = lower == -.infinity ? 0 : exp(StandardNormal.logDensity(a) - logP)
        // a and b both move with ∂/∂μ = −1/σ and ∂/∂σ = −(·)/σ.
        let dMean = (-weightUpper + weightLower) / sd
        let dSd = (-weightUpper * (upper == .infinity ? 0 : b) + weightLower * (lower == -.infinity ? 0 : a)) / sd
        return (logP, dMean, dSd)
    }
}
