import ArgumentParser
import Foundation
import VernierCore
import VernierNN
import VernierRL

/// `vernier train ID --algo ppo --out POLICY.json`: train a policy on a simulated plant.
struct TrainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train an RL policy (PPO) on a simulated plant and write it as a versioned policy file.",
        discussion: """
            Hyperparameters come from --config (YAML with Stable-Baselines3 / RL Zoo key names, e.g.
            config/ppo/pendulum.yaml); missing keys take SB3's PPO defaults. They are printed at the start of the run.
            A checkpoint (weights, Adam moments, normalisation statistics, generator state, step counter) is kept in
            POLICY.json.checkpoint, written at least every 10 s, at the end, and on Ctrl-C; --resume continues from
            it up to --steps (the total budget). The same seed gives the same policy, bit for bit.
            """)

    @Argument(help: "The plant id, e.g. classic/Pendulum-v1 (see `vernier envs`).")
    var id: String

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

    @Option(help: "Where to write the policy file (JSON).")
    var out: String

    @Option(name: .customLong("options"), help: "The plant's options: a YAML file path, or inline YAML/JSON.")
    var optionsText: String?

    @Flag(help: "Continue the run saved in OUT.checkpoint.")
    var resume = false

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
        var checkpoint: String
        var resumed: Bool
        var interrupted: Bool

        enum CodingKeys: String, CodingKey {
            case plantId, algorithm, steps, updates, seed, seconds, stepsPerSecond, meanReturn, meanEpisodeLength
            case episodes, policy, checkpoint, resumed, interrupted
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
            try container.encode(checkpoint, forKey: .checkpoint)
            try container.encode(resumed, forKey: .resumed)
            try container.encode(interrupted, forKey: .interrupted)
        }
    }

    var checkpointPath: String { out + ".checkpoint" }

    func validate() throws {
        if let steps, steps < 1 { throw ValidationError("--steps must be at least 1, got \(steps)") }
        if let envs, envs < 1 { throw ValidationError("--envs must be at least 1, got \(envs)") }
        if let config, !FileManager.default.fileExists(atPath: config) {
            throw ValidationError("config file '\(config)' does not exist (see config/ppo/*.yaml)")
        }
        if resume, !FileManager.default.fileExists(atPath: checkpointPath) {
            throw ValidationError("--resume: no checkpoint at '\(checkpointPath)'; train without --resume first")
        }
        let directory = URL(fileURLWithPath: out).deletingLastPathComponent().path
        if !FileManager.default.fileExists(atPath: directory.isEmpty ? "." : directory) {
            throw ValidationError("--out: directory '\(directory)' does not exist")
        }
    }

    func run() async throws {
        let plant = try PlantFactory.make(id: id, optionsText: optionsText)
        guard let environment = plant as? any Environment else {
            throw ValidationError("\(id) is not an environment: a policy cannot be trained on it (see `vernier envs`)")
        }
        let checkpoint = try resume ? loadCheckpoint() : nil
        var configuration = try checkpoint?.configuration ?? loadConfiguration()
        if let envs { configuration.environmentCount = envs }
        if let steps { configuration.totalSteps = steps }
        let problems = configuration.problems()
        guard problems.isEmpty else { throw ValidationError("PPO configuration: \(problems.joined(separator: "; "))") }
        try await train(first: environment, configuration: configuration, checkpoint: checkpoint)
    }

    /// Trains on copies of `first`'s concrete plant type (opening the existential once, so the hot loop is generic).
    private func train<Env: Environment>(first: Env, configuration: PPOConfiguration, checkpoint: PPOCheckpoint?) async throws {
        var copies = [first]
        while copies.count < configuration.environmentCount {
            guard let copy = try PlantFactory.make(id: id, optionsText: optionsText) as? Env else {
                throw ValidationError("\(id) built plants of different types")
            }
            copies.append(copy)
        }
        let trainer: PPOTrainer<Env>
        do {
            if let checkpoint {
                trainer = try PPOTrainer(resuming: checkpoint, environments: copies)
            } else {
                trainer = try PPOTrainer(environments: copies, configuration: configuration, plantID: id, seed: seed)
            }
        } catch let error as PPOError {
            throw ValidationError("\(error)")
        } catch let error as PPOCheckpointError {
            throw ValidationError("\(error)")
        }
        logStart(trainer: trainer, configuration: configuration)

        let progress = ProgressLine(enabled: !json)
        let startTime = Date()
        let startSteps = trainer.steps
        var lastCheckpoint = Date()
        let totalSteps = configuration.totalSteps
        let policyURL = URL(fileURLWithPath: out)
        let checkpointURL = URL(fileURLWithPath: checkpointPath)

        let monitor = InterruptMonitor { _, count in
            if count == 1 { FileHandle.standardError.write(Data("\nstopping after this update; saving a checkpoint…\n".utf8)) }
        }
        defer { monitor.stop() }
        let work = UncheckedSendable(value: { () throws -> Bool in
            var interrupted = false
            do {
                try trainer.train(totalSteps: totalSteps) { state in
                    let elapsed = Date().timeIntervalSince(startTime)
                    let rate = Double(state.steps - startSteps) / max(elapsed, 1e-9)
                    progress.show(steps: state.steps, total: totalSteps, rate: rate, meanReturn: state.meanReturn)
                    if Date().timeIntervalSince(lastCheckpoint) >= 10 {
                        try trainer.checkpoint().encoded().write(to: checkpointURL, options: .atomic)
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
        let interrupted = try await task.value
        let seconds = Date().timeIntervalSince(startTime)
        progress.finish()

        try trainer.checkpoint().encoded().write(to: checkpointURL, options: .atomic)
        do {
            try trainer.policyFile().write(to: policyURL)
        } catch {
            throw ValidationError("cannot write the policy to '\(out)': \(error.localizedDescription)")
        }
        let episodes = trainer.episodes
        let rate = Double(trainer.steps - startSteps) / max(seconds, 1e-9)
        if json {
            try JSONOutput.print(Report(
                plantId: id, algorithm: "ppo", steps: trainer.steps, updates: trainer.updates, seed: trainer.seed,
                seconds: seconds, stepsPerSecond: rate, meanReturn: episodes.meanReturn,
                meanEpisodeLength: episodes.meanLength, episodes: episodes.completedEpisodes, policy: out,
                checkpoint: checkpointPath, resumed: checkpoint != nil, interrupted: interrupted))
        } else {
            let meanReturn = episodes.meanReturn.map { Format.number($0, digits: 5) } ?? "n/a"
            print("trained \(id) with PPO: \(trainer.steps) steps in \(Format.number(seconds, digits: 3)) s "
                + "(\(Int(rate.rounded())) steps/s), mean return of the last \(episodes.recentReturns.count) episodes \(meanReturn)")
            print("policy: \(out)")
            print("checkpoint: \(checkpointPath)\(interrupted ? " (interrupted: continue with --resume)" : "")")
        }
        if interrupted { throw ExitCode.failure }
    }

    private func loadConfiguration() throws -> PPOConfiguration {
        guard let config else { return PPOConfiguration() }
        do {
            return try PlantOptions(contentsOf: URL(fileURLWithPath: config)).decode(PPOConfiguration.self)
        } catch {
            throw ValidationError("\(error)")
        }
    }

    private func loadCheckpoint() throws -> PPOCheckpoint {
        if config != nil || envs != nil {
            throw ValidationError("--resume continues with the checkpoint's configuration; drop --config and --envs")
        }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: checkpointPath))
        } catch {
            throw ValidationError("cannot read checkpoint '\(checkpointPath)': \(error.localizedDescription)")
        }
        let checkpoint: PPOCheckpoint
        do {
            checkpoint = try PPOCheckpoint.decode(data)
        } catch {
            throw ValidationError("'\(checkpointPath)': \(error)")
        }
        guard checkpoint.plantID == id else {
            throw ValidationError("the checkpoint '\(checkpointPath)' is a run on \(checkpoint.plantID), not \(id)")
        }
        return checkpoint
    }

    private func logStart<Env>(trainer: PPOTrainer<Env>, configuration: PPOConfiguration) {
        var lines = ["PPO on \(id), seed \(trainer.seed)"
            + (trainer.steps > 0 ? ", resumed at step \(trainer.steps)" : "")
            + ", \(trainer.model.parameterCount) parameters; hyperparameters:"]
        lines += configuration.logLines.map { "  \($0)" }
        FileHandle.standardError.write(Data((lines.joined(separator: "\n") + "\n").utf8))
    }
}

/// The live progress line on standard error: steps, steps/s, mean episode return, ETA.
final class ProgressLine: @unchecked Sendable {
    private let enabled: Bool
    private let isTerminal = isatty(STDERR_FILENO) != 0
    private var lastShown = Date.distantPast
    private var shown = false

    init(enabled: Bool) {
        self.enabled = enabled
    }

    func show(steps: Int, total: Int, rate: Double, meanReturn: Double?) {
        guard enabled else { return }
        let now = Date()
        // On a terminal, redraw at most 10 times a second; in a log, one line per 5 s.
        guard now.timeIntervalSince(lastShown) >= (isTerminal ? 0.1 : 5) || steps >= total else { return }
        lastShown = now
        let eta = rate > 0 ? Double(max(total - steps, 0)) / rate : .infinity
        let percent = min(100, 100 * Double(steps) / Double(max(total, 1)))
        let returnText = meanReturn.map { Format.number($0, digits: 5) } ?? "n/a"
        let etaText = eta.isFinite ? "\(Int(eta.rounded())) s" : "?"
        let line = "steps \(steps)/\(total) (\(Int(percent))%)  \(Int(rate.rounded())) steps/s  mean return \(returnText)  ETA \(etaText)"
        let text = isTerminal ? "\r\(line)\u{1B}[K" : "\(line)\n"
        FileHandle.standardError.write(Data(text.utf8))
        shown = true
    }

    func finish() {
        if enabled, shown, isTerminal { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
