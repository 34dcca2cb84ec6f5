/// Discretises an ``AdmissionObservation`` into one of ``stateCount`` states for a tabular learner
/// (SCDL discretises its features the same way).
///
/// Bins: size by powers of two of 256 MB (< 0.25, < 0.5, < 1, < 2, < 4, < 8 GB, ≥ 8 GB: 7 bins); request
/// count 1, 2, 3–4, 5–8, ≥ 9 (5 bins); time since the previous request: first request, < 1 h, < 6 h, < 1 d,
/// < 1 week, ≥ 1 week (6 bins); occupancy and hit rate in quarters (4 bins each).
public struct AdmissionStateEncoder: Sendable, Hashable, Codable {
    public static let sizeBins = 7, countBins = 5, ageBins = 6, occupancyBins = 4, hitRateBins = 4

    public init() {}

    /// The number of states.
    public var stateCount: Int { Self.sizeBins * Self.countBins * Self.ageBins * Self.occupancyBins * Self.hitRateBins }

    /// States that differ only in the cache's condition (occupancy, hit rate) share a file group: the states
    /// `group × statesPerFileGroup ..< (group + 1) × statesPerFileGroup`.
    public static let statesPerFileGroup = occupancyBins * hitRateBins

    /// The size bin (0..<``sizeBins``) of a file of `size` bytes: the file categories of the RL view's
    /// eviction actions too.
    public static func sizeBin(of size: Int64) -> Int {
        var bin = 0
        var limit: Int64 = 250_000_000
        while bin < sizeBins - 1 && size >= limit { bin += 1; limit *= 2 }
        return bin
    }

    /// The state of `observation`, in `0..<stateCount`.
    public func state(of observation: AdmissionObservation) -> Int {
        let sizeBin = Self.sizeBin(of: observation.size)
        let count = observation.requestCount
        let countBin = count <= 1 ? 0 : count == 2 ? 1 : count <= 4 ? 2 : count <= 8 ? 3 : 4
        let age = observation.timeSinceLastRequest
        let ageBin = !age.isFinite ? 0 : age < 3_600 ? 1 : age < 21_600 ? 2 : age < 86_400 ? 3 : age < 604_800 ? 4 : 5
        let occupancyBin = min(Int(observation.occupancy * 4), 3)
        let hitBin = min(Int(observation.hitRate * 4), 3)
        return (((sizeBin * Self.countBins + countBin) * Self.ageBins + ageBin) * Self.occupancyBins + occupancyBin)
            * Self.hitRateBins + hitBin
    }
}
