import Testing
import VernierMath

struct MatrixTests {
    /// The textbook triple loop: the oracle for BLAS.
    static func naiveProduct(_ a: [[Double]], _ b: [[Double]]) -> [[Double]] {
        a.map { row in (0..<b[0].count).map { j in zip(row, b.map { $0[j] }).reduce(0) { $0 + $1.0 * $1.1 } } }
    }

    @Test func gemmMatchesTheTripleLoopExactlyOnIntegers() {
        let a = [[1.0, 2, 3], [4, 5, 6]]
        let b = [[7.0, 8], [9, 10], [11, 12]]
        #expect((Matrix(a) * Matrix(b)) == Matrix(Self.naiveProduct(a, b)))
        #expect((Matrix(a) * Matrix(b)).elements == [58, 64, 139, 154])
    }

    @Test func gemmHonoursTransposesAlphaAndBeta() {
        let a = Matrix([[1.0, 2], [3, 4], [5, 6]])       // 3×2
        let b = Matrix([[1.0, 0, 2], [0, 1, 3]])         // 2×3
        var c = Matrix(rows: 2, columns: 2, repeating: 1)
        // c ← 2 · aᵀ · bᵀ + 3 · c
        Matrix.gemm(a, transposeA: true, b, transposeB: true, alpha: 2, beta: 3, into: &c)
        let expected = Self.naiveProduct(a.transposed().rowsArray, b.transposed().rowsArray).map { $0.map { 2 * $0 + 3 } }
        #expect(c == Matrix(expected))
    }

    @Test func gemvBothWays() {
        let a = Matrix([[1.0, 2, 3], [4, 5, 6]])
        #expect(a * [1, 0, -1] == [-2, -2])
        var y = [1.0, 1, 1]
        a.gemv([1, 2], transpose: true, alpha: 1, beta: 2, into: &y)
        #expect(y == [11, 14, 17])
    }

    @Test func transposeAndAccessors() {
        let a = Matrix([[1.0, 2, 3], [4, 5, 6]])
        #expect(a.transposed() == Matrix([[1, 4], [2, 5], [3, 6]]))
        #expect(a.row(1) == [4, 5, 6] && a.column(2) == [3, 6])
        #expect(Matrix.identity(3) * [7, 8, 9] == [7, 8, 9])
    }

    @Test func luSolveRecoversTheSolution() throws {
        let a = Matrix([[4.0, -2, 1], [3, 6, -4], [2, 1, 8]])
        let x = [1.0, -2, 0.5]
        let solved = try a.solve(a * x)
        for (got, want) in zip(solved, x) { #expect(abs(got - want) < 1e-14) }
        #expect(throws: LinearAlgebraError.self) { try Matrix([[1.0, 2], [2, 4]]).solve([1, 2]) }
    }

    @Test func singularValuesOfAKnownMatrix() throws {
        // diag(3, 2) rotated: singular values stay 3 and 2; condition number 1.5.
        let c = 0.6, s = 0.8
        let rotation = Matrix([[c, -s], [s, c]])
        let m = rotation * Matrix([[3.0, 0], [0, 2]])
        let values = try m.singularValues()
        #expect(abs(values[0] - 3) < 1e-14 && abs(values[1] - 2) < 1e-14)
        #expect(abs(try m.conditionNumber() - 1.5) < 1e-14)
        // A rectangular one: [[1, 1], [1, 1], [0, 0]] has singular values 2 and 0.
        let rectangular = try Matrix([[1.0, 1], [1, 1], [0, 0]]).singularValues()
        #expect(abs(rectangular[0] - 2) < 1e-14 && abs(rectangular[1]) < 1e-14)
    }
}

extension Matrix {
    var rowsArray: [[Double]] { (0..<rows).map { row($0) } }
}
