import Foundation
import VernierMath

/// Maximum a posteriori GP hyperparameters: the marginal likelihood times the weak priors of ``GPPrior``,
/// maximised over log-parameters within the bounds by ``BoundedLBFGS`` with the analytic gradient, from
/// several starts.
///
/// The local search always starts from the prior mode (as BoTorch's fresh model each iteration does). Further
/// starts — the previous fit (the warm start: adding one point moves its optimum little) and draws from the
/// prior — are ranked by their value alone (one Cholesky each, no inverse) and the best `refined − 1` of them
/// are refined too. One of those replaces the prior-mode solution only if its negative log posterior is lower
/// by more than `switchMargin` nats: with a few dozen points the likelihood has sharp, over-fitted modes of
/// slightly higher density, and BO that follows them explores worse (measured on Hartmann-6 and the 10-D
/// steering problem, see BENCHMARKS.md); a clearly better mode still wins.
enum HyperparameterFit {
    /// Settings of one fit.
    struct Settings: Sendable {
        /// Extra starts screened by value (warm start included); 0 = the prior mode only.
        var screened: Int
        /// Local searches in all, the prior mode's included (≥ 1).
        var refined: Int
        var maxIterations: Int
        /// How much lower (nats) another start's optimum must be to replace the prior-mode optimum.
        var switchMargin: Double = 2
        /// From this many points on, only the warm start is refined (when there is one): by then the data
        /// pin the hyperparameters down, the previous optimum is next to the new one, and a fit costs a few
        /// iterations instead of a full search from the prior mode.
        var warmOnlyFrom: Int = 40
    }

    static func fit(
        _ likelihood: MarginalLikelihood, prior: GPPrior, warmStart: GPHyperparameters?, settings: Settings,
        generator: inout SeededGenerator
    ) -> GPHyperparameters {
        let d = likelihood.dimension
        let (lower, upper) = prior.packedBounds(dimension: d)
        let (location, scale) = prior.packedPrior(dimension: d)
        let search = BoundedLBFGS(
            memory: 8, maxIterations: settings.maxIterations, gradientTolerance: 1e-5, relativeTolerance: 1e-9)
        func refine(_ start: [Double]) -> BoundedLBFGS.Result {
            search.minimize(from: start, lower: lower, upper: upper) { theta, gradient in
                likelihood.negativeLogPosterior(theta, gradient: &gradient)
            }
        }
        func clip(_ theta: [Double]) -> [Double] {
            theta.indices.map { min(max(theta[$0], lower[$0]), upper[$0]) }
        }

        let mode = prior.mode(dimension: d)
        if let warmStart, warmStart.dimension == d, likelihood.count >= settings.warmOnlyFrom {
            let result = refine(clip(warmStart.packed))
            if result.value.isFinite { return GPHyperparameters(packed: result.point) }
        }
        let fromMode = refine(mode)
        var best: (theta: [Double], value: Double)? = fromMode.value.isFinite ? (fromMode.point, fromMode.value) : nil

        var candidates: [[Double]] = []
        if settings.screened > 0, let warmStart, warmStart.dimension == d { candidates.append(clip(warmStart.packed)) }
        while candidates.count < settings.screened {
            candidates.append(clip(location.indices.map {
                // Half the prior width: draws from the bulk, not the far tails.
                location[$0] + 0.5 * scale[$0] * generator.nextStandardNormal()
            }))
        }
        if !candidates.isEmpty, settings.refined > 1 {
            let values = candidates.map { likelihood.negativeLogPosterior($0) }
            let order = candidates.indices.filter { values[$0].isFinite }
                .sorted { values[$0] < values[$1] || (values[$0] == values[$1] && $0 < $1) }
            for index in order.prefix(settings.refined - 1) {
                let result = refine(candidates[index])
                let margin = best == nil ? 0 : settings.switchMargin
                if result.value.isFinite, best.map({ result.value < $0.value - margin }) ?? true {
                    best = (result.point, result.value)
                }
            }
        }
        return GPHyperparameters(packed: best?.theta ?? mode)
    }
}
