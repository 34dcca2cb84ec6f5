import ArgumentParser
import Foundation
import VernierCore
import VernierOptimize
import VernierPlants
import VernierStore

extension OptimizerKind: ExpressibleByArgument {}

/// `vernier tune`: Vernier's main job — tune a plant online with an optimiser, through the safety envelope,
/// recording every evaluation in the run store before the next move.
struct TuneCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tune",
        abstract: "Tune a plant with an optimiser through the safety envelope, recording every evaluation.",
        discussion: """
            Examples:
              vernier tune awake/Steering-v1 --optimizer bo --budget 40 --seed 1
              vernier tune jpa/Tuning-v1 --context 2.25 --optimizer nelder-mead --budget 80
              vernier tune --objective-cmd "python3 my_eval.py" --space space.yaml --budget 30
              vernier tune --resume r12

            Optimisers (--optimizer), and when to choose which:
            \(OptimizerKind.choiceGuide)

            Ctrl-C (or SIGTERM) stops between two evaluations: the machine goes back to its initial point (or
            the configured target), the run is saved as cancelled, and `vernier tune --resume RUN` continues it.
            Exit status: 0 completed, 1 failed, 130 cancelled, 64 bad input.
            """)

    @Argument(help: "The plant id, e.g. awake/Steering-v1 (see `vernier envs`). Not with --objective-cmd or --resume.")
    var id: String?

    @Option(help: "The optimiser (see the guide above; its settings go in the optimizer section of --config).")
    var optimizer: OptimizerKind = .bayesian

    @Option(help: "Total number of evaluations (default 40; with --resume, the original run's budget).")
    var budget: Int?

    @Option(help: "Seed of the plant's scenario and of the optimiser.")
    var seed: UInt64 = 1

    @Option(help: "Tune configuration (YAML): optimizer, safety and stopping sections (see config/tune/).")
    var config: String?

    @Option(help: "Context value for a contextual plant, e.g. the JPA target frequency in GHz.")
    var context: Double?

    @Option(name: .customLong("options"), help: "The plant's options: a YAML file or inline YAML/JSON.")
    var optionsText: String?

    @Option(help: "Evaluate points with this program instead of a plant: JSON lines {\"x\": [...]} in, {\"objective\": v, \"constraints\": [...]} out.")
    var objectiveCmd: String?

    @Option(help: "With --objective-cmd: YAML file naming the parameters (name, low, high, initial), constraints and timeout.")
    var space: String?

    @Option(help: "Continue the stopped run RUN (an id from `vernier runs`).")
    var resume: String?

    @Option(help: "Where the plant's I/O goes: simulated (in-process model) or modbus (a device through --map).")
    var backend: Backend = .simulated

    @Option(help: "With --backend modbus: the device's register map (e.g. hardware/awake.yaml).")
    var map: String?

    @Option(help: "With --backend modbus: HOST:PORT overriding the map's TCP address.")
    var endpoint: Endpoint?

    /// Where a plant's I/O goes.
    enum Backend: String, ExpressibleByArgument, CaseIterable {
        case simulated, modbus
    }

    @Flag(help: "Write nothing: log the moves that would be made and only read the machine.")
    var dryRun = false

    @OptionGroup var store: RunStoreOptions

    @Flag(help: "Print the result as JSON (snake_case keys) instead of text; no progress line.")
    var json = false

    func validate() throws {
        if resume != nil {
            guard id == nil, objectiveCmd == nil, space == nil, optionsText == nil, context == nil, config == nil,
                  map == nil, endpoint == nil else {
                throw ValidationError("--resume continues a run as it was configured; give only --budget, --store and --json with it")
            }
        } else if objectiveCmd != nil {
            guard id == nil else {
                throw ValidationError("give either a plant id or --objective-cmd, not both")
            }
            guard space != nil else {
                throw ValidationError("--objective-cmd needs --space FILE.yaml listing the parameters (name, low, high)")
            }
            guard context == nil, optionsText == nil else {
                throw ValidationError("--context and --options apply to registered plants, not to --objective-cmd")
            }
        } else {
            guard id != nil else {
                throw ValidationError("name the plant to tune (e.g. awake/Steering-v1; see `vernier envs`), or use --objective-cmd or --resume")
            }
            guard space == nil else { throw ValidationError("--space goes with --objective-cmd") }
        }
        if backend == .modbus {
            guard map != nil, id != nil else {
                throw ValidationError("--backend modbus needs a plant id and --map FILE (the device's register map, e.g. hardware/awake.yaml)")
            }
        } else if map != nil || endpoint != nil {
            throw ValidationError("--map and --endpoint go with --backend modbus")
        }
        if let budget, budget < 1 {
            throw ValidationError("--budget must be at least 1 evaluation, got \(budget)")
        }
        if let context, !context.isFinite {
            throw ValidationError("--context must be a finite number")
        }
    }

    func run() async throws {
        let runStore = try store.openForRecording()
        let location = try store.location()
        let (recipe, runRecord, resumption) = try prepareRun(in: runStore)
        let plant = try TunePlantFactory.make(recipe)
        let outcome = try await TuneSession.run(
            plant: plant, recipe: recipe, run: runRecord, resumption: resumption, store: runStore,
            showProgress: !json)
        let report = try TuneSession.report(outcome, run: runRecord.id, recipe: recipe, store: runStore,
                                            location: location.description)
        if json {
            try JSONOutput.print(report)
        } else {
            TuneSession.printSummary(report, outcome: outcome)
        }
        switch outcome.status {
        case .completed: return
        case .cancelled: throw ExitCode(130)
        default: throw ExitCode.failure
        }
    }

    /// The recipe, the run record and (when resuming) what the store holds of it.
    private func prepareRun(in runStore: RunStore) throws -> (TuneRecipe, Run, RunResumption?) {
        if let resume {
            let existing = try RunStoreOptions.reporting { try runStore.run(named: resume) }
            guard existing.kind == .tune else {
                throw ValidationError("run \(existing.id) is a \(existing.kind) run; only tune runs resume with `vernier tune --resume`")
            }
            guard existing.status != .completed else {
                throw ValidationError("run \(existing.id) already completed; start a new run instead")
            }
            var recipe = try existing.configuration(as: TuneRecipe.self)
            if let budget { recipe.budget = budget }
            let resumption = try runStore.resumeRun(existing.id)
            if recipe.budget <= resumption.evaluations.count {
                throw ValidationError("run \(existing.id) already has \(resumption.evaluations.count) evaluations; give a larger --budget to continue it")
            }
            return (recipe, resumption.run, resumption)
        }
        var recipe = TuneRecipe(
            plantID: id, plantOptions: nil, plantOptionsSource: nil, objectiveCommand: objectiveCmd, spaceFile: nil,
            backend: backend == .modbus ? "modbus" : nil, mapPath: map.map { Self.absolutePath($0) },
            endpoint: endpoint?.description, context: context, optimizer: optimizer, configuration: TuneConfiguration(), budget: budget ?? 40,
            seed: seed, dryRun: dryRun, initialPoint: nil)
        if let optionsText {
            let options = try PlantFactory.parsedOptions(optionsText)
            recipe.plantOptions = Self.text(of: optionsText)
            recipe.plantOptionsSource = options.source
        }
        if let space {
            recipe.spaceFile = try Self.readFile(space, what: "space file")
        }
        if let config {
            let text = try Self.readFile(config, what: "tune configuration")
            do {
                recipe.configuration = try PlantOptions(yaml: text, source: config).decode(TuneConfiguration.self)
            } catch {
                throw ValidationError("\(error)")
            }
        }
        // Build once now, so that bad options or an unreachable evaluator fail before a run is recorded.
        var probe = try TunePlantFactory.make(recipe)
        defer { try? probe.close() }
        let safetyProblems = recipe.configuration.safety.problems(space: probe.optimizationSpace,
                                                                  names: probe.parameterNames)
        guard safetyProblems.isEmpty else {
            throw ValidationError("\(config ?? "the tune configuration"): \(safetyProblems.joined(separator: "; "))")
        }
        recipe.initialPoint = try TuneSession.initialPoint(of: &probe, seed: recipe.seed)
        // An optimiser that refuses the problem (constraints it cannot honour, bad settings) is bad input.
        do {
            _ = try TuneSession.makeOptimizer(recipe: recipe, plant: probe, initialPoint: recipe.initialPoint ?? [],
                                              resumption: nil)
        } catch let error as OptimizerError {
            throw ValidationError("\(error)")
        }
        let runRecord = try runStore.createRun(try NewRun(
            kind: .tune, plant: recipe.plantLabel, algorithm: recipe.optimizer.rawValue,
            configuration: recipe, seed: recipe.seed))
        return (recipe, runRecord, nil)
    }

    /// `path` made absolute, so that a resumed run finds the file from any working directory.
    static func absolutePath(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.path
    }

    /// The text of an options argument: a file's contents, or the inline text itself.
    static func text(of optionsText: String) -> String {
        (try? String(contentsOfFile: optionsText, encoding: .utf8)) ?? optionsText
    }

    static func readFile(_ path: String, what: String) throws -> String {
        do {
            return try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ValidationError("cannot read the \(what) '\(path)': \(error.localizedDescription)")
        }
    }
}
