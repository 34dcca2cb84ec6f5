/// How often each stage's values fell outside their format (and were saturated or wrapped), for the
/// quantiser's report.
public struct SaturationCounts: Sendable, Hashable, Codable {
    /// Stage names in pipeline order: "input", "normalization" (when present), "layer 1"…, "action".
    public var stages: [String]
    /// Values that overflowed, per stage.
    public var overflowed: [Int]
    /// Values computed, per stage.
    public var total: [Int]

    /// The share of overflowed values per stage, 0…1.
    public var shares: [Double] {
        zip(overflowed, total).map { $1 == 0 ? 0 : Double($0) / Double($1) }
    }
}
