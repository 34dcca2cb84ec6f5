import VernierCore
import VernierExpressions

/// One constraint of a device definition: a quantity computed from the readings and parameters, and the
/// interval it must stay in. `beam_loss <= 0.2` and `beam_loss >= 0` on the same quantity merge into one
/// two-sided constraint.
public struct DeviceConstraint: Sendable, Hashable {
    /// The quantity's text, e.g. "beam_loss": the constraint's name.
    public var name: String
    /// The compiled quantity.
    public var quantity: CompiledExpression
    /// Smallest feasible value (−∞ when only bounded above).
    public var lowerBound: Double
    /// Largest feasible value (+∞ when only bounded below).
    public var upperBound: Double
    /// Where the (first) comparison is written.
    public var location: SourceLocation

    public init(name: String, quantity: CompiledExpression, lowerBound: Double, upperBound: Double, location: SourceLocation) {
        self.name = name
        self.quantity = quantity
        self.lowerBound = lowerBound
        self.upperBound = upperBound
        self.location = location
    }

    /// The constraint as the optimisers see it.
    public var constraint: Constraint {
        Constraint(name: name, lowerBound: lowerBound, upperBound: upperBound)
    }
}
