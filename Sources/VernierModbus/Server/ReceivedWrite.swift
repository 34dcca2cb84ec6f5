/// A write request a ``DeviceServer`` received, accepted or refused: the device's own log of what a client
/// tried to set, from which a test or a soak run checks bounds and step sizes on the device's side.
public struct ReceivedWrite: Sendable, Hashable, Codable {
    /// The request's number (1-based, counted over every link, as ``DeviceServer/Counters/requests``).
    public var request: Int
    /// Whether the write was applied.
    public var accepted: Bool
    /// The settings after the write (accepted), or those the write asked for when it was refused for a value
    /// (out of bounds, NaN); nil when it was refused before any value was decoded (an address the map does not
    /// use, half a 32-bit value). Physical units, in ``RegisterMap/writablePoints`` order.
    public var settings: [Double]?
    /// Why it was refused.
    public var reason: String?

    public init(request: Int, accepted: Bool, settings: [Double]?, reason: String?) {
        self.request = request
        self.accepted = accepted
        self.settings = settings
        self.reason = reason
    }
}
