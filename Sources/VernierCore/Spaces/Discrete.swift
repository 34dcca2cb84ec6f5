/// A finite set of `count` choices `{start, start + 1, …, start + count − 1}` (Gymnasium's `spaces.Discrete`).
public struct Discrete: Sendable, Hashable, Codable {
    /// Number of choices; at least 1 for a usable space.
    public var count: Int
    /// The first choice.
    public var start: Int

    public init(_ count: Int, start: Int = 0) {
        self.count = count
        self.start = start
    }

    /// Whether `choice` is one of the space's values.
    public func contains(_ choice: Int) -> Bool {
        choice >= start && choice < start + count
    }

    /// A choice drawn uniformly with `generator`.
    public func sample(using generator: inout some RandomNumberGenerator) -> Int {
        start + Int.random(in: 0..<count, using: &generator)
    }

    /// The problems with this space, if any.
    public func problems() -> [String] {
        count >= 1 ? [] : ["a discrete space needs at least one choice, it has \(count)"]
    }
}
