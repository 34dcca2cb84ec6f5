/// How a Modbus-backed plant averages its readings: each evaluation reads every reading `count` times, `interval`
/// seconds apart, and computes the objective from their means (a BPM or a gain readout is noisy; averaging N
/// reads divides the noise's standard deviation by √N).
///
/// Pick `interval` at least the instrument's update period: reading a register twice between two updates
/// averages nothing. Every read is checked against the map's bounds on its own.
public struct ReadingAveraging: Sendable, Hashable, Codable {
    /// Reads per evaluation, 1...1000; 1 (the default) reads once.
    public var count: Int
    /// Pause between two reads (s, 0...60); default 0.
    public var interval: Double

    /// The largest `count` accepted.
    public static let maximumCount = 1_000

    public init(count: Int = 1, interval: Double = 0) {
        self.count = count
        self.interval = interval
    }

    /// The problems with these settings, if any, each naming the field and its valid range.
    public func problems() -> [String] {
        var found: [String] = []
        if !(1...Self.maximumCount).contains(count) {
            found.append("averaging count \(count) must lie in 1...\(Self.maximumCount)")
        }
        if !(interval >= 0 && interval <= 60) {
            found.append("averaging interval \(interval) s must lie in 0...60 s")
        }
        return found
    }
}
