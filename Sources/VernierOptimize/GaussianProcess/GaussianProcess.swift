import Foundation
import VernierMath

/// A Gaussian-process regression model with a Matérn-5/2 ARD kernel and Gaussian noise, zero prior mean.
///
/// Inputs are expected in the unit cube and targets standardised (``BayesianOptimizer`` does both); the model
/// itself applies no scaling, so that its posterior can be checked against a hand computation:
///
///     μ(x)  = k(x)ᵀ α,                 α = (K + σ_n² I)⁻¹ y
///     σ²(x) = σ_f² − ‖L⁻¹ k(x)‖²,      K + σ_n² I = L Lᵀ
///
/// `σ²(x)` is the variance of the latent function (noise excluded), floored at 10⁻¹² σ_f².
/// The factor is computed once (LAPACK `dpotrf`, with diagonal jitter if needed); predictions reuse it.
public struct GaussianProcess: Sendable {
    /// Input dimension `d`.
    public let dimension: Int
    /// Number of training points `n`.
    public let count: Int
    /// Training inputs, row-major `n × d`.
    public let inputs: [Double]
    /// Training targets.
    public let targets: [Double]
    /// The hyperparameters the model was built with.
    public let hyperparameters: GPHyperparameters
    /// Diagonal jitter added beyond σ_n² to make the covariance factorable (usually 0).
    public let jitter: Double
    /// `L` (row-major lower triangle; the upper triangle holds stale values).
    let factor: [Double]
    /// `α = K⁻¹ y`.
    let alpha: [Double]
    let inverseSquaredLengthscales: [Double]
    let signalVariance: Double
    /// ln p(y | θ), the log marginal likelihood at ``hyperparameters``.
    public let logMarginalLikelihood: Double

    /// A GP on `inputs` (each a point of `dimension` coordinates) and `targets`, with fixed hyperparameters.
    ///
    /// - Throws: ``GaussianProcessError`` for mismatched shapes, non-finite data, or a covariance that is not
    ///   positive definite even with jitter.
    public init(inputs: [[Double]], targets: [Double], hyperparameters: GPHyperparameters) throws(GaussianProcessError) {
        let dimension = hyperparameters.dimension
        guard inputs.count == targets.count, !inputs.isEmpty else {
            throw .shape("\(inputs.count) inputs for \(targets.count) targets (need at least one of each)")
        }
        guard inputs.allSatisfy({ $0.count == dimension }) else {
            throw .shape("inputs must have \(dimension) coordinates (one per lengthscale)")
        }
        guard targets.allSatisfy(\.isFinite), inputs.allSatisfy({ $0.allSatisfy(\.isFinite) }) else {
            throw .nonFinite
        }
        let flat = inputs.flatMap { $0 }
        let likelihood = MarginalLikelihood(inputs: flat, targets: targets, dimension: dimension, prior: GPPrior())
        try self.init(likelihood: likelihood, inputs: flat, hyperparameters: hyperparameters)
    }

    /// A GP from a likelihood workspace (already holding the data) at `hyperparameters`.
    init(likelihood: MarginalLikelihood, inputs: [Double], hyperparameters: GPHyperparameters)
        throws(GaussianProcessError)
    {
        let theta = hyperparameters.packed
        guard likelihood.factorize(theta) else { throw .notPositiveDefinite }
        dimension = likelihood.dimension
        count = likelihood.count
        self.inputs = inputs
        targets = likelihood.targets
        self.hyperparameters = hyperparameters
        jitter = likelihood.jitter
        factor = likelihood.matrix
        alpha = likelihood.alpha
        inverseSquaredLengthscales = hyperparameters.logLengthscales.map { exp(-2 * $0) }
        signalVariance = hyperparameters.signalVariance
        var logDeterminantHalf = 0.0
        var quadratic = 0.0
        for i in 0..<count {
            logDeterminantHalf += log(factor[i * count + i])
            quadratic += targets[i] * alpha[i]
        }
        logMarginalLikelihood = -0.5 * quadratic - logDeterminantHalf - 0.5 * Double(count) * log(2 * Double.pi)
    }

    /// Posterior mean and latent variance at `point` (unit-cube coordinates).
    public func predict(_ point: [Double]) -> (mean: Double, variance: Double) {
        var scratch = PosteriorScratch(count: count, dimension: dimension)
        let result = posterior(at: point, scratch: &scratch, withGradient: false)
        return (result.mean, result.variance)
    }

    /// Posterior mean `μ = kᵀα` at every training input: the denoised values (`y − σ_n² α`, jitter included).
    public var fittedMeans: [Double] {
        let noise = hyperparameters.noiseVariance + jitter
        return (0..<count).map { targets[$0] - noise * alpha[$0] }
    }

    // MARK: - Hot paths (no allocation)

    /// Buffers for one posterior evaluation with gradients; make one per optimisation and reuse it.
    struct PosteriorScratch {
        /// k(x, Xᵢ), then overwritten by L⁻¹k.
        var whitened: [Double]
        /// g(rᵢ) of ``Matern52`` per training point.
        var slopes: [Double]
        /// K⁻¹k.
        var solved: [Double]
        /// ∂μ/∂x and ∂σ²/∂x.
        var meanGradient: [Double]
        var varianceGradient: [Double]

        init(count: Int, dimension: Int) {
            whitened = Array(repeating: 0, count: count)
            slopes = Array(repeating: 0, count: count)
            solved = Array(repeating: 0, count: count)
            meanGradient = Array(repeating: 0, count: dimension)
            varianceGradient = Array(repeating: 0, count: dimension)
        }
    }

