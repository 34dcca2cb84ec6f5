import COpenBLAS

/// A dense matrix of `Double`, stored row-major, with products on OpenBLAS.
///
/// Small and plain on purpose: the learners and the GP need gemm, gemv and a few LAPACK factorisations, and
/// pay for nothing else. The `into:` forms write into existing storage and allocate nothing.
public struct Matrix: Sendable, Hashable, Codable {
    /// Number of rows (≥ 0).
    public private(set) var rows: Int
    /// Number of columns (≥ 0).
    public private(set) var columns: Int
    /// The elements row by row: element (r, c) is at `r * columns + c`.
    public var elements: [Double]

    /// A `rows × columns` matrix filled with `value`.
    public init(rows: Int, columns: Int, repeating value: Double = 0) {
        precondition(rows >= 0 && columns >= 0, "matrix dimensions must be non-negative")
        self.rows = rows
        self.columns = columns
        self.elements = Array(repeating: value, count: rows * columns)
    }

    /// A `rows × columns` matrix from row-major `elements`.
    public init(rows: Int, columns: Int, elements: [Double]) {
        precondition(elements.count == rows * columns, "\(elements.count) elements for a \(rows)×\(columns) matrix")
        self.rows = rows
        self.columns = columns
        self.elements = elements
    }

    /// A matrix from its rows, which must all have the same length.
    public init(_ rowArrays: [[Double]]) {
        let columns = rowArrays.first?.count ?? 0
        precondition(rowArrays.allSatisfy { $0.count == columns }, "rows of unequal length")
        self.init(rows: rowArrays.count, columns: columns, elements: rowArrays.flatMap { $0 })
    }

    /// The `n × n` identity.
    public static func identity(_ n: Int) -> Matrix {
        var matrix = Matrix(rows: n, columns: n)
        for index in 0..<n { matrix[index, index] = 1 }
        return matrix
    }

    /// Element at row `row`, column `column`.
    @inlinable
    public subscript(row: Int, column: Int) -> Double {
        get { elements[row * columns + column] }
        set { elements[row * columns + column] = newValue }
    }

    /// Row `row` as an array.
    public func row(_ row: Int) -> [Double] {
        Array(elements[(row * columns)..<((row + 1) * columns)])
    }

    /// Column `column` as an array.
    public func column(_ column: Int) -> [Double] {
        (0..<rows).map { self[$0, column] }
    }

    /// The transpose.
    public func transposed() -> Matrix {
        var result = Matrix(rows: columns, columns: rows)
        for r in 0..<rows {
            for c in 0..<columns { result[c, r] = self[r, c] }
        }
        return result
    }

    // MARK: - Products (BLAS)

    /// `c ← alpha · op(a) · op(b) + beta · c` (BLAS dgemm), where op transposes when asked.
    ///
    /// `c` must already have the product's shape. Allocates nothing.
    public static func gemm(
        _ a: Matrix, transposeA: Bool = false, _ b: Matrix, transposeB: Bool = false,
        alpha: Double = 1, beta: Double = 0, into c: inout Matrix
    ) {
        let m = transposeA ? a.columns : a.rows
        let k = transposeA ? a.rows : a.columns
        let kB = transposeB ? b.columns : b.rows
        let n = transposeB ? b.rows : b.columns
        precondition(k == kB, "inner dimensions differ: \(k) and \(kB)")
        precondition(c.rows == m && c.columns == n, "result is \(c.rows)×\(c.columns), product \(m)×\(n)")
        guard m > 0, n > 0 else { return }
        guard k > 0 else {
            for index in c.elements.indices { c.elements[index] *= beta }
            return
        }
        a.elements.withUnsafeBufferPointer { aPointer in
            b.elements.withUnsafeBufferPointer { bPointer in
                c.elements.withUnsafeMutableBufferPointer { cPointer in
                    cblas_dgemm(
                        CblasRowMajor,
                        transposeA ? CblasTrans : CblasNoTrans,
                        transposeB ? CblasTrans : CblasNoTrans,
                        Int32(m), Int32(n), Int32(k), alpha,
                        aPointer.baseAddress, Int32(a.columns),
                        bPointer.baseAddress, Int32(b.columns),
                        beta, cPointer.baseAddress, Int32(c.columns))
                }
            }
        }
    }

    /// `y ← alpha · op(self) · x + beta · y` (BLAS dgemv). Allocates nothing.
    public func gemv(
        _ x: [Double], transpose: Bool = false, alpha: Double = 1, beta: Double = 0, into y: inout [Double]
    ) {
        let (inputCount, outputCount) = transpose ? (rows, columns) : (columns, rows)
        precondition(x.count == inputCount, "vector has \(x.count) elements, the matrix needs \(inputCount)")
        precondition(y.count == outputCount, "result has \(y.count) elements, the product \(outputCount)")
        guard rows > 0, columns > 0 else {
            for index in y.indices { y[index] *= beta }
            return
        }
        elements.withUnsafeBufferPointer { aPointer in
            x.withUnsafeBufferPointer { xPointer in
                y.withUnsafeMutableBufferPointer { yPointer in
                    cblas_dgemv(
                        CblasRowMajor, transpose ? CblasTrans : CblasNoTrans,
                        Int32(rows), Int32(columns), alpha,
                        aPointer.baseAddress, Int32(columns),
                        xPointer.baseAddress, 1, beta, yPointer.baseAddress, 1)
                }
            }
        }
    }

    /// The matrix product `lhs · rhs`.
    public static func * (lhs: Matrix, rhs: Matrix) -> Matrix {
        var result = Matrix(rows: lhs.rows, columns: rhs.columns)
        gemm(lhs, rhs, into: &result)
        return result
    }

    /// The matrix–vector product `lhs · rhs`.
    public static func * (lhs: Matrix, rhs: [Double]) -> [Double] {
        var result = Array(repeating: 0.0, count: lhs.rows)
        lhs.gemv(rhs, into: &result)
        return result
    }
}

extension Matrix: CustomStringConvertible {
    public var description: String {
        "Matrix(\(rows)×\(columns)): " + (0..<rows).map { "\(row($0))" }.joined(separator: ", ")
    }
}
