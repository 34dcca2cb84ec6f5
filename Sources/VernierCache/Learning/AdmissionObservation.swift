/// What the admission agent sees on a miss (SCDL's state): the file and the cache.
public struct AdmissionObservation: Sendable, Hashable {
    /// The file's size (bytes).
    public var size: Int64
    /// Requests for the file so far, this one included (≥ 1).
    public var requestCount: Int32
    /// Seconds since the file's previous request; `.infinity` on its first.
    public var timeSinceLastRequest: Double
    /// Occupied fraction of the capacity, in [0, 1].
    public var occupancy: Double
    /// The cache's object hit ratio so far, in [0, 1].
    public var hitRate: Double

    public init(size: Int64, requestCount: Int32, timeSinceLastRequest: Double, occupancy: Double, hitRate: Double) {
        self.size = size
        self.requestCount = requestCount
        self.timeSinceLastRequest = timeSinceLastRequest
        self.occupancy = occupancy
        self.hitRate = hitRate
    }

    /// The observation as the RL view's vector: size (GB), request count, hours since last request
    /// (capped at 10 000, and the cap on a first request), occupancy, hit rate.
    public func vector(into buffer: inout [Double]) {
        buffer[0] = Double(size) / 1e9
        buffer[1] = Double(requestCount)
        buffer[2] = min(timeSinceLastRequest / 3_600, Self.hoursCap)
        buffer[3] = occupancy
        buffer[4] = hitRate
    }

    /// The largest value of the hours-since-last-request feature.
    public static let hoursCap = 10_000.0
}
