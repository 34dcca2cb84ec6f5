/// What an optimiser can honour, declared before it starts so a host can refuse a mismatch up front.
public struct OptimizerCapabilities: Sendable, Hashable, Codable {
    /// Whether it models the problem's constraints (and reports the best *feasible* point).
    public var handlesConstraints: Bool
    /// Whether it tolerates a noisy objective by design (a GP noise term, averaging, a dither) rather than
    /// being misled by one lucky evaluation.
    public var handlesNoise: Bool
    /// The largest number of points one `suggest` may return (1 = strictly sequential).
    public var maximumBatchSize: Int

    public init(handlesConstraints: Bool, handlesNoise: Bool, maximumBatchSize: Int) {
        self.handlesConstraints = handlesConstraints
        self.handlesNoise = handlesNoise
        self.maximumBatchSize = maximumBatchSize
    }

    /// Whether `suggest(n)` with `n > 1` is allowed.
    public var supportsBatch: Bool { maximumBatchSize > 1 }
}
