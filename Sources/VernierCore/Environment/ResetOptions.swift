/// Typed options of `Environment.reset` (Gymnasium's `options` dict).
public struct ResetOptions: Sendable, Hashable, Codable {
    /// Start the episode in exactly this internal state (plant-specific layout, e.g. `[θ, θ̇]` for Pendulum).
    public var state: [Double]?
    /// Start the episode at this context value (e.g. a JPA target frequency in GHz).
    public var context: Double?

    public init(state: [Double]? = nil, context: Double? = nil) {
        self.state = state
        self.context = context
    }
}
