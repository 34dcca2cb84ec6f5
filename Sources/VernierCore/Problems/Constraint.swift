/// A named constraint `lowerBound ≤ c(x) ≤ upperBound` on a quantity the plant computes at each evaluation.
///
/// SciPy's `NonlinearConstraint` (which COI uses) with a name. A one-sided constraint leaves the other bound
/// infinite: "gain ≥ 19.5 dB" is `Constraint(name: "gain_db", lowerBound: 19.5)`.
public struct Constraint: Sendable, Hashable, Codable {
    /// What the constrained quantity is, e.g. "gain_db".
    public var name: String
    /// Smallest feasible value; `-infinity` when there is none.
    public var lowerBound: Double
    /// Largest feasible value; `+infinity` when there is none.
    public var upperBound: Double

    public init(name: String, lowerBound: Double = -.infinity, upperBound: Double = .infinity) {
        self.name = name
        self.lowerBound = lowerBound
        self.upperBound = upperBound
    }

    /// Whether `value` satisfies the constraint (NaN never does).
    public func isSatisfied(by value: Double) -> Bool {
        value >= lowerBound && value <= upperBound
    }

    /// How far `value` lies outside the feasible interval (0 when feasible, +∞ for NaN).
    public func violation(of value: Double) -> Double {
        if value.isNaN { return .infinity }
        if value < lowerBound { return lowerBound - value }
        if value > upperBound { return value - upperBound }
        return 0
    }
}
