import VernierMath
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
    /// Where the plant's I/O goes: the simulation, or a device through a register map (read again on resume).
    var backend: PlantBackend = .simulated
    /// The context value (`--context`), for contextual plants.
    var context: Double?
    /// The optimiser.
    var optimizer: OptimizerKind
    /// The `--config` file's settings (defaults when none was given).
    var configuration: TuneConfiguration
    /// The total number of evaluations.
    var budget: Int
    /// The command's seed: the plant's scenario takes it as given, the optimiser a stream derived from it
    /// (``optimizerSeed``).
    var seed: UInt64
    /// Whether writes were only logged.
    var dryRun: Bool
    /// The point the machine was at when the run started (physical units); set once the plant is built.
    var initialPoint: [Double]?

    /// The plant as the run store lists it.
    var plantLabel: String {
        plantID ?? "objective-cmd"
    }

    /// The seed of the optimiser's own stream (see `SeedStreams`).
    var optimizerSeed: UInt64 {
        SeedStreams.seed(seed, for: .optimizer)
    }

    init(plantID: String?, objectiveCommand: String?, backend: PlantBackend, context: Double?,
         optimizer: OptimizerKind, budget: Int, seed: UInt64, dryRun: Bool) {
        self.plantID = plantID
        self.objectiveCommand = objectiveCommand
        self.backend = backend
        self.context = context
        self.optimizer = optimizer
        self.configuration = TuneConfiguration()
        self.budget = budget
        self.seed = seed
        self.dryRun = dryRun
    }

    enum CodingKeys: String, CodingKey {
        case plantID, plantOptions, plantOptionsSource, objectiveCommand, spaceFile, backend, context, optimizer
        case configuration, budget, seed, dryRun, initialPoint
        // Recipes written before the backend was typed kept it as three strings.
        case legacyMapPath = "mapPath", legacyEndpoint = "endpoint"
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        plantID = try container.decodeIfPresent(String.self, forKey: .plantID)
        plantOptions = try container.decodeIfPresent(String.self, forKey: .plantOptions)
        plantOptionsSource = try container.decodeIfPresent(String.self, forKey: .plantOptionsSource)
        objectiveCommand = try container.decodeIfPresent(String.self, forKey: .objectiveCommand)
        spaceFile = try container.decodeIfPresent(String.self, forKey: .spaceFile)
        if let typed = try? container.decodeIfPresent(PlantBackend.self, forKey: .backend) {
            backend = typed
        } else if try container.decodeIfPresent(String.self, forKey: .backend) == "modbus",
                  let map = try container.decodeIfPresent(String.self, forKey: .legacyMapPath) {
            let endpoint = try container.decodeIfPresent(String.self, forKey: .legacyEndpoint).flatMap(Endpoint.init(argument:))
            backend = .modbus(map: map, endpoint: endpoint)
        } else {
            backend = .simulated
        }
        context = try container.decodeIfPresent(Double.self, forKey: .context)
        optimizer = try container.decode(OptimizerKind.self, forKey: .optimizer)
        configuration = try container.decode(TuneConfiguration.self, forKey: .configuration)
        budget = try container.decode(Int.self, forKey: .budget)
        seed = try container.decode(UInt64.self, forKey: .seed)
        dryRun = try container.decode(Bool.self, forKey: .dryRun)
        initialPoint = try container.decodeIfPresent([Double].self, forKey: .initialPoint)
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(plantID, forKey: .plantID)
        try container.encodeIfPresent(plantOptions, forKey: .plantOptions)
        try container.encodeIfPresent(plantOptionsSource, forKey: .plantOptionsSource)
        try container.encodeIfPresent(objectiveCommand, forKey: .objectiveCommand)
        try container.encodeIfPresent(spaceFile, forKey: .spaceFile)
        try container.encode(backend, forKey: .backend)
        try container.encodeIfPresent(context, forKey: .context)
        try container.encode(optimizer, forKey: .optimizer)
        try container.encode(configuration, forKey: .configuration)
        try container.encode(budget, forKey: .budget)
        try container.encode(seed, forKey: .seed)
        try container.encode(dryRun, forKey: .dryRun)
        try container.encodeIfPresent(initialPoint, forKey: .initialPoint)
    }
}
