import COpenBLAS

/// Clipping of the global gradient norm, as `torch.nn.utils.clip_grad_norm_` (SB3's `max_grad_norm`).
public enum GradientClipping {
    /// Scales `count` gradients by `maxNorm / (‖g‖₂ + 1e-6)` when that is below 1, and returns ‖g‖₂ before
    /// clipping. Allocates nothing.
    ///
    /// - Parameter maxNorm: the largest allowed global 2-norm (> 0).
    @discardableResult
    public static func clipGlobalNorm(_ gradients: UnsafeMutablePointer<Double>, count: Int, maxNorm: Double) -> Double {
        guard count > 0 else { return 0 }
        // ‖g‖² by BLAS ddot (vectorised by OpenBLAS for this CPU); torch also sums the squares, not dnrm2's scaling.
        let norm = cblas_ddot(Int32(count), gradients, 1, gradients, 1).squareRoot()
        // torch: clip_coef = max_norm / (total_norm + 1e-6), clamped to at most 1.
        let coefficient = min(maxNorm / (norm + 1e-6), 1)
        if coefficient < 1 {
            cblas_dscal(Int32(count), coefficient, gradients, 1)
        }
        return norm
    }

    /// Clips an array of gradients in place; returns the norm before clipping.
    @discardableResult
    public static func clipGlobalNorm(_ gradients: inout [Double], maxNorm: Double) -> Double {
        gradients.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return 0 }
            return clipGlobalNorm(base, count: buffer.count, maxNorm: maxNorm)
        }
    }
}
