import VernierCore

/// A plant whose I/O goes over Modbus, seen without its model's type: what `vernier tune` / `vernier run` need
/// beyond `SingleOptimizable` to drive real hardware — limits that match the register map, and recovery after
/// the device dropped out.
///
/// ``ModbusPlant`` conforms for every model. Hosts open the existential into a generic function
/// (`func drive<P: ModbusBackedPlant>(_ plant: P)`) to put it in a ``SafetyEnvelope``.
public protocol ModbusBackedPlant: SingleOptimizable, PositionReadback {
    /// The device and its register map.
    var device: ModbusDevice { get }

    /// Largest move per write of each parameter from the map's `max_step` (nil when the map sets none).
    var maxStep: [Double]? { get }

    /// Safety limits that match the map: hard limits = the writable box, max step = the map's.
    func safetyLimits(outOfBounds: OutOfBoundsPolicy, onAbort: RestoreTarget, onCompletion: RestoreTarget,
                      dryRun: Bool) -> SafetyLimits

    /// Reads the device's present settings (parameter order).
    mutating func currentSettings() throws -> [Double]

    /// The context the plant is evaluated at (a JPA's target frequency), or nil for a model without context.
    var context: Double? { get }

    /// Moves the device to context `value` (the map's context register), changing ``optimizationSpace``: build
    /// the safety envelope after this.
    mutating func setContext(_ value: Double) throws

    /// Waits (up to `timeout` s) until the device answers again, then moves it to `point` in steps no longer
    /// than `max_step`; the report says whether that worked, and why not.
    mutating func restore(to point: [Double], target: RestoreTarget, within timeout: Double) -> RestoreReport
}

extension ModbusPlant: ModbusBackedPlant {}

extension ModbusBackedPlant {
    /// The setpoint registers as the device holds them (``currentSettings()``): after a failed write the safety
    /// envelope restores from there.
    public mutating func readPosition() throws -> [Double] {
        try currentSettings()
    }
}
