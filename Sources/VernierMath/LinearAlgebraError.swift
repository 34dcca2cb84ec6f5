/// A LAPACK factorisation or solve that could not be done.
public enum LinearAlgebraError: Error, Equatable, CustomStringConvertible {
    /// The matrix is not (numerically) positive definite: the leading minor of `order` is not positive.
    case notPositiveDefinite(order: Int)
    /// The matrix is singular: a zero pivot at `index`.
    case singular(index: Int)
    /// An iterative LAPACK routine did not converge (`info` as LAPACK returned it).
    case noConvergence(routine: String, info: Int)
    /// Arguments of the wrong shape.
    case shapeMismatch(String)

    public var description: String {
        switch self {
        case .notPositiveDefinite(let order):
            return "matrix is not positive definite (leading minor of order \(order) is not positive)"
        case .singular(let index):
            return "matrix is singular (zero pivot at \(index))"
        case .noConvergence(let routine, let info):
            return "LAPACK \(routine) did not converge (info \(info))"
        case .shapeMismatch(let text):
            return "shape mismatch: \(text)"
        }
    }
}
