/// Where a device definition's optimisation starts (`initial:`).
public enum InitialSettings: Sendable, Hashable {
    /// Where the device is when the run starts (`initial: current`, the default).
    case current
    /// Explicit values, one per parameter in map order (checked against the map's bounds when loaded); nil keeps
    /// that parameter where the device has it (a mapping `initial: {corrector_3: 0.1}` that names only some).
    case values([Double?])
}
