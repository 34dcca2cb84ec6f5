/// Timing of a Modbus connection: how long to wait for a device, and how to retry when it does not answer.
///
/// A timed-out request (or one a busy device refused) is retried after an exponential back-off
/// `initialBackoff × 2^(attempt − 1)`, capped at `maxBackoff`. Retrying is safe because every request Vernier
/// sends is idempotent: reads, and writes of absolute setpoints.
public struct ConnectionOptions: Sendable, Hashable, Codable {
    /// Longest wait for a response to begin (s, > 0); libmodbus's response timeout. Default 0.5 s.
    public var responseTimeout: Double
    /// Longest silence between two bytes of one response (s, ≥ 0; 0 disables the check); libmodbus's byte timeout.
    /// Default 0.05 s.
    public var byteTimeout: Double
    /// Further attempts after a timeout, a busy device or a CRC error (0...20; 0 tries once). Default 2.
    public var retries: Int
    /// Wait before the first retry or reconnection attempt (s, ≥ 0); doubled each further attempt. Default 0.01 s.
    public var initialBackoff: Double
    /// Longest wait between two attempts (s, ≥ `initialBackoff`). Default 1 s.
    public var maxBackoff: Double

    public init(
        responseTimeout: Double = 0.5, byteTimeout: Double = 0.05, retries: Int = 2,
        initialBackoff: Double = 0.01, maxBackoff: Double = 1
    ) {
        self.responseTimeout = responseTimeout
        self.byteTimeout = byteTimeout
        self.retries = retries
        self.initialBackoff = initialBackoff
        self.maxBackoff = maxBackoff
    }

    /// The wait before attempt `attempt` (1 = the first retry), in seconds.
    public func backoff(beforeAttempt attempt: Int) -> Double {
        guard attempt > 0 else { return 0 }
        let doublings = Double(1 << min(attempt - 1, 30))
        return min(initialBackoff * doublings, maxBackoff)
    }

    /// The problems with these options, if any, each naming the field and its valid range.
    public func problems() -> [String] {
        var found: [String] = []
        if !(responseTimeout > 0 && responseTimeout.isFinite && responseTimeout < 4_294) {
            found.append("response timeout \(responseTimeout) s must be positive and finite (below 4294 s)")
        }
        if !(byteTimeout >= 0 && byteTimeout.isFinite && byteTimeout < 4_294) {
            found.append("byte timeout \(byteTimeout) s must be zero or positive and finite (below 4294 s)")
        }
        if !(0...20).contains(retries) { found.append("retries \(retries) must lie in 0...20") }
        if !(initialBackoff >= 0 && initialBackoff.isFinite) {
            found.append("initial back-off \(initialBackoff) s must be zero or positive and finite")
        }
        if !(maxBackoff >= initialBackoff && maxBackoff.isFinite) {
            found.append("maximum back-off \(maxBackoff) s must be finite and at least the initial back-off \(initialBackoff) s")
        }
        return found
    }
}
