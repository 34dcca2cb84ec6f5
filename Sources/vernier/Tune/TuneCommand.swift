import ArgumentParser
import Foundation
import VernierCore
import VernierYAML
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

            On a plant that declares a level set (jpa/Tuning-v1; a device file with `level_set:`), bo starts
            from a feasible point: the contour search's passive readings place the bias and a short bracket of the
            pump from below gives a reading at 20 dB, which the GP then improves on with every reading so far; after
            an unstable reading no point goes more than the contour's instability_margin (1 dB) above the lowest
            pump power seen unstable. `optimizer: {bayesian: {level_set_seed: false}}` in --config gives plain BO.

            Ctrl-C (or SIGTERM) stops between two evaluations: the machine goes back to its initial point (or
            the configured target), the run is saved as cancelled, and `vernier tune --resume RUN` continues it.
            Exit status: 0 completed, 1 failed, 130 cancelled, 64 bad input.
            """)

    @Argument(help: "The plant id, e.g. awake/Steering-v1 (see `vernier envs`). Not with --objective-cmd or --resume.")
    var id: String?

    @Option(help: "The optimiser (see the guide above; its settings go in the optimizer section of --config).")
    var optimizer: OptimizerKind = .bayesian

    @Option(help: "Total number of evaluations (default 40; with --resume, the original run's budget unless given).")
    var budget: Int?

    /// The budget of a new run.
    static let defaultBudget = 40

    @OptionGroup var seed: SeedOptions

    @Option(help: "Tune configuration (YAML): optimizer, safety and stopping sections (see config/tune/).")
    var config: String?

    @Option(help: "Context value for a contextual plant, e.g. the JPA target frequency in GHz.")
    var context: Double?

    @OptionGroup var plantOptions: PlantOptionsOption

    @Option(help: "Evaluate points with this program instead of a plant: JSON lines {\"x\": [...]} in, {\"objective\": v, \"constraints\": [...]} out.")
    var objectiveCmd: String?

    @Option(help: "With --objective-cmd: YAML file naming the parameters (name, low, high, initial), constraints and timeout.")
    var space: String?

    @Option(help: "Continue the stopped run RUN (an id from `vernier runs`).")
    var resume: String?

    @OptionGroup var backend: BackendOptions

    @Option(help: "Work on the shared study NAME with every other `vernier tune … --study NAME` on this store (same plant, optimiser, seed and budget): one optimisation, the budget counted across workers. Simulated plants and --objective-cmd only; optimisers bo, random, latin-hypercube.")
    var study: String?

    @Option(help: "With --study: seconds a worker holds a point; a point whose worker died is handed out again after this (default 60; longer than one evaluation).")
    var lease: Double?

    @Flag(help: "Write nothing: log the moves that would be made and only read the machine.")
    var dryRun = false

    @OptionGroup var store: RunStoreOptions

    @OptionGroup var output: ProgressOutputOptions

    func validate() throws {
        if resume != nil {
            guard id == nil, objectiveCmd == nil, space == nil, plantOptions.optionsText == nil, context == nil,
                  config == nil, backend.map == nil, backend.endpoint == nil else {
                throw ValidationError("--resume continues a run as it was configured; give only --budget, --store and --json with it")
            }
        } else if objectiveCmd != nil {
            guard id == nil else {
                throw ValidationError("give either a plant id or --objective-cmd, not both")
            }
            guard space != nil else {
                throw ValidationError("--objective-cmd needs --space FILE.yaml listing the parameters (name, low, high)")
            }
            guard context == nil, plantOptions.optionsText == nil else {
                throw ValidationError("--context and --options apply to registered plants, not to --objective-cmd")
            }
        } else {
            guard id != nil else {
                throw ValidationError("name the plant to tune (e.g. awake/Steering-v1; see `vernier envs`), or use --objective-cmd or --resume")
            }
            guard space == nil else { throw ValidationError("--space goes with --objective-cmd") }
        }
        if backend.backend == .modbus, id == nil, resume == nil {
            throw ValidationError("--backend modbus needs a plant id and --map FILE (the device's register map, e.g. hardware/awake.yaml)")
        }
        if let budget, budget < 1 {
            throw ValidationError("--budget must be at least 1 evaluation, got \(budget)")
        }
        if let study {
            guard !study.isEmpty else { throw ValidationError("--study needs a name, e.g. --study steering-bo") }
            try StudySession.check(optimizer: optimizer, backend: backend.backend, resume: resume, dryRun: dryRun)
        }
        if let lease {
            guard study != nil else { throw ValidationError("--lease goes with --study") }
            guard lease > 0, lease.isFinite else {
                throw ValidationError("--lease must be a positive number of seconds, got \(lease)")
            }
        }
        if let context, !context.isFinite {
            throw ValidationError("--context must be a finite number")
        }
    }

    func run() async throws {
        WorkerParentWatch.armFromEnvironment()  // a sweep job's process ends with its worker
        let runStore = try store.openForRecording()
        let location = try store.location()
        let setup = try prepare(in: runStore)
        let outcome = if let study {
            try await StudySession.run(setup, study: study, leaseSeconds: lease ?? 60, store: runStore,
                                       showProgress: output.showsProgress)
        } else {
            try await TuneSession.run(setup, store: runStore, showProgress: output.showsProgress)
        }
        var report = try TuneSession.report(outcome, run: setup.run.id, recipe: setup.recipe, store: runStore,
                                            location: location.description)
        if let study {
            report.study = try StudySession.report(study: study, budget: setup.recipe.budget, store: runStore)
        }
        if output.json {
            try JSONOutput.print(report)
        } else {
            TuneSession.printSummary(report, outcome: outcome)
            if let study = report.study {
                let lowest = study.lowestObjective.map { Format.number($0, digits: 6) } ?? "none"
                print("  study \(study.name): \(study.pointsDone)/\(study.budget) points by \(study.workers) worker(s), lowest \(report.objectiveName) \(lowest)")
            }
        }
        switch outcome.status {
        case .completed: return
        case .cancelled: throw ExitCode(130)
        default: throw ExitCode.failure
        }
    }

    /// The run to drive: its recipe and record, and the plant and optimiser, each built once. Bad options, an
    /// unreachable evaluator, safety limits that do not fit or an optimiser that refuses the problem fail here,
    /// before a new run is recorded.
    private func prepare(in runStore: RunStore) throws -> TuneSession.Setup {
        var (recipe, resumption) = try recipe(in: runStore)
        var plant = try TunePlantFactory.make(recipe)
        do {
            // A simulation draws its scenario from the seed here; a device reports where it is.
            let start = try TuneSession.initialPoint(of: &plant, seed: recipe.seed)
            if resumption == nil {
                let safetyProblems = recipe.configuration.safety.problems(space: plant.optimizationSpace,
                                                                          names: plant.parameterNames)
                guard safetyProblems.isEmpty else {
                    throw ValidationError("\(config ?? "the tune configuration"): \(safetyProblems.joined(separator: "; "))")
                }
                recipe.initialPoint = start
            }
            let optimizer: AnyOptimizer
            do {
                optimizer = try TuneSession.makeOptimizer(recipe: recipe, plant: plant,
                                                          initialPoint: recipe.initialPoint ?? start,
                                                          resumption: resumption)
            } catch let error as OptimizerError {
                // An optimiser that refuses the problem (constraints it cannot honour, bad settings) is bad input.
                throw ValidationError("\(error)")
            }
            let run = try resumption?.run ?? runStore.createRun(try NewRun(
                kind: .tune, plant: recipe.plantLabel, algorithm: recipe.optimizer.rawValue,
                configuration: recipe, seed: recipe.seed))
            return TuneSession.Setup(recipe: recipe, run: run, resumption: resumption, plant: plant,
                                     optimizer: optimizer, machineStart: recipe.initialPoint ?? start)
        } catch {
            try? plant.close()
            throw error
        }
    }

    /// The recipe of a new run from the command line, or of the stopped run being resumed with what the store
    /// holds of it.
    private func recipe(in runStore: RunStore) throws -> (TuneRecipe, RunResumption?) {
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
            return (recipe, resumption)
        }
        var recipe = TuneRecipe(plantID: id, objectiveCommand: objectiveCmd, backend: backend.value,
                                context: context, optimizer: optimizer, budget: budget ?? Self.defaultBudget, seed: seed.seed,
                                dryRun: dryRun)
        if plantOptions.optionsText != nil {
            recipe.plantOptionsSource = try plantOptions.parsed().source
            recipe.plantOptions = plantOptions.storedText
        }
        if let space {
            recipe.spaceFile = try CommandFiles.read(space, what: "space file")
        }
        if let config {
            let text = try CommandFiles.read(config, what: "tune configuration")
            do {
                recipe.configuration = try PlantOptions(yaml: text, source: config).decode(TuneConfiguration.self)
            } catch {
                throw ValidationError("\(error)")
            }
        }
        return (recipe, nil)
    }
}
