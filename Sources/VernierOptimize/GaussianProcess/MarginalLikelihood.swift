import Foundation
import VernierMath

/// The GP's negative log marginal likelihood plus log prior, and its analytic gradient, over the packed
/// log-hyperparameters `θ = [ln ℓ₁ … ln ℓ_d, ln σ_f², ln σ_n²]` — the objective of the hyperparameter fit.
///
///     −ln p(y | θ) = ½ yᵀα + Σᵢ ln Lᵢᵢ + (n/2) ln 2π,        K = L Lᵀ,  α = K⁻¹y
///     ∂(−ln p)/∂θⱼ = −½ tr((ααᵀ − K⁻¹) ∂K/∂θⱼ)            (Rasmussen & Williams 2006, eq. 5.9)
///
/// with `∂K/∂ln σ_f² = K_f` (the noise-free part), `∂K/∂ln σ_n² = σ_n² I` and `∂K/∂ln ℓₖ` from ``Matern52``.
/// A final class: it owns reusable buffers (squared differences per pair and dimension, which do not depend
/// on θ, the covariance, α) so that the many evaluations of a fit allocate nothing.
///
/// - Complexity: per evaluation O(n² d) for the kernel and gradient, O(n³/3) for the Cholesky factor and
///   O(2n³/3) for `K⁻¹` (only with the gradient).
final class MarginalLikelihood {
    /// Number of points `n` and input dimension `d`.
    let count: Int
    let dimension: Int
    /// Standardised targets.
    let targets: [Double]
    /// Prior location and scale per packed parameter.
    let priorLocation: [Double]
    let priorScale: [Double]
    /// Squared coordinate differences of each pair i < j, `d` per pair, in pair order.
    private var pairDifferences: [Double]
    /// k and g (see ``Matern52``) per pair at the last θ.
    private var pairKernel: [Double]
    private var pairSlope: [Double]
    /// Covariance, then its factor, then (with a gradient) its inverse; row-major n × n.
    private(set) var matrix: [Double]
    /// α = K⁻¹ y at the last θ.
    private(set) var alpha: [Double]
    /// Diagonal jitter added at the last θ beyond σ_n² (0 unless the factorisation needed it).
    private(set) var jitter = 0.0
    private var inverseSquaredLengthscales: [Double]

    /// Prepares the likelihood of standardised `targets` at unit-cube `inputs` (row-major `count × dimension`).
    init(inputs: [Double], targets: [Double], dimension: Int, prior: GPPrior) {
        let n = targets.count
        count = n
        self.dimension = dimension
        self.targets = targets
        (priorLocation, priorScale) = prior.packedPrior(dimension: dimension)
        let pairs = n * (n - 1) / 2
        pairDifferences = Array(repeating: 0, count: pairs * dimension)
        pairKernel = Array(repeating: 0, count: pairs)
        pairSlope = Array(repeating: 0, count: pairs)
        matrix = Array(repeating: 0, count: n * n)
        alpha = Array(repeating: 0, count: n)
        inverseSquaredLengthscales = Array(repeating: 1, count: dimension)
        var pair = 0
        for i in 0..<n {
            for j in (i + 1)..<max(n, i + 1) {
                for k in 0..<dimension {
                    let difference = inputs[i * dimension + k] - inputs[j * dimension + k]
                    pairDifferences[pair * dimension + k] = difference * difference
                }
                pair += 1
            }
        }
    }

    /// Builds `K(θ)` and factors it, adding diagonal jitter (10⁻⁸ σ_f², ×10 per failure, up to 10⁻²σ_f²) when
    /// LAPACK finds it not positive definite. On success ``matrix`` holds `L` and ``alpha`` holds `K⁻¹y`.
    ///
    /// - Returns: `false` if even the largest jitter failed.
    @discardableResult
    func factorize(_ theta: [Double]) -> Bool {
        let n = count
        let d = dimension
        for k in 0..<d { inverseSquaredLengthscales[k] = exp(-2 * theta[k]) }
        let signalVariance = exp(theta[d])
        let noiseVariance = exp(theta[d + 1])
        pairDifferences.withUnsafeBufferPointer { differences in
            inverseSquaredLengthscales.withUnsafeBufferPointer { scales in
                pairKernel.withUnsafeMutableBufferPointer { kernel in
                    pairSlope.withUnsafeMutableBufferPointer { slope in
                        for pair in 0..<kernel.count {
                            var squared = 0.0
                            let base = pair * d
                            for k in 0..<d { squared += differences[base + k] * scales[k] }
                            let (value, slopeValue) = Matern52.valueAndSlope(
                                squaredDistance: squared, signalVariance: signalVariance)
                            kernel[pair] = value
                            slope[pair] = slopeValue
                        }
                    }
                }
            }
        }
        var extra = 0.0
        while true {
            fillLowerTriangle(diagonal: signalVariance + noiseVariance + extra)
            if DenseKernels.choleskyFactor(&matrix, order: n) { break }
            extra = extra == 0 ? 1e-8 * signalVariance : extra * 10
            if extra > 1e-2 * signalVariance { return false }
        }
        jitter = extra
        for index in 0..<n { alpha[index] = targets[index] }
        DenseKernels.choleskySolve(factor: matrix, order: n, &alpha, columns: 1)
        return true
    }

