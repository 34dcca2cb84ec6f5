import Foundation
import VernierCore
import VernierExpressions
import VernierYAML
import Yams

/// `modbus/Device-v1`: any Modbus device as a plant, defined entirely by a ``DeviceDefinition`` (register map,
/// objective or `maximize:`, constraints, averaging, initial settings) — no Swift required.
///
/// The I/O is a ``ModbusPlant``'s: writes are checked against the map's bounds and `max_step`, followed by the
/// settle time and read-backs; each evaluation averages the readings `averaging` times and computes the
/// objective and constraints with the definition's compiled expressions. ``measure()`` reads without writing, so
/// a ``SafetyEnvelope`` dry run works (`SafetyLimits.dryRun = true`: the writes are only logged; see
/// ``WritePreview`` to show them).
///
/// Opening connects at once and reads every parameter, so an unreachable device or a wrong address is
/// reported before anything is written (``DevicePlantError/unreachable(endpoint:definition:underlying:)``).
/// A definition with an RL view opens as a ``DeviceEnvironment`` instead.
public struct DevicePlant: ModbusBackedPlant {
    /// The definition.
    public let definition: DeviceDefinition
    /// The settings the device had when the plant was opened (parameter order = map order).
    public let openingSettings: [Double]
    /// The Modbus backend doing the I/O.
    private(set) var backend: ModbusPlant<DeviceModel>

    /// Connects to the definition's device and opens the plant.
    ///
    /// - Throws: ``DevicePlantError/unreachable(endpoint:definition:underlying:)`` when the device does not
    ///   accept the connection; ``ModbusError`` when it refuses the first read (e.g. a wrong address).
    public static func open(_ definition: DeviceDefinition) throws -> DevicePlant {
        let device: ModbusDevice
        do {
            device = try ModbusDevice.open(definition.map)
        } catch {
            throw DevicePlantError.unreachable(endpoint: definition.map.transport.endpoint,
                                               definition: definition.source, underlying: error)
        }
        return try DevicePlant(definition: definition, device: device)
    }

    /// Opens the plant on a connected `device` (which it then owns), reading every parameter once.
    public init(definition: DeviceDefinition, device: ModbusDevice) throws {
        var backend: ModbusPlant<DeviceModel>
        do {
            backend = try ModbusPlant(model: DeviceModel(definition: definition), device: device)
            backend.averaging = definition.averaging
            openingSettings = try backend.currentSettings()
        } catch let error as ModbusError where error.kind == .timeout || error.kind == .cannotConnect {
            device.close()
            throw DevicePlantError.unreachable(endpoint: definition.map.transport.endpoint,
                                               definition: definition.source, underlying: error)
        } catch {
            device.close()
            throw error
        }
        self.definition = definition
        self.backend = backend
    }

    /// Builds the registry's `modbus/Device-v1` from its options: the definition file given with `--options`.
    ///
    /// - Throws: ``OptionsError`` without options, ``RegisterMapError`` for a bad definition (both bad input),
    ///   ``DevicePlantError`` or ``ModbusError`` when the device cannot be reached (a failed run).
    public static func make(_ options: PlantOptions) throws -> any ModbusBackedPlant {
        guard let node = options.yamlNode else {
            throw OptionsError(source: ModbusCatalog.deviceID.description,
                               message: "needs its definition: give the YAML file with --options device.yaml "
                                   + "(a register map plus objective:, constraints: …; see hardware/README.md)")
        }
        // Re-reading the file gives expression errors their exact column in it.
        let definition = options.directory != nil && FileManager.default.fileExists(atPath: options.source)
            ? try DeviceDefinition(contentsOf: URL(fileURLWithPath: options.source))
            : try DeviceDefinition(node: node, source: options.source)
        return try open(definition: definition)
    }

