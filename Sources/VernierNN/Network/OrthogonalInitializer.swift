import COpenBLAS
import VernierMath

/// Orthogonal initialisation (Saxe et al. 2014), as `torch.nn.init.orthogonal_` and therefore SB3 and CleanRL
/// do it: draw a Gaussian matrix, take the Q of its QR factorisation (LAPACK `dgeqrf` + `dorgqr`), fix the signs
/// by the diagonal of R so that Q is uniformly distributed, scale by a gain. Biases are zero.
///
/// Gains follow SB3's `ActorCriticPolicy` (`ortho_init=True`): √2 for hidden layers, 0.01 for the policy head,
/// 1 for the value head.
public enum OrthogonalInitializer {
    /// SB3's gain for hidden layers, √2.
    public static let hiddenGain = 2.0.squareRoot()
    /// SB3's gain for the policy (action) head.
    public static let policyHeadGain = 0.01
    /// SB3's gain for the value head.
    public static let valueHeadGain = 1.0

    /// A `rows × columns` matrix (row-major) whose rows (if `rows ≤ columns`) or columns (otherwise) are
    /// orthonormal, times `gain`.
    ///
    /// - Throws: ``LinearAlgebraError/noConvergence(routine:info:)`` if LAPACK reports a failure.
    /// - Complexity: O(max(rows, columns) · min(rows, columns)²).
    public static func matrix(
        rows: Int, columns: Int, gain: Double, using generator: inout some RandomNumberGenerator
    ) throws(LinearAlgebraError) -> [Double] {
        precondition(rows >= 1 && columns >= 1, "an orthogonal matrix needs positive dimensions")
        // torch transposes a wide matrix so that the factorised one is tall: m ≥ n.
        let isWide = rows < columns
        let (m, n) = isWide ? (columns, rows) : (rows, columns)
        // Column-major m × n Gaussian matrix (the order of the draws is immaterial to the distribution).
        var a = (0..<(m * n)).map { _ in generator.nextStandardNormal() }
        var tau = [Double](repeating: 0, count: n)
        var (mm, nn, kk, lda) = (Int32(m), Int32(n), Int32(n), Int32(m))
        var info: Int32 = 0
        var lwork: Int32 = -1
        var query = [0.0]
        dgeqrf_(&mm, &nn, &a, &lda, &tau, &query, &lwork, &info)
        lwork = Int32(Swift.max(query[0], Double(n)))
        var work = [Double](repeating: 0, count: Int(lwork))
        dgeqrf_(&mm, &nn, &a, &lda, &tau, &work, &lwork, &info)
        guard info == 0 else { throw .noConvergence(routine: "dgeqrf", info: Int(info)) }
        // sign(diag R), so that Q Σ(sign) is Haar-distributed (torch: q *= d.sign()).
        let signs = (0..<n).map { a[$0 * m + $0] < 0 ? -1.0 : 1.0 }
        lwork = -1
        dorgqr_(&mm, &nn, &kk, &a, &lda, &tau, &query, &lwork, &info)
        lwork = Int32(Swift.max(query[0], Double(n)))
        work = [Double](repeating: 0, count: Int(lwork))
        dorgqr_(&mm, &nn, &kk, &a, &lda, &tau, &work, &lwork, &info)
        guard info == 0 else { throw .noConvergence(routine: "dorgqr", info: Int(info)) }
        // Q is column-major m × n: Q[i, j] = a[i + j m]. Tall: W = Q. Wide: W = Qᵀ.
        var result = [Double](repeating: 0, count: rows * columns)
        for r in 0..<rows {
            for c in 0..<columns {
                let (i, j) = isWide ? (c, r) : (r, c)
                result[r * columns + c] = a[i + j * m] * signs[j] * gain
            }
        }
        return result
    }

    /// Initialises every layer of `network` in `parameters`: orthogonal weights with `hiddenGain` for all
    /// layers but the last, `outputGain` for the last; zero biases.
    public static func initialize(
        _ network: MultilayerPerceptron, parameters: inout [Double], hiddenGain: Double = hiddenGain,
        outputGain: Double, using generator: inout some RandomNumberGenerator
    ) throws(LinearAlgebraError) {
        precondition(parameters.count == network.parameterCount, "parameter vector does not match the network")
        for (index, layer) in network.layers.enumerated() {
            let gain = index == network.layers.count - 1 ? outputGain : hiddenGain
            let weights = try matrix(rows: layer.outputCount, columns: layer.inputCount, gain: gain, using: &generator)
            let offset = network.weightOffset(ofLayer: index)
            parameters.replaceSubrange(offset..<(offset + layer.weightCount), with: weights)
            for bias in 0..<layer.outputCount { parameters[offset + layer.weightCount + bias] = 0 }
        }
    }
}