    /// Posterior mean and latent variance at `point`; with `withGradient`, also their gradients with respect
    /// to the point, left in `scratch.meanGradient` and `scratch.varianceGradient`.
    ///
    /// - Complexity: O(n d) for the kernel and gradients, O(n²) for the triangular solves (two with gradient).
    func posterior(at point: [Double], scratch: inout PosteriorScratch, withGradient: Bool)
        -> (mean: Double, variance: Double)
    {
        let n = count
        let d = dimension
        var mean = 0.0
        inputs.withUnsafeBufferPointer { x in
            inverseSquaredLengthscales.withUnsafeBufferPointer { scales in
                point.withUnsafeBufferPointer { p in
                    scratch.whitened.withUnsafeMutableBufferPointer { kernel in
                        scratch.slopes.withUnsafeMutableBufferPointer { slopes in
                            alpha.withUnsafeBufferPointer { a in
                                for i in 0..<n {
                                    var squared = 0.0
                                    let base = i * d
                                    for k in 0..<d {
                                        let difference = p[k] - x[base + k]
                                        squared += difference * difference * scales[k]
                                    }
                                    let (value, slope) = Matern52.valueAndSlope(
                                        squaredDistance: squared, signalVariance: signalVariance)
                                    kernel[i] = value
                                    slopes[i] = slope
                                    mean += value * a[i]
                                }
                            }
                        }
                    }
                }
            }
        }
        DenseKernels.solveTriangular(factor: factor, order: n, &scratch.whitened)
        var explained = 0.0
        for i in 0..<n { explained += scratch.whitened[i] * scratch.whitened[i] }
        let floor = 1e-12 * signalVariance
        let variance = max(signalVariance - explained, floor)
        guard withGradient else { return (mean, variance) }

        for i in 0..<n { scratch.solved[i] = scratch.whitened[i] }
        DenseKernels.solveTriangular(factor: factor, order: n, &scratch.solved, transposed: true)
        // ∂kᵢ/∂xₖ = −gᵢ (xₖ − Xᵢₖ)/ℓₖ²:  ∂μ/∂xₖ = Σᵢ αᵢ ∂kᵢ/∂xₖ,  ∂σ²/∂xₖ = −2 Σᵢ (K⁻¹k)ᵢ ∂kᵢ/∂xₖ.
        for k in 0..<d {
            scratch.meanGradient[k] = 0
            scratch.varianceGradient[k] = 0
        }
        inputs.withUnsafeBufferPointer { x in
            point.withUnsafeBufferPointer { p in
                scratch.slopes.withUnsafeBufferPointer { slopes in
                    scratch.solved.withUnsafeBufferPointer { solved in
                        alpha.withUnsafeBufferPointer { a in
                            scratch.meanGradient.withUnsafeMutableBufferPointer { meanGradient in
                                scratch.varianceGradient.withUnsafeMutableBufferPointer { varianceGradient in
                                    for i in 0..<n {
                                        let meanWeight = -slopes[i] * a[i]
                                        let varianceWeight = 2 * slopes[i] * solved[i]
                                        let base = i * d
                                        for k in 0..<d {
                                            let difference = p[k] - x[base + k]
                                            meanGradient[k] += meanWeight * difference
                                            varianceGradient[k] += varianceWeight * difference
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        for k in 0..<d {
            scratch.meanGradient[k] *= inverseSquaredLengthscales[k]
            scratch.varianceGradient[k] *= variance > floor ? inverseSquaredLengthscales[k] : 0
        }
        return (mean, variance)
    }

    /// Posterior means and latent variances at `rows` points stored row-major in `points`, written into
    /// `means` and `variances`; `block` is scratch of at least `rows × n` elements.
    ///
    /// - Complexity: O(rows · n · d) for the kernel, O(rows · n²/2) for one BLAS-3 triangular solve.
    func posteriorBatch(
        points: [Double], rows: Int, block: inout [Double], means: inout [Double], variances: inout [Double]
    ) {
        let n = count
        let d = dimension
        inputs.withUnsafeBufferPointer { x in
            inverseSquaredLengthscales.withUnsafeBufferPointer { scales in
                points.withUnsafeBufferPointer { p in
                    block.withUnsafeMutableBufferPointer { kernel in
                        for row in 0..<rows {
                            for i in 0..<n {
                                var squared = 0.0
                                for k in 0..<d {
                                    let difference = p[row * d + k] - x[i * d + k]
                                    squared += difference * difference * scales[k]
                                }
                                kernel[row * n + i] = Matern52.valueAndSlope(
                                    squaredDistance: squared, signalVariance: signalVariance).value
                            }
                        }
                    }
                }
            }
        }
        DenseKernels.multiply(block, rows: rows, columns: n, alpha, into: &means)
        DenseKernels.solveTriangularRows(factor: factor, order: n, &block, rows: rows)
        let floor = 1e-12 * signalVariance
        for row in 0..<rows {
            var explained = 0.0
            for i in 0..<n { explained += block[row * n + i] * block[row * n + i] }
            variances[row] = max(signalVariance - explained, floor)
        }
    }
}

/// Why a GP could not be built.
public enum GaussianProcessError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Inputs and targets do not fit together.
    case shape(String)
    /// An input or target is NaN or infinite.
    case nonFinite
    /// The covariance is not positive definite even with the largest jitter (duplicate points with a
    /// vanishing noise variance and a huge lengthscale, typically).
    case notPositiveDefinite

    public var description: String {
        switch self {
        case .shape(let text): return "GP data of the wrong shape: \(text)"
        case .nonFinite: return "GP data contain NaN or infinite values"
        case .notPositiveDefinite: return "the GP covariance is not positive definite even with jitter"
        }
    }
}
