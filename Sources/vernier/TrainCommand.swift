import ArgumentParser
import Foundation
import VernierCore
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
            to --steps (the total budget). The same seed gives the same policy, bit for bit.
            """)

    @Argument(help: "The plant id, e.g. classic/Pendulum-v1 (see `vernier envs`). Not with --resume.")
    var id: String?

    @Option(help: "The learning algorithm (only ppo).")
    var algo: Algorithm = .ppo

    @Option(help: "PPO hyperparameters: a YAML file such as config/ppo/pendulum.yaml.")
    var config: String?

    @Option(help: "Total environment steps to train (overrides n_timesteps).")
    var steps: Int?

    @Option(help: "Seed of the whole run: initial weights, exploration, minibatches, environment resets.")
    var seed: UInt64 = 1

    @Option(help: "Number of environment copies stepped in lockstep (overrides n_envs).")
    var envs: Int?

    @Option(help: "Where to write the policy file (JSON). Not with --resume (the run's own is used).")
    var out: String?

    @Option(name: .customLong("options"), help: "The plant's options: a YAML file path, or inline YAML/JSON.")
    var optionsText: String?

    @Option(help: "Continue the stopped training run RUN (an id from `vernier runs`) from its latest checkpoint.")
    var resume: String?

    @OptionGroup var store: RunStoreOptions

    @Flag(help: "Print a JSON report on standard output (snake_case keys) and no progress line.")
    var json = false

    enum Algorithm: String, ExpressibleByArgument, CaseIterable {
        case ppo
    }

    struct Report: Encodable {
        var plantId: String
        var algorithm: String
        var steps: Int
        var updates: Int
        var seed: UInt64
        var seconds: Double
        var stepsPerSecond: Double
        var meanReturn: Double?
        var meanEpisodeLength: Double?
        var episodes: Int
        var policy: String
        var runId: String
        var resumed: Bool
        var interrupted: Bool

        enum CodingKeys: String, CodingKey {
            case plantId, algorithm, steps, updates, seed, seconds, stepsPerSecond, meanReturn, meanEpisodeLength
            case episodes, policy, runId, resumed, interrupted
        }

        // Written by hand so that `mean_return` is null, not absent, before the first episode ends.
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(plantId, forKey: .plantId)
            try container.encode(algorithm, forKey: .algorithm)
            try container.encode(steps, forKey: .steps)
            try container.encode(updates, forKey: .updates)
            try container.encode(seed, forKey: .seed)
            try container.encode(seconds, forKey: .seconds)
            try container.encode(stepsPerSecond, forKey: .stepsPerSecond)
            try container.encode(meanReturn, forKey: .meanReturn)
            try container.encode(meanEpisodeLength, forKey: .meanEpisodeLength)
            try container.encode(episodes, forKey: .episodes)
            try container.encode(policy, forKey: .policy)
            try container.encode(runId, forKey: .runId)
            try container.encode(resumed, forKey: .resumed)
            try container.encode(interrupted, forKey: .interrupted)
        }
    }

    /// What a training run needs to be resumed, stored as the run's configuration (the hyperparameters travel
    /// in the checkpoint).
    struct TrainRecipe: Codable {
        var plantID: String
        var plantOptions: String?
        var plantOptionsSource: String?
        var out: String
        var seed: UInt64
        var configuration: PPOConfiguration
    }

    func validate() throws {
        if let steps, steps < 1 { throw ValidationError("--steps must be at least 1, got \(steps)") }
        if let envs, envs < 1 { throw ValidationError("--envs must be at least 1, got \(envs)") }
        if resume != nil {
            guard id == nil, out == nil, config == nil, envs == nil, optionsText == nil else {
                throw ValidationError("--resume continues a run with its own plant, configuration and policy path; give only --steps, --store and --json with it")
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
        let runStore = try store.openForRecording()
        let (recipe, runRecord, checkpoint) = try prepareRun(in: runStore)
        let plant = try PlantFactory.make(id: recipe.plantID, options: try Self.options(of: recipe))
        guard let environment = plant as? any Environment else {
            try? runStore.finishRun(runRecord.id, outcome: .failed, message: "not an environment")
            throw ValidationError("\(recipe.plantID) is not an environment: a policy cannot be trained on it (see `vernier envs`)")
        }
        var configuration = checkpoint?.configuration ?? recipe.configuration
        if let steps { configuration.totalSteps = steps }
        try await train(first: environment, recipe: recipe, configuration: configuration, checkpoint: checkpoint,
                        run: runRecord, store: runStore)
    }

    /// The recipe, the run record and (when resuming) the latest checkpoint.
    private func prepareRun(in runStore: RunStore) throws -> (TrainRecipe, Run, PPOCheckpoint?) {
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
            return (recipe, try runStore.resumeRun(existing.id).run, checkpoint)
        }
        guard let id, let out else { throw ValidationError("name the plant and --out") }
        var configuration = try loadConfiguration()
        if let envs { configuration.environmentCount = envs }
        if let steps { configuration.totalSteps = steps }
        let problems = configuration.problems()
        guard problems.isEmpty else { throw ValidationError("PPO configuration: \(problems.joined(separator: "; "))") }
        let parsed = try PlantFactory.parsedOptions(optionsText)
        let recipe = TrainRecipe(
            plantID: id, plantOptions: optionsText.map(TuneCommand.text(of:)), plantOptionsSource: parsed.source,
            out: TuneCommand.absolutePath(out), seed: seed, configuration: configuration)
        // Build once now, so that an unknown plant or bad options fail before a run is recorded.
        _ = try PlantFactory.make(id: id, options: parsed)
        let runRecord = try runStore.createRun(try NewRun(
            kind: .train, plant: id, algorithm: algo.rawValue, configuration: recipe, seed: seed))
        return (recipe, runRecord, nil)
    }

    static func options(of recipe: TrainRecipe) throws -> PlantOptions {
        try PlantFactory.storedOptions(text: recipe.plantOptions, source: recipe.plantOptionsSource)
    }

    /// Trains on copies of `first`'s concrete plant type (opening the existential once, so the hot loop is generic).
    private func train<Env: Environment>(
        first: Env, recipe: TrainRecipe, configuration: PPOConfiguration, checkpoint: PPOCheckpoint?, run: Run,
        store: RunStore
    ) async throws {
        let id = recipe.plantID
        var copies = [first]
        while copies.count < configuration.environmentCount {
            guard let copy = try PlantFactory.make(id: id, options: try Self.options(of: recipe)) as? Env else {
                throw ValidationError("\(id) built plants of different types")
            }
            copies.append(copy)
        }
        let trainer: PPOTrainer<Env>
        do {
            if let checkpoint {
                trainer = try PPOTrainer(resuming: checkpoint, environments: copies)
            } else {
                trainer = try PPOTrainer(environments: copies, configuration: configuration, plantID: id, seed: recipe.seed)
            }
        } catch let error as PPOError {
            try? store.finishRun(run.id, outcome: .failed, message: "\(error)")
            throw ValidationError("\(error)")
        } catch let error as PPOCheckpointError {
            try? store.finishRun(run.id, outcome: .failed, message: "\(error)")
            throw ValidationError("\(error)")
        }
        logStart(trainer: trainer, configuration: configuration, run: run.id)

        let progress = TerminalProgress(enabled: !json)
        let startTime = Date()
        let startSteps = trainer.steps
        var lastCheckpoint = Date()
        let totalSteps = configuration.totalSteps
        var recordedEpisodes = trainer.episodes.completedEpisodes

        /// Saves the trainer's state as the run's latest checkpoint (keeping the last three).
        func saveCheckpoint() throws {
            try store.saveCheckpoint(try trainer.checkpoint().encoded(), sequence: trainer.steps, of: run.id)
            try store.pruneCheckpoints(of: run.id, keepingLatest: 3)
        }

        /// Records the episodes completed since the last call, in one commit.
        func recordEpisodes() throws {
            let statistics = trainer.episodes
            let fresh = min(statistics.completedEpisodes - recordedEpisodes, statistics.recentReturns.count)
            guard fresh > 0 else { return }
            let results = zip(statistics.recentReturns.suffix(fresh), statistics.recentLengths.suffix(fresh)).map {
                EpisodeResult(episodeReturn: $0, length: $1)
            }
            try store.appendEpisodes(results, to: run.id)
            recordedEpisodes = statistics.completedEpisodes
        }

        let monitor = InterruptMonitor { _, count in
            if count == 1 { progress.note("stopping after this update; saving a checkpoint…") }
        }
        defer { monitor.stop() }
        let work = UncheckedSendable(value: { () throws -> Bool in
            var interrupted = false
            do {
                try trainer.train(totalSteps: totalSteps) { state in
                    try recordEpisodes()
                    let elapsed = Date().timeIntervalSince(startTime)
                    let rate = Double(state.steps - startSteps) / max(elapsed, 1e-9)
                    try store.recordProgress(state.statistics.stored(stepsPerSecond: rate), step: state.steps, of: run.id)
                    progress.show(Self.progressLine(steps: state.steps, total: totalSteps, rate: rate,
                                                    meanReturn: state.meanReturn),
                                  force: state.steps >= totalSteps)
                    if Date().timeIntervalSince(lastCheckpoint) >= 10 {
                        try saveCheckpoint()
                        lastCheckpoint = Date()
                    }
                    try Task.checkCancellation()
                }
            } catch is CancellationError {
                interrupted = true
            }
            return interrupted
        })
        let task = Task<Bool, any Error> { try work.value() }
        monitor.cancelOnInterrupt(task)
        let interrupted: Bool
        do {
            interrupted = try await task.value
        } catch {
            try? saveCheckpoint()
            try? store.finishRun(run.id, outcome: .failed, message: "\(error)")
            throw error
        }
        let seconds = Date().timeIntervalSince(startTime)
        progress.finish()

        try recordEpisodes()
        try saveCheckpoint()
        do {
            try trainer.policyFile().write(to: URL(fileURLWithPath: recipe.out))
        } catch {
            try? store.finishRun(run.id, outcome: .failed, message: "cannot write the policy: \(error)")
            throw ValidationError("cannot write the policy to '\(recipe.out)': \(error.localizedDescription)")
        }
        let episodes = trainer.episodes
        let rate = Double(trainer.steps - startSteps) / max(seconds, 1e-9)
        var metrics = ["steps": Double(trainer.steps), "steps_per_second": rate]
        if let meanReturn = episodes.meanReturn { metrics["mean_return"] = meanReturn }
        try store.finishRun(run.id, outcome: interrupted ? .cancelled : .completed,
                            message: interrupted ? "interrupted at step \(trainer.steps)" : "policy written to \(recipe.out)",
                            summary: RunSummary(metrics: metrics))
        if json {
            try JSONOutput.print(Report(
                plantId: id, algorithm: "ppo", steps: trainer.steps, updates: trainer.updates, seed: trainer.seed,
                seconds: seconds, stepsPerSecond: rate, meanReturn: episodes.meanReturn,
                meanEpisodeLength: episodes.meanLength, episodes: episodes.completedEpisodes, policy: recipe.out,
                runId: run.id.description, resumed: checkpoint != nil, interrupted: interrupted))
        } else {
            let meanReturn = episodes.meanReturn.map { Format.number($0, digits: 5) } ?? "n/a"
            print("trained \(id) with PPO: \(trainer.steps) steps in \(Format.number(seconds, digits: 3)) s "
                + "(\(Int(rate.rounded())) steps/s), mean return of the last \(episodes.recentReturns.count) episodes \(meanReturn)")
            print("policy: \(recipe.out)")
            print("run \(run.id) in the run store\(interrupted ? " (interrupted: continue with `vernier train --resume \(run.id)`)" : "")")
        }
        if interrupted { throw ExitCode(130) }
    }

    static func progressLine(steps: Int, total: Int, rate: Double, meanReturn: Double?) -> String {
        let eta = rate > 0 ? Double(max(total - steps, 0)) / rate : .infinity
        let percent = min(100, 100 * Double(steps) / Double(max(total, 1)))
        let returnText = meanReturn.map { Format.number($0, digits: 5) } ?? "n/a"
        let etaText = eta.isFinite ? "\(Int(eta.rounded())) s" : "?"
        return "steps \(steps)/\(total) (\(Int(percent))%)  \(Int(rate.rounded())) steps/s  mean return \(returnText)  ETA \(etaText)"
    }

    private func loadConfiguration() throws -> PPOConfiguration {
        guard let config else { return PPOConfiguration() }
        do {
            return try PlantOptions(contentsOf: URL(fileURLWithPath: config)).decode(PPOConfiguration.self)
        } catch {
            throw ValidationError("\(error)")
        }
    }

    private func logStart<Env>(trainer: PPOTrainer<Env>, configuration: PPOConfiguration, run: RunID) {
        var lines = ["PPO on \(trainer.plantID), seed \(trainer.seed), run \(run)"
            + (trainer.steps > 0 ? ", resumed at step \(trainer.steps)" : "")
            + ", \(trainer.model.parameterCount) parameters; hyperparameters:"]
        lines += configuration.logLines.map { "  \($0)" }
        FileHandle.standardError.write(Data((lines.joined(separator: "\n") + "\n").utf8))
    }
}
