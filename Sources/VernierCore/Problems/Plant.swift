/// Anything Vernier can drive: an optimisation problem, an environment, or both.
///
/// A plant owns its model and its I/O (in-process simulation, or a device over Modbus). It describes itself
/// with typed ``PlantMetadata`` and releases what it holds in ``close()``.
public protocol Plant {
    /// What the plant is and how it may be driven.
    var metadata: PlantMetadata { get }

    /// Releases connections and files the plant holds. Calling it again must be harmless.
    mutating func close() throws
}

extension Plant {
    public mutating func close() throws {}
}