    private func fillLowerTriangle(diagonal: Double) {
        let n = count
        matrix.withUnsafeMutableBufferPointer { a in
            pairKernel.withUnsafeBufferPointer { kernel in
                var pair = 0
                for i in 0..<n {
                    a[i * n + i] = diagonal
                    for j in (i + 1)..<max(n, i + 1) {
                        a[j * n + i] = kernel[pair]   // row j > column i: the lower triangle
                        pair += 1
                    }
                }
            }
        }
    }

    /// `−ln p(y|θ) − ln p(θ)` (up to the prior's constant), and its gradient into `gradient` if given.
    /// `+∞` when `K(θ)` cannot be factored.
    func negativeLogPosterior(_ theta: [Double], gradient: inout [Double]) -> Double {
        evaluate(theta, gradient: &gradient, wantsGradient: true)
    }

    /// The same value without the gradient (no `K⁻¹`: a third of the cost).
    func negativeLogPosterior(_ theta: [Double]) -> Double {
        var unused: [Double] = []
        return evaluate(theta, gradient: &unused, wantsGradient: false)
    }

    private func evaluate(_ theta: [Double], gradient: inout [Double], wantsGradient: Bool) -> Double {
        let n = count
        let d = dimension
        guard factorize(theta) else { return .infinity }
        var value = 0.5 * Double(n) * log(2 * Double.pi)
        for i in 0..<n {
            value += 0.5 * targets[i] * alpha[i] + log(matrix[i * n + i])
        }
        for j in theta.indices {
            let z = (theta[j] - priorLocation[j]) / priorScale[j]
            value += 0.5 * z * z
        }
        guard wantsGradient else { return value }

        DenseKernels.choleskyInverse(&matrix, order: n)
        let signalVariance = exp(theta[d])
        let noiseVariance = exp(theta[d + 1])
        // W = ααᵀ − K⁻¹; the gradient of ln p is ½ tr(W ∂K/∂θ). Off-diagonal pairs count twice (symmetry).
        var signalTerm = 0.0
        var traceW = 0.0
        for i in 0..<n {
            traceW += alpha[i] * alpha[i] - matrix[i * n + i]
        }
        signalTerm = traceW * signalVariance
        if gradient.count != theta.count { gradient = Array(repeating: 0, count: theta.count) }
        for k in 0..<d { gradient[k] = 0 }
        matrix.withUnsafeBufferPointer { inverse in
            alpha.withUnsafeBufferPointer { a in
                pairDifferences.withUnsafeBufferPointer { differences in
                    pairKernel.withUnsafeBufferPointer { kernel in
                        pairSlope.withUnsafeBufferPointer { slope in
                            gradient.withUnsafeMutableBufferPointer { g in
                                var pair = 0
                                for i in 0..<n {
                                    for j in (i + 1)..<max(n, i + 1) {
                                        let w = 2 * (a[i] * a[j] - inverse[i * n + j])
                                        signalTerm += w * kernel[pair]
                                        let weightedSlope = w * slope[pair]
                                        let base = pair * d
                                        for k in 0..<d { g[k] += weightedSlope * differences[base + k] }
                                        pair += 1
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        for k in 0..<d { gradient[k] = -0.5 * gradient[k] * inverseSquaredLengthscales[k] }
        gradient[d] = -0.5 * signalTerm
        gradient[d + 1] = -0.5 * traceW * noiseVariance
        for j in theta.indices {
            gradient[j] += (theta[j] - priorLocation[j]) / (priorScale[j] * priorScale[j])
        }
        return value
    }
}