    /// Opens `definition` as a ``DeviceEnvironment`` when it has an RL view, else as a ``DevicePlant``.
    public static func open(definition: DeviceDefinition) throws -> any ModbusBackedPlant {
        let plant = try open(definition)
        guard let view = definition.reinforcementLearning else { return plant }
        return DeviceEnvironment(plant: plant, view: view)
    }

    // MARK: - SingleOptimizable

    /// The map's device, over Modbus, with the definition's success threshold and episode limit.
    public var metadata: PlantMetadata { backend.metadata }
    /// Each parameter's bounds from the map.
    public var optimizationSpace: Box { backend.optimizationSpace }
    /// The map's parameter names, in map order.
    public var parameterNames: [String] { backend.parameterNames }
    public var objectiveName: String { backend.objectiveName }
    public var constraints: [Constraint] { backend.constraints }

    /// Where optimisation starts: the device's present settings (`initial: current`), or the definition's
    /// explicit values (parameters it does not name stay where the device has them). `seed` is ignored: a real
    /// machine has no random scenario.
    ///
    /// Hosts put the envelope's `initialPoint` (where the machine is, for restoring) at ``currentSettings()``,
    /// and start the optimiser here; the first evaluation then moves the machine in steps no longer than the
    /// maximum.
    public mutating func initialParameters(seed: UInt64?) throws -> [Double] {
        switch definition.initial {
        case .current:
            return try backend.currentSettings()
        case .values(let values):
            guard values.contains(nil) else { return values.map { $0 ?? .nan } }
            let current = try backend.currentSettings()
            return zip(values, current).map { $0 ?? $1 }
        }
    }

    /// Writes `parameters` (within the map's bounds and `max_step`), waits the settle time, averages the
    /// readings, and evaluates the objective and constraints.
    public mutating func evaluate(_ parameters: [Double]) throws -> Evaluation {
        try backend.evaluate(parameters)
    }

    /// Writes `parameters` and waits the settle time, reading nothing but the read-backs.
    public mutating func applySettings(_ parameters: [Double]) throws {
        try backend.applySettings(parameters)
    }

    /// Always: the readings can be read without writing, so a dry run can measure.
    public var canMeasureWithoutWriting: Bool { true }

    /// Averages the readings at the present settings and evaluates; writes nothing.
    public mutating func measure() throws -> Evaluation {
        try backend.measure()
    }

    /// Closes the connection. Safe to call twice.
    public mutating func close() throws {
        try backend.close()
    }

    // MARK: - ModbusBackedPlant

    public var device: ModbusDevice { backend.device }
    public var maxStep: [Double]? { backend.maxStep }

    public func safetyLimits(outOfBounds: OutOfBoundsPolicy = .clip, onAbort: RestoreTarget = .initial,
                             onCompletion: RestoreTarget = .best, dryRun: Bool = false) -> SafetyLimits {
        backend.safetyLimits(outOfBounds: outOfBounds, onAbort: onAbort, onCompletion: onCompletion, dryRun: dryRun)
    }

    public mutating func currentSettings() throws -> [Double] {
        try backend.currentSettings()
    }

    public mutating func restore(to point: [Double], target: RestoreTarget, within timeout: Double) -> RestoreReport {
        backend.restore(to: point, target: target, within: timeout)
    }

    public var context: Double? { backend.context }

    public mutating func setContext(_ value: Double) throws {
        try backend.setContext(value)
    }

    // MARK: - Values

    /// The values the expressions saw at the last evaluation or measurement: the averaged readings, then the
    /// settings in force (map order; NaN for settings unknown after a failed write).
    public mutating func latestValues() throws -> [Double] {
        backend.latestReadings + (try backend.lastSettings())
    }

    /// Moves the device to `target` from where it is, in steps no longer than `max_step` (RL resets and steps).
    mutating func move(to target: [Double], from start: [Double]? = nil) throws {
        try backend.move(to: target, from: start)
    }

    /// The settings last written or read, reading the device when unknown.
    mutating func lastSettings() throws -> [Double] {
        try backend.lastSettings()
    }
}
