import Foundation
import VernierMath

/// Maximum a posteriori GP hyperparameters: the marginal likelihood times the weak priors of ``GPPrior``,
/// maximised over log-parameters within the bounds by ``BoundedLBFGS`` with the analytic gradient, from
/// several starts.
///
/// Multi-start, cheaply: `screened` candidate starts — the previous fit (warm start: adding one point moves
/// the optimum little), the prior mode, and draws from the prior — are ranked by their value alone (one
/// Cholesky each, no inverse), and the local search runs from the best `refined` of them (the warm start is
/// always refined). The best local optimum wins.
enum HyperparameterFit {
    /// Settings of one fit.
    struct Settings: Sendable {
        var screened: Int
        var refined: Int
        var maxIterations: Int
    }

    static func fit(
        _ likelihood: MarginalLikelihood, prior: GPPrior, warmStart: GPHyperparameters?, settings: Settings,
        generator: inout SeededGenerator
    ) -> GPHyperparameters {
        let d = likelihood.dimension
        let (lower, upper) = prior.packedBounds(dimension: d)
        let (location, scale) = prior.packedPrior(dimension: d)
        func clip(_ theta: [Double]) -> [Double] {
            theta.indices.map { min(max(theta[$0], lower[$0]), upper[$0]) }
        }
        var candidates: [[Double]] = []
        if let warmStart, warmStart.dimension == d, ProcessInfo.processInfo.environment["NOWARM"] == nil { candidates.append(clip(warmStart.packed)) }
        candidates.append(prior.mode(dimension: d))
        while candidates.count < max(settings.screened, candidates.count) {
            candidates.append(clip(location.indices.map {
                // Half the prior width: draws from the bulk, not the far tails.
                location[$0] + 0.5 * scale[$0] * generator.nextStandardNormal()
            }))
        }
        let values = candidates.map { likelihood.negativeLogPosterior($0) }
        var order = candidates.indices.sorted { values[$0] < values[$1] || (values[$0] == values[$1] && $0 < $1) }
        if warmStart != nil, ProcessInfo.processInfo.environment["NOWARM"] == nil, let warmIndex = order.firstIndex(of: 0) {
            order.remove(at: warmIndex)
            order.insert(0, at: 0)
        }
        let search = BoundedLBFGS(
            memory: 8, maxIterations: settings.maxIterations, gradientTolerance: 1e-5, relativeTolerance: 1e-9)
        var best: (theta: [Double], value: Double)?
        for index in order.prefix(max(settings.refined, 1)) where values[index].isFinite {
            let result = search.minimize(from: candidates[index], lower: lower, upper: upper) { theta, gradient in
                likelihood.negativeLogPosterior(theta, gradient: &gradient)
            }
            if result.value.isFinite, best.map({ result.value < $0.value }) ?? true {
                best = (result.point, result.value)
            }
        }
        let theta = best?.theta ?? prior.mode(dimension: d)
        return GPHyperparameters(packed: theta)
    }
}
