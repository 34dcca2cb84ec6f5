import Foundation
import Testing
import VernierMath

struct CholeskyTests {
    // A = L Lᵀ with L = [[2, 0, 0], [1, 3, 0], [−1, 2, 1]]: a hand-built factor, so every result is known.
    static let lower = Matrix([[2.0, 0, 0], [1, 3, 0], [-1, 2, 1]])
    static let matrix = lower * lower.transposed()

    @Test func factorIsTheKnownLowerTriangle() throws {
        let factor = try Cholesky(Self.matrix)
        for (got, want) in zip(factor.lower.elements, Self.lower.elements) { #expect(abs(got - want) < 1e-14) }
    }

    @Test func solvesAndLogDeterminant() throws {
        let factor = try Cholesky(Self.matrix)
        let x = [0.5, -1, 2]
        let b = Self.matrix * x
        for (got, want) in zip(factor.solve(b), x) { #expect(abs(got - want) < 1e-13) }
        // L y = b by forward substitution with the known L.
        let y = [1.0, 2, 3]
        for (got, want) in zip(factor.solveLower(Self.lower * y), y) { #expect(abs(got - want) < 1e-14) }
        // det A = (2 · 3 · 1)² = 36.
        #expect(abs(factor.logDeterminant - log(36)) < 1e-14)
        let product = Self.matrix * factor.inverse()
        for r in 0..<3 { for c in 0..<3 { #expect(abs(product[r, c] - (r == c ? 1 : 0)) < 1e-13) } }
    }

    @Test func matrixSolveWithSeveralRightHandSides() throws {
        let factor = try Cholesky(Self.matrix)
        let x = Matrix([[1.0, 0], [0, 1], [2, -3]])
        var b = Self.matrix * x
        factor.solve(&b)
        for (got, want) in zip(b.elements, x.elements) { #expect(abs(got - want) < 1e-13) }
    }

    @Test func indefiniteMatrixIsRefusedWithItsOrder() {
        #expect(throws: LinearAlgebraError.notPositiveDefinite(order: 2)) {
            try Cholesky(Matrix([[1.0, 2], [2, 1]]))
        }
        #expect(throws: LinearAlgebraError.self) { try Cholesky(Matrix(rows: 2, columns: 3)) }
    }
}
