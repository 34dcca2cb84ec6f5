import COpenBLAS

/// Allocation-free BLAS/LAPACK kernels on caller-owned, row-major storage, for hot loops that refactor and
/// solve many times (the GP's hyperparameter fit, acquisition optimisation).
///
/// ``Cholesky`` and ``Matrix`` are the convenient forms; these are the same routines without the copies: the
/// caller keeps its buffers and reuses them. A factor produced here is the same row-major lower `L` that
/// ``Cholesky/lower`` holds (see ``Cholesky`` for why LAPACK's upper factor reads as `L` row-major).
public enum DenseKernels {
    /// Overwrites the lower triangle of the row-major symmetric `matrix` (`order × order`) with its Cholesky
    /// factor `L` (LAPACK `dpotrf`). The strict upper triangle is left as it was.
    ///
    /// - Returns: `true` on success, `false` when the matrix is not numerically positive definite (then the
    ///   contents are partly overwritten and must be rebuilt before another try).
    /// - Complexity: O(n³/3).
    @discardableResult
    public static func choleskyFactor(_ matrix: inout [Double], order: Int) -> Bool {
        precondition(matrix.count >= order * order, "buffer holds \(matrix.count) elements, need \(order * order)")
        guard order > 0 else { return true }
        var uplo = Int8(UInt8(ascii: "U"))
        var n = Int32(order)
        var leading = Int32(order)
        var info: Int32 = 0
        matrix.withUnsafeMutableBufferPointer { pointer in
            dpotrf_(&uplo, &n, pointer.baseAddress, &leading, &info)
        }
        return info == 0
    }

    /// Solves `A X = B` in place, given the factor from ``choleskyFactor(_:order:)`` (LAPACK `dpotrs`).
    ///
    /// `rightHandSides` holds `columns` vectors of length `order` one after another (column-major `B`); a single
    /// vector is `columns: 1`, and the identity gives `A⁻¹` (symmetric, so its layout does not matter).
    public static func choleskySolve(
        factor: [Double], order: Int, _ rightHandSides: inout [Double], columns: Int
    ) {
        precondition(rightHandSides.count >= order * columns, "right-hand sides hold too few elements")
        guard order > 0, columns > 0 else { return }
        var uplo = Int8(UInt8(ascii: "U"))
        var n = Int32(order)
        var nrhs = Int32(columns)
        var lda = Int32(order)
        var ldb = Int32(order)
        var info: Int32 = 0
        factor.withUnsafeBufferPointer { a in
            rightHandSides.withUnsafeMutableBufferPointer { b in
                dpotrs_(&uplo, &n, &nrhs, a.baseAddress, &lda, b.baseAddress, &ldb, &info)
            }
        }
    }

    /// Solves `L y = b` (or `Lᵀ y = b` when `transposed`) in place for the vector stored in
    /// `vector[offset ..< offset + order]` (BLAS `dtrsv`).
    public static func solveTriangular(
        factor: [Double], order: Int, _ vector: inout [Double], offset: Int = 0, transposed: Bool = false
    ) {
        precondition(vector.count >= offset + order, "vector too short for the factor of order \(order)")
        guard order > 0 else { return }
        factor.withUnsafeBufferPointer { a in
            vector.withUnsafeMutableBufferPointer { y in
                cblas_dtrsv(CblasRowMajor, CblasLower, transposed ? CblasTrans : CblasNoTrans, CblasNonUnit,
                            Int32(order), a.baseAddress, Int32(order), y.baseAddress.map { $0 + offset }, 1)
            }
        }
    }

    /// Replaces each of the `rows` rows `kᵢ` of the row-major `rows × order` matrix `block` by `L⁻¹ kᵢ`
    /// (BLAS `dtrsm`, `B ← B L⁻ᵀ`): the whitened cross-covariances of many GP test points in one call.
    ///
    /// - Complexity: O(rows · order²/2), at BLAS-3 speed.
    public static func solveTriangularRows(factor: [Double], order: Int, _ block: inout [Double], rows: Int) {
        precondition(block.count >= rows * order, "block holds too few elements for \(rows) rows")
        guard order > 0, rows > 0 else { return }
        factor.withUnsafeBufferPointer { a in
            block.withUnsafeMutableBufferPointer { b in
                cblas_dtrsm(CblasRowMajor, CblasRight, CblasLower, CblasTrans, CblasNonUnit,
                            Int32(rows), Int32(order), 1, a.baseAddress, Int32(order), b.baseAddress, Int32(order))
            }
        }
    }

    /// `y ← A x` for the row-major `rows × columns` matrix stored in `matrix` (BLAS `dgemv`); `y` must hold
    /// `rows` elements.
    public static func multiply(
        _ matrix: [Double], rows: Int, columns: Int, _ x: [Double], into y: inout [Double]
    ) {
        precondition(matrix.count >= rows * columns && x.count >= columns && y.count >= rows, "shapes differ")
        guard rows > 0, columns > 0 else { return }
        matrix.withUnsafeBufferPointer { a in
            x.withUnsafeBufferPointer { xPointer in
                y.withUnsafeMutableBufferPointer { yPointer in
                    cblas_dgemv(CblasRowMajor, CblasNoTrans, Int32(rows), Int32(columns), 1,
                                a.baseAddress, Int32(columns), xPointer.baseAddress, 1, 0, yPointer.baseAddress, 1)
                }
            }
        }
    }
}

extension DenseKernels {
    /// Overwrites `factor` (the output of ``choleskyFactor(_:order:)``) with `A⁻¹`, full and symmetric
    /// (LAPACK `dpotri`, then the lower triangle mirrored into the upper).
    ///
    /// - Complexity: O(2n³/3) — a third of solving against the identity.
    public static func choleskyInverse(_ factor: inout [Double], order: Int) {
        precondition(factor.count >= order * order, "buffer holds \(factor.count) elements, need \(order * order)")
        guard order > 0 else { return }
        var uplo = Int8(UInt8(ascii: "U"))
        var n = Int32(order)
        var leading = Int32(order)
        var info: Int32 = 0
        factor.withUnsafeMutableBufferPointer { pointer in
            dpotri_(&uplo, &n, pointer.baseAddress, &leading, &info)
            // Column-major "U" is row-major lower: mirror it into the upper triangle.
            guard let a = pointer.baseAddress else { return }
            for row in 0..<order {
                for column in (row + 1)..<max(order, row + 1) { a[row * order + column] = a[column * order + row] }
            }
        }
    }
}
