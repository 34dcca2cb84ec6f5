import COpenBLAS

extension Matrix {
    /// Solves `self · x = b` for a square matrix by LU with partial pivoting (LAPACK `dgetrf`/`dgetrs`).
    ///
    /// - Throws: ``LinearAlgebraError/singular(index:)`` when the matrix is exactly singular.
    public func solve(_ b: [Double]) throws(LinearAlgebraError) -> [Double] {
        guard rows == columns else { throw .shapeMismatch("solve needs a square matrix, got \(rows)×\(columns)") }
        guard b.count == rows else { throw .shapeMismatch("right-hand side has \(b.count) elements, matrix \(rows) rows") }
        guard rows > 0 else { return [] }
        // LAPACK is column-major: factor the transpose's storage, i.e. this matrix transposed, so solve with
        // trans = "T" to undo it.
        var factor = elements
        var pivots = [Int32](repeating: 0, count: rows)
        var n = Int32(rows)
        var lda = Int32(rows)
        var info: Int32 = 0
        factor.withUnsafeMutableBufferPointer { a in
            pivots.withUnsafeMutableBufferPointer { p in
                dgetrf_(&n, &n, a.baseAddress, &lda, p.baseAddress, &info)
            }
        }
        if info > 0 { throw .singular(index: Int(info) - 1) }
        var x = b
        var trans = Int8(UInt8(ascii: "T"))
        var nrhs: Int32 = 1
        var ldb = Int32(rows)
        factor.withUnsafeBufferPointer { a in
            pivots.withUnsafeBufferPointer { p in
                x.withUnsafeMutableBufferPointer { xPointer in
                    dgetrs_(&trans, &n, &nrhs, a.baseAddress, &lda, p.baseAddress, xPointer.baseAddress, &ldb, &info)
                }
            }
        }
        return x
    }

    /// The singular values, largest first (LAPACK `dgesvd`).
    public func singularValues() throws(LinearAlgebraError) -> [Double] {
        guard rows > 0, columns > 0 else { return [] }
        // Column-major view of row-major storage is the transpose, which has the same singular values.
        var a = elements
        var m = Int32(columns)
        var n = Int32(rows)
        var lda = m
        var values = [Double](repeating: 0, count: min(rows, columns))
        var jobu = Int8(UInt8(ascii: "N"))
        var jobvt = Int8(UInt8(ascii: "N"))
        var dummyU = [Double](repeating: 0, count: 1)
        var dummyVT = [Double](repeating: 0, count: 1)
        var ldu: Int32 = 1
        var ldvt: Int32 = 1
        var info: Int32 = 0
        var workQuery = [Double](repeating: 0, count: 1)
        var lwork: Int32 = -1
        dgesvd_(&jobu, &jobvt, &m, &n, &a, &lda, &values, &dummyU, &ldu, &dummyVT, &ldvt, &workQuery, &lwork, &info)
        lwork = Int32(workQuery[0])
        var work = [Double](repeating: 0, count: max(1, Int(lwork)))
        dgesvd_(&jobu, &jobvt, &m, &n, &a, &lda, &values, &dummyU, &ldu, &dummyVT, &ldvt, &work, &lwork, &info)
        guard info == 0 else { throw .noConvergence(routine: "dgesvd", info: Int(info)) }
        return values
    }

    /// The 2-norm condition number σ_max / σ_min (∞ when singular).
    public func conditionNumber() throws(LinearAlgebraError) -> Double {
        let values = try singularValues()
        guard let largest = values.first, let smallest = values.last else { return .nan }
        return smallest == 0 ? .infinity : largest / smallest
    }
}
