/// The objective of a search written as straight-line code, answered from recorded values: the first call
/// without a recorded value throws ``NeedsValue`` with its point, which is the search's next suggestion.
///
/// How ``RCDS`` and ``Powell`` are ask/tell with a `Codable` state: the state is the settings and the values
/// so far, and each suggestion re-runs the deterministic search against them (O(n) per suggestion for n
/// values so far: microseconds per hundred evaluations, nothing beside a measurement on a machine).
struct ReplayOracle {
    /// The point (the search's coordinates) that needs a value.
    struct NeedsValue: Error {
        var point: [Double]
    }

    let values: [Double]
    private(set) var used = 0

    init(values: [Double]) { self.values = values }

    /// The next recorded value, for `point`.
    mutating func callAsFunction(_ point: [Double]) throws -> Double {
        guard used < values.count else { throw NeedsValue(point: point) }
        used += 1
        return values[used - 1]
    }
}
