/// The residual readings of a search written as straight-line code, answered from recorded evaluations: the
/// first request without a recorded answer throws ``ReplayOracle/NeedsValue`` with its point, which is the
/// search's next suggestion (as ``ReplayOracle`` does for scalar searches).
struct ResidualOracle {
    /// One recorded evaluation, in the search's coordinates.
    struct Answer {
        /// The point actually evaluated (it may differ from the one asked for by clipping).
        var point: [Double]
        /// The residual readings there; `nil` when the measurement failed.
        var residuals: [Double]?
    }

    let answers: [Answer]
    private(set) var used = 0

    init(answers: [Answer]) { self.answers = answers }

    /// The next recorded answer, for `point`.
    mutating func callAsFunction(_ point: [Double]) throws -> Answer {
        guard used < answers.count else { throw ReplayOracle.NeedsValue(point: point) }
        used += 1
        return answers[used - 1]
    }
}
