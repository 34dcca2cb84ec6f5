/// An observation or action space: a ``Box`` of reals or a ``Discrete`` set of choices.
///
/// Actions and observations travel as `[Double]`. A discrete action is a one-element array holding the
/// chosen integer (exactly representable), so one `step` signature serves every plant and learners need no
/// generic action type; ``contains(_:)`` checks the value is integral and in range.
public enum Space: Sendable, Hashable, Codable {
    case box(Box)
    case discrete(Discrete)

    /// Number of `Double` elements a value of this space occupies.
    public var elementCount: Int {
        switch self {
        case .box(let box): box.count
        case .discrete: 1
        }
    }

    /// Whether `value` is a member of the space.
    public func contains(_ value: [Double]) -> Bool {
        switch self {
        case .box(let box):
            return box.contains(value)
        case .discrete(let discrete):
            guard value.count == 1, let choice = Int(exactly: value[0]) else { return false }
            return discrete.contains(choice)
        }
    }

    /// A member drawn with `generator`.
    public func sample(using generator: inout some RandomNumberGenerator) -> [Double] {
        switch self {
        case .box(let box): box.sample(using: &generator)
        case .discrete(let discrete): [Double(discrete.sample(using: &generator))]
        }
    }

    /// The box, if this is one.
    public var box: Box? {
        if case .box(let box) = self { box } else { nil }
    }

    /// The problems with this space, if any (see ``Box/problems(allowInfinite:)``).
    public func problems(allowInfinite: Bool) -> [String] {
        switch self {
        case .box(let box): box.problems(allowInfinite: allowInfinite)
        case .discrete(let discrete): discrete.problems()
        }
    }
}

extension Space: CustomStringConvertible {
    public var description: String {
        switch self {
        case .box(let box):
            let lows = Set(box.low), highs = Set(box.high)
            if lows.count == 1, highs.count == 1, let low = lows.first, let high = highs.first {
                return "Box(\(low), \(high), shape: \(box.shape))"
            }
            return "Box(low: \(box.low), high: \(box.high))"
        case .discrete(let discrete):
            return discrete.start == 0 ? "Discrete(\(discrete.count))" : "Discrete(\(discrete.count), start: \(discrete.start))"
        }
    }
}
