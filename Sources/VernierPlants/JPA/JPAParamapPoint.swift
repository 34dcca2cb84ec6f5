/// One point of a JPA paramap: the gain an operator measures at one flux bias and one pump power.
public struct JPAParamapPoint: Sendable, Hashable, Codable {
    /// Flux-bias current (µA).
    public var bias: Double
    /// The dc flux it gives (Φ₀), true offset included.
    public var flux: Double
    /// The passive (unpumped) resonance (GHz); NaN when the SQUID is trapped.
    public var passiveFrequency: Double
    /// Pump power at the generator (dBm).
    public var pumpPower: Double
    /// Pump frequency (GHz).
    public var pumpFrequency: Double
    /// Signal frequency the gain is read at (GHz).
    public var signalFrequency: Double
    /// Gain (dB); NaN when the amplifier is unstable.
    public var gain: Double
    /// Whether the amplifier oscillates (above threshold).
    public var isUnstable: Bool
    /// Whether the SQUID is trapped near Φ₀/2 (no resonance, no gain).
    public var isTrapped: Bool
}
