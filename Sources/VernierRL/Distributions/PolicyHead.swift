import Foundation
import VernierMath

/// The action distribution the actor's outputs parameterise, with the log-probabilities, entropies and
/// gradients PPO needs, written out by hand (the derivations are in the comments).
///
/// - `gaussian`: diagonal Normal, mean = actor output, state-independent log σ (SB3 `DiagGaussianDistribution`).
/// - `stateDependent`: generalised state-dependent exploration (gSDE, Raffin et al. 2022; SB3
///   `StateDependentNoiseDistribution` with `full_std`, no `expln`, features not learned): the noise is
///   `zᵀE` with `z` the actor's last hidden layer and `E ~ N(0, σ²)` a `latent × actions` matrix resampled every
///   few steps; so `a ~ N(μ, s²)` with `s_k² = Σ_j z_j² σ_jk² + 1e-6`.
/// - `categorical`: softmax over the actor's outputs (logits), SB3 `CategoricalDistribution`.
public enum PolicyHead: Sendable, Hashable, Codable {
    case gaussian(actions: Int)
    case stateDependent(latent: Int, actions: Int)
    case categorical(choices: Int)

    /// SB3's ε inside gSDE's square root.
    public static let sdeEpsilon = 1e-6
    static let halfLogTwoPi = 0.5 * log(2 * Double.pi)

    /// Number of actor outputs (mean elements or logits).
    public var outputCount: Int {
        switch self {
        case .gaussian(let actions), .stateDependent(_, let actions): actions
        case .categorical(let choices): choices
        }
    }

    /// Elements of one stored action (1 for a choice).
    public var actionCount: Int {
        switch self {
        case .gaussian(let actions), .stateDependent(_, let actions): actions
        case .categorical: 1
        }
    }

    /// Number of log-σ parameters.
    public var logStdCount: Int {
        switch self {
        case .gaussian(let actions): actions
        case .stateDependent(let latent, let actions): latent * actions
        case .categorical: 0
        }
    }

    // MARK: - Per-sample quantities

    /// Standard deviation of each action element for one sample: `exp(logσ)` for the Gaussian; gSDE's
    /// `√(Σ_j z_j² σ_jk² + ε)` from the latent features `latent` and `σ²` precomputed by
    /// ``squaredScales(logStd:into:)`` (one `exp` per parameter per minibatch, not per sample).
    func standardDeviations(
        logStd: UnsafePointer<Double>, squaredScales: UnsafePointer<Double>, latent: UnsafePointer<Double>?,
        into std: UnsafeMutablePointer<Double>
    ) {
        switch self {
        case .gaussian(let actions):
            for k in 0..<actions { std[k] = exp(logStd[k]) }
        case .stateDependent(let latentCount, let actions):
            for k in 0..<actions { std[k] = 0 }
            guard let z = latent else { return }
            for j in 0..<latentCount {
                let zz = z[j] * z[j]
                for k in 0..<actions { std[k] += zz * squaredScales[j * actions + k] }
            }
            for k in 0..<actions { std[k] = (std[k] + Self.sdeEpsilon).squareRoot() }
        case .categorical:
            break
        }
    }

    /// `σ² = exp(2 logσ)` for every log-σ parameter.
    func squaredScales(logStd: UnsafePointer<Double>, into target: UnsafeMutablePointer<Double>) {
        for index in 0..<logStdCount { target[index] = exp(2 * logStd[index]) }
    }

    /// `log π(a | s)` and the entropy for one sample of a Gaussian head with means `mean` and deviations `std`.
    static func gaussianLogProbabilityAndEntropy(
        action: UnsafePointer<Double>, mean: UnsafePointer<Double>, std: UnsafePointer<Double>, count: Int
    ) -> (logProbability: Double, entropy: Double) {
        var logProbability = 0.0
        var entropy = 0.0
        for k in 0..<count {
            let z = (action[k] - mean[k]) / std[k]
            let logSigma = log(std[k])
            logProbability += -0.5 * z * z - logSigma - halfLogTwoPi
            entropy += 0.5 + halfLogTwoPi + logSigma
        }
        return (logProbability, entropy)
    }

    /// Softmax probabilities of `logits` into `probabilities`, and `log Σ exp(logits)` (stable).
    static func softmax(_ logits: UnsafePointer<Double>, count: Int, into probabilities: UnsafeMutablePointer<Double>) -> Double {
        var largest = logits[0]
        for j in 1..<max(count, 1) where logits[j] > largest { largest = logits[j] }
        var sum = 0.0
        for j in 0..<count {
            probabilities[j] = exp(logits[j] - largest)
            sum += probabilities[j]
        }
        for j in 0..<count { probabilities[j] /= sum }
        return largest + log(sum)
    }

    /// Categorical `log π(a)` and entropy `−Σ p log p` from logits, with the probabilities left in `probabilities`.
    static func categoricalLogProbabilityAndEntropy(
        choice: Int, logits: UnsafePointer<Double>, count: Int, probabilities: UnsafeMutablePointer<Double>
    ) -> (logProbability: Double, entropy: Double) {
        let logNormalizer = softmax(logits, count: count, into: probabilities)
        var entropy = 0.0
        for j in 0..<count where probabilities[j] > 0 {
            entropy -= probabilities[j] * (logits[j] - logNormalizer)
        }
        return (logits[choice] - logNormalizer, entropy)
    }
}
