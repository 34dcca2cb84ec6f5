/// A parameter the plant writes: a register point in a writable table (holding register or coil), with the
/// limits and timing of writing it.
public struct Setpoint: Sendable, Hashable {
    /// Where the value lives and how it converts; its ``RegisterPoint/bounds`` are always set for a setpoint:
    /// nothing outside them is ever written.
    public var point: RegisterPoint
    /// Largest change in one write (physical units, > 0), or nil for no limit beyond the safety envelope's.
    public var maxStep: Double?
    /// Time to wait after writing a new value before anything is read (s, ≥ 0).
    public var settleTime: Double
    /// How to verify the write, or nil to trust it.
    public var readback: Readback?

    public init(point: RegisterPoint, maxStep: Double? = nil, settleTime: Double = 0, readback: Readback? = nil) {
        self.point = point
        self.maxStep = maxStep
        self.settleTime = settleTime
        self.readback = readback
    }

    /// The parameter's name.
    public var name: String { point.name }

    /// The physical bounds (the point's bounds, which a setpoint always has).
    public var bounds: ClosedRange<Double> { point.bounds ?? -Double.infinity...Double.infinity }
}

/// How a written setpoint is verified: read back after the settle time and compared with what was written.
public struct Readback: Sendable, Hashable {
    /// Largest accepted difference between the read-back and the written (quantised) value, in physical units (≥ 0).
    public var tolerance: Double
    /// The reading that reports the applied value (e.g. a power supply's measured current), or nil to read the
    /// setpoint's own registers back.
    public var reading: String?

    public init(tolerance: Double, reading: String? = nil) {
        self.tolerance = tolerance
        self.reading = reading
    }
}
