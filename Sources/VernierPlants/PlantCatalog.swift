import VernierCore

/// The simulated plants of this module, for the command-line tool's registry.
public enum PlantCatalog {
    /// Every plant model in VernierPlants, with its factory.
    public static var specs: [PlantSpec] {
        [
            PlantSpec(
                id: PlantID(namespace: "classic", name: "Pendulum", version: 1),
                summary: "Gymnasium's inverted pendulum swing-up; reference for cross-checking learners",
                capabilities: [.environment],
                defaultOptionsFile: "environments/pendulum.yaml",
                make: { options in Pendulum(options: try options.decode(Pendulum.Options.self)) }
            ),
            PlantSpec(
                id: PlantID(namespace: "awake", name: "Steering", version: 1),
                summary: "AWAKE TT43 electron-line trajectory steering: 10 correctors → 10 BPMs (Kain et al. 2020)",
                capabilities: [.optimizable, .environment],
                defaultOptionsFile: "environments/awake.yaml",
                make: { options in try AwakeSteering.make(options) }
            ),
            PlantSpec(
                id: PlantID(namespace: "jpa", name: "Tuning", version: 1),
                summary: "flux-pumped JPA for an axion haloscope: least pump power reaching 20 dB at each target frequency",
                capabilities: [.optimizable, .contextual, .environment],
                defaultOptionsFile: "environments/jpa.yaml",
                make: { options in try JPATuning.make(options) }
            ),
            PlantSpec(
                id: PlantID(namespace: "synthetic", name: "Quadratic", version: 1),
                summary: "N setpoints → N monitors, RMS objective with a hidden optimum; a test device for tuning and Modbus",
                capabilities: [.optimizable],
                make: { options in QuadraticBowl(options: try options.decode(QuadraticBowl.Options.self)) }
            ),
            PlantSpec(
                id: PlantID(namespace: "synthetic", name: "Steering", version: 1),
                summary: "N correctors → N BPMs through a fixed random lower-triangular response; a steering-like test device",
                capabilities: [.optimizable],
                make: { options in LinearSteering(options: try options.decode(LinearSteering.Options.self)) }
            ),
        ]
    }

    /// Registers every plant of this module into `registry`.
    public static func register(into registry: inout PlantRegistry) throws {
        for spec in specs { try registry.register(spec) }
    }
}
