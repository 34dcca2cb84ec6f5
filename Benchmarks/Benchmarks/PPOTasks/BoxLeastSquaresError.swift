/// Why ``BoxLeastSquares`` gave up.
enum BoxLeastSquaresError: Error, CustomStringConvertible {
    /// The active set kept changing (cycling); never seen on well-posed problems.
    case noConvergence

    var description: String { "box-constrained least squares did not converge (active set cycling)" }
}
