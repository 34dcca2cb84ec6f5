import ArgumentParser
import Foundation
import VernierCore
import VernierYAML
import VernierNN
import VernierRL
import VernierStore

/// `vernier train ID --algo ppo --out POLICY.json`: train a policy on a simulated plant.
struct TrainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train an RL policy (PPO) on a simulated plant and write it as a versioned policy file.",
        discussion: """
            Hyperparameters come from --config (YAML with Stable-Baselines3 / RL Zoo key names, e.g.
            config/ppo/pendulum.yaml); missing keys take SB3's PPO defaults. They are printed at the start of the run.
            The run is recorded in the run store: its configuration, every completed training episode, and checkpoints
            (weights, Adam moments, normalisation statistics, generator state, step counter) written at least every
            10 s, at the end and on Ctrl-C. `vernier train --resume RUN` continues a run from its latest checkpoint up
            to --steps (the total budget). The same seed gives the same policy, bit for bit, whatever --threads is.
            """)

    @Argument(help: "The plant id, e.g. classic/Pendulum-v1 (see `vernier envs`). Not with --resume.")
    var id: String?

    @Option(help: "The learning algorithm (only ppo).")
    var algo: Algorithm = .ppo

    @Option(help: "PPO hyperparameters: a YAML file such as config/ppo/pendulum.yaml.")
    var config: String?

    @Option(help: "Total environment steps to train (overrides n_timesteps).")
    var steps: Int?

    @OptionGroup var seedOption: SeedOptions

    @Option(help: "Number of environment copies stepped in lockstep (overrides n_envs).")
    var envs: Int?

    @OptionGroup var threadsOption: ThreadsOptions

    @Option(help: "Where to write the policy file (JSON). Not with --resume (the run's own is used).")
    var out: String?

    @OptionGroup var plantOptions: PlantOptionsOption

    @Option(help: "Continue the stopped training run RUN (an id from `vernier runs`) from its latest checkpoint.")
    var resume: String?

    @OptionGroup var store: RunStoreOptions

    @OptionGroup var output: ProgressOutputOptions

    enum Algorithm: String, ExpressibleByArgument, CaseIterable {
        case ppo
    }

    func validate() throws {
        if let steps, steps < 1 { throw ValidationError("--steps must be at least 1, got \(steps)") }
        if let envs, envs < 1 { throw ValidationError("--envs must be at least 1, got \(envs)") }
        if resume != nil {
            guard id == nil, out == nil, config == nil, envs == nil, plantOptions.optionsText == nil else {
                throw ValidationError("--resume continues a run with its own plant, configuration and policy path; give only --steps, --threads, --store and --json with it")
            }
            return
        }
        guard id != nil else { throw ValidationError("name the plant to train on (e.g. classic/Pendulum-v1), or --resume RUN") }
        guard let out else { throw ValidationError("--out POLICY.json: where to write the trained policy") }
        if let config, !FileManager.default.fileExists(atPath: config) {
            throw ValidationError("config file '\(config)' does not exist (see config/ppo/*.yaml)")
        }
        let directory = URL(fileURLWithPath: out).deletingLastPathComponent().path
        if !FileManager.default.fileExists(atPath: directory.isEmpty ? "." : directory) {
            throw ValidationError("--out: directory '\(directory)' does not exist")
        }
    }

    func run() async throws {
        WorkerParentWatch.armFromEnvironment()  // a sweep job's process ends with its worker
        let runStore = try store.openForRecording()
        let (recipe, runRecord, checkpoint, plant) = try prepareRun(in: runStore)
        guard let environment = plant as? any Environment else {
            try? runStore.finishRun(runRecord.id, outcome: .failed, message: "not an environment")
            throw ValidationError("\(recipe.plantID) is not an environment: a policy cannot be trained on it (see `vernier envs`)")
        }
        var configuration = checkpoint?.configuration ?? recipe.configuration
        if let steps { configuration.totalSteps = steps }
        let session = TrainSession(recipe: recipe, configuration: configuration, checkpoint: checkpoint,
                                   run: runRecord, store: runStore, output: output, threads: threadsOption.threads)
        try await session.train(first: environment)
    }

    /// The recipe, the run record, (when resuming) the latest checkpoint, and the plant, built once.
    private func prepareRun(in runStore: RunStore) throws -> (TrainRecipe, Run, PPOCheckpoint?, any Plant) {
        if let resume {
            let existing = try RunStoreOptions.reporting { try runStore.run(named: resume) }
            guard existing.kind == .train else {
                throw ValidationError("run \(existing.id) is a \(existing.kind) run; only training runs resume with `vernier train --resume`")
            }
            let recipe = try existing.configuration(as: TrainRecipe.self)
            guard let stored = try runStore.latestCheckpoint(of: existing.id) else {
                throw ValidationError("run \(existing.id) has no checkpoint to resume from; start a new run")
            }
            let checkpoint: PPOCheckpoint
            do {
                checkpoint = try PPOCheckpoint.decode(stored.state)
            } catch {
                throw ValidationError("run \(existing.id): its checkpoint cannot be read: \(error)")
            }
            if let steps, steps <= checkpoint.steps {
                throw ValidationError("run \(existing.id) is already at step \(checkpoint.steps); give a larger --steps")
            }
            let plant = try PlantFactory.make(id: recipe.plantID, options: try recipe.plantOptionsDocument())
            return (recipe, try runStore.resumeRun(existing.id).run, checkpoint, plant)
        }
        guard let id, let out else { throw ValidationError("name the plant and --out") }
        var configuration = try loadConfiguration()
        if let envs { configuration.environmentCount = envs }
        if let steps { configuration.totalSteps = steps }
        let problems = configuration.problems()
        guard problems.isEmpty else { throw ValidationError("PPO configuration: \(problems.joined(separator: "; "))") }
        let parsed = try plantOptions.parsed()
        let recipe = TrainRecipe(
            plantID: id, plantOptions: plantOptions.storedText, plantOptionsSource: parsed.source,
            out: CommandFiles.absolutePath(out), seed: seedOption.seed, configuration: configuration)
        // Built before a run is recorded, so that an unknown plant or bad options fail first; the first copy.
        let plant = try PlantFactory.make(id: id, options: parsed)
        let runRecord = try runStore.createRun(try NewRun(
            kind: .train, plant: id, algorithm: algo.rawValue, configuration: recipe, seed: seedOption.seed))
        return (recipe, runRecord, nil, plant)
    }


    private func loadConfiguration() throws -> PPOConfiguration {
        guard let config else { return PPOConfiguration() }
        do {
            return try PlantOptions(contentsOf: URL(fileURLWithPath: config)).decode(PPOConfiguration.self)
        } catch {
            throw ValidationError("\(error)")
        }
    }
}
