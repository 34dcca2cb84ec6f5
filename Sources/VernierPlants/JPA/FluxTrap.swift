/// The hysteretic jump region of a flux-tunable SQUID near half a flux quantum.
///
/// Near Φ = (n + ½) Φ₀ the SQUID's Josephson inductance diverges, f₀ falls out of the band, and real devices
/// jump between flux states and trap flux. Modelled phenomenologically: once the flux comes within
/// `halfWidth` of a half-integer the device is *trapped* — it shows no resonance and no parametric gain —
/// and it stays trapped until the flux moves farther than `releaseHalfWidth` (≥ `halfWidth`) from it, so the
/// dead region is wider on the way out than on the way in. Each trapping event moves the flux offset by a
/// random jump (see ``JPATuning``).
public struct FluxTrap: Sendable, Hashable, Codable {
    /// Distance from the half-integer flux at which the device gets trapped (Φ₀); 0 disables the region.
    public var halfWidth: Double
    /// Distance from the half-integer flux beyond which a trapped device recovers (Φ₀), ≥ `halfWidth`.
    public var releaseHalfWidth: Double
    /// Whether the device is trapped now.
    public private(set) var isTrapped = false

    public init(halfWidth: Double, releaseHalfWidth: Double) {
        self.halfWidth = halfWidth
        self.releaseHalfWidth = max(releaseHalfWidth, halfWidth)
    }

    /// Distance of `flux` (Φ₀) from the nearest half-integer.
    public static func distanceFromHalf(_ flux: Double) -> Double {
        abs(flux - flux.rounded(.down) - 0.5)
    }

    /// Moves the device to `flux` (Φ₀); returns whether it has just become trapped.
    public mutating func update(flux: Double) -> Bool {
        let distance = Self.distanceFromHalf(flux)
        if isTrapped {
            isTrapped = distance < releaseHalfWidth
            return false
        }
        isTrapped = distance < halfWidth
        return isTrapped
    }

    /// Frees the device (a new cool-down).
    public mutating func release() {
        isTrapped = false
    }
}
