import VernierCore

/// The plants of this module, for the command-line tool's registry: `modbus/Device-v1`.
public enum ModbusCatalog {
    /// `modbus/Device-v1`.
    public static let deviceID = PlantID(namespace: "modbus", name: "Device", version: 1)

    /// Every plant kind in VernierModbus, with its factory.
    public static var specs: [PlantSpec] {
        [
            PlantSpec(
                id: deviceID,
                summary: "any Modbus device defined in one YAML file (register map, objective, constraints, optional RL view); --options device.yaml",
                capabilities: [.optimizable, .environment],
                defaultOptionsFile: "hardware/examples/steering-device.yaml",
                make: { options in try DevicePlant.make(options) }
            ),
        ]
    }

    /// Registers every plant kind of this module into `registry`.
    public static func register(into registry: inout PlantRegistry) throws {
        for spec in specs { try registry.register(spec) }
    }
}
