import COpenBLAS
import Foundation

/// The Cholesky factor `L` of a symmetric positive-definite matrix `A = L Lᵀ` (LAPACK `dpotrf`), with solves.
///
/// LAPACK is column-major and Vernier's matrices are row-major; a symmetric matrix reads the same either way,
/// and the column-major *upper* factor `U` (`A = Uᵀ U`) is, read row-major, the lower factor `L = Uᵀ`. So every
/// call below passes `"U"` and sees `L` in row-major order.
public struct Cholesky: Sendable, Hashable {
    /// Order of the matrix.
    public let order: Int
    /// `L`, row-major; the strict upper triangle is zero.
    public private(set) var lower: Matrix

    /// Factors `matrix`, which must be symmetric (only its lower triangle is read) and positive definite.
    ///
    /// - Throws: ``LinearAlgebraError/notPositiveDefinite(order:)``.
    /// - Complexity: O(n³/3).
    public init(_ matrix: Matrix) throws(LinearAlgebraError) {
        guard matrix.rows == matrix.columns else {
            throw .shapeMismatch("Cholesky needs a square matrix, got \(matrix.rows)×\(matrix.columns)")
        }
        let n = matrix.rows
        var factor = matrix
        var info: Int32 = 0
        if n > 0 {
            var uplo = Int8(UInt8(ascii: "U"))
            var order = Int32(n)
            var leading = Int32(n)
            factor.elements.withUnsafeMutableBufferPointer { pointer in
                dpotrf_(&uplo, &order, pointer.baseAddress, &leading, &info)
            }
        }
        if info > 0 { throw .notPositiveDefinite(order: Int(info)) }
        guard info == 0 else { throw .shapeMismatch("dpotrf argument \(-info) is invalid") }
        for r in 0..<n {
            for c in (r + 1)..<max(n, r + 1) { factor[r, c] = 0 }
        }
        self.order = n
        self.lower = factor
    }

    /// Solves `A x = b` (LAPACK `dpotrs`).
    public func solve(_ b: [Double]) -> [Double] {
        var x = b
        solve(&x, columns: 1)
        return x
    }

    /// Solves `A X = B` for a row-major `B` with `order` rows, in place.
    public func solve(_ b: inout Matrix) {
        precondition(b.rows == order, "right-hand side has \(b.rows) rows, the matrix order \(order)")
        // dpotrs wants B column-major; the row-major B is Bᵀ column-major, so solve on the transpose.
        var columnMajor = b.transposed()
        solve(&columnMajor.elements, columns: b.columns)
        b = columnMajor.transposed()
    }

    /// Solves `A X = B` in place for `columns` right-hand sides stored column-major in `b`.
    public func solve(_ b: inout [Double], columns: Int) {
        precondition(b.count == order * columns, "right-hand side has \(b.count) elements, expected \(order * columns)")
        guard order > 0, columns > 0 else { return }
        var uplo = Int8(UInt8(ascii: "U"))
        var n = Int32(order)
        var nrhs = Int32(columns)
        var lda = Int32(order)
        var ldb = Int32(order)
        var info: Int32 = 0
        lower.elements.withUnsafeBufferPointer { a in
            b.withUnsafeMutableBufferPointer { bPointer in
                dpotrs_(&uplo, &n, &nrhs, a.baseAddress, &lda, bPointer.baseAddress, &ldb, &info)
            }
        }
    }

    /// Solves `L y = b` (forward substitution), e.g. for the GP's predictive variance `‖L⁻¹k‖²`.
    public func solveLower(_ b: [Double]) -> [Double] {
        var y = b
        solveLower(&y)
        return y
    }

    /// Solves `L y = b` in place. Allocates nothing.
    public func solveLower(_ b: inout [Double]) {
        precondition(b.count == order, "right-hand side has \(b.count) elements, the matrix order \(order)")
        guard order > 0 else { return }
        // Row-major L is column-major Lᵀ = U, so L y = b is Uᵀ y = b: upper, transposed.
        lower.elements.withUnsafeBufferPointer { a in
            b.withUnsafeMutableBufferPointer { y in
                cblas_dtrsv(CblasRowMajor, CblasLower, CblasNoTrans, CblasNonUnit, Int32(order),
                            a.baseAddress, Int32(order), y.baseAddress, 1)
            }
        }
    }

    /// `log det A = 2 Σ log Lᵢᵢ`.
    public var logDeterminant: Double {
        (0..<order).reduce(0) { $0 + 2 * log(lower[$1, $1]) }
    }

    /// `A⁻¹`, formed from the factor (for gradients that need the whole inverse).
    public func inverse() -> Matrix {
        var identity = Matrix.identity(order)
        solve(&identity)
        return identity
    }
}
