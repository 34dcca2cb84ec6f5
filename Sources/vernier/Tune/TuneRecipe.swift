import VernierOptimize

/// Everything needed to repeat or resume a tuning run, stored as the run's configuration.
///
/// Option and space files are stored by content, not by path, so a run resumes as it started even if the
/// files have moved or changed since.
struct TuneRecipe: Codable, Hashable {
    /// The registered plant, or `nil` for an external evaluator.
    var plantID: String?
    /// The plant's options as given (file contents or inline YAML), if any.
    var plantOptions: String?
    /// Where the options came from, for messages.
    var plantOptionsSource: String?
    /// The external evaluator's command, for `--objective-cmd`.
    var objectiveCommand: String?
    /// The contents of the `--space` file, for `--objective-cmd`.
    var spaceFile: String?
    /// `modbus` when the plant's I/O goes through a register map to a device; `nil` for the simulation.
    var backend: String?
    /// The register map (`--map`), for the Modbus backend; read again on resume.
    var mapPath: String?
    /// `HOST:PORT` overriding the map's TCP address (`--endpoint`).
    var endpoint: String?
    /// The context value (`--context`), for contextual plants.
    var context: Double?
    /// The optimiser.
    var optimizer: OptimizerKind
    /// The `--config` file's settings (defaults when none was given).
    var configuration: TuneConfiguration
    /// The total number of evaluations.
    var budget: Int
    /// The seed of the plant's scenario and of the optimiser.
    var seed: UInt64
    /// Whether writes were only logged.
    var dryRun: Bool
    /// The point the machine was at when the run started (physical units); set once the plant is built.
    var initialPoint: [Double]?

    /// The plant as the run store lists it.
    var plantLabel: String {
        plantID ?? "objective-cmd"
    }
}
