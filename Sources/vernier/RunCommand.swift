import ArgumentParser
import Foundation
import VernierCore
import VernierYAML
import VernierModbus
import VernierNN
import VernierRL
import VernierStore

/// `vernier run POLICY.json --env ID`: drive a plant with a trained policy, step by step.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a policy deterministically on a plant for one episode and print every step.",
        discussion: """
            Plants that are also optimisation problems (AWAKE, JPA) are driven through the safety envelope: each
            action becomes proposed settings, which are clipped to the plant's parameter bounds and written; the
            machine is restored to its initial settings if the run is interrupted or fails. `--config FILE` tightens
            the envelope with a `safety:` section as `vernier tune` reads it (max_step, hard_limits, out_of_bounds,
            on_abort, on_completion, restore_timeout_seconds); over Modbus the map's bounds and max_step apply as
            well, the tighter of each winning. Environment-only plants (Pendulum) are stepped directly, with actions
            clipped into the action space (clipped steps are marked).
            """)

    @Argument(help: "The policy file written by `vernier train`.")
    var policy: String

    @Option(help: "The plant id; must be the one the policy was trained on.")
    var env: String

    @Option(help: "Largest number of steps (default: the plant's episode limit, or 200).")
    var steps: Int?

    @OptionGroup var seedOption: SeedOptions

    @OptionGroup var plantOptions: PlantOptionsOption

    @OptionGroup var backend: BackendOptions

    @Option(help: "With --backend modbus: seconds to wait for a device that dropped out before giving up restoring it (default: the config's restore_timeout_seconds, or 30).")
    var restoreTimeout: Double?

    @Option(help: "Safety configuration (YAML): a `safety:` section as `vernier tune --config` takes (max_step, hard_limits, out_of_bounds, on_abort, on_completion).")
    var config: String?

    @OptionGroup var store: RunStoreOptions

    @OptionGroup var output: OutputOptions

    /// The seed of the episode's reset.
    private var seed: UInt64 { seedOption.seed }

    /// What a policy run records as its configuration.
    struct PolicyRunRecipe: Codable {
        var policy: String
        var seed: UInt64
        var maxSteps: Int
        var throughSafetyEnvelope: Bool
        /// The `--config` file's settings, when one was given.
        var configuration: RunConfiguration?
    }

    struct Report: Encodable {
        var plantId: String
        var runId: String
        var throughSafetyEnvelope: Bool
        var steps: [PolicyRunStep]
        var summary: PolicyRunSummary
    }

    func validate() throws {
        if let steps, steps < 1 { throw ValidationError("--steps must be at least 1, got \(steps)") }
        if let restoreTimeout, !(restoreTimeout > 0 && restoreTimeout.isFinite) {
            throw ValidationError("--restore-timeout must be a positive number of seconds")
        }
        guard FileManager.default.fileExists(atPath: policy) else {
            throw ValidationError("policy file '\(policy)' does not exist (write one with `vernier train`)")
        }
    }

    func run() async throws {
        let loaded = try PolicyLoading.load(path: policy, requestedPlant: env)
        let environment = try PolicyLoading.environment(id: env, optionsText: plantOptions.optionsText)
        try PolicyLoading.requireCompatible(loaded, with: environment, id: env)
        let maxSteps = steps ?? environment.metadata.maxEpisodeSteps ?? 200
        let configuration = try loadConfiguration()
        let limits = try configuration.map { try safetyLimits($0, for: environment) }
        var records: [PolicyRunStep] = []
        let printStep: (PolicyRunStep) -> Void = { step in
            if output.json { records.append(step); return }
            let settings = step.settings.map { "  settings \(Format.vector($0))" } ?? ""
            let flags = (step.wasClipped ? " clipped" : "") + (step.terminated ? " terminated" : "")
                + (step.truncated ? " truncated" : "") + (step.isSuccess == true ? " success" : "")
            print("step \(step.index)  observation \(Format.vector(step.observation))  action \(Format.vector(step.action))\(settings)  reward \(Format.number(step.reward, digits: 5))\(flags)")
        }
        let throughEnvelope = environment is any SettingsDrivenEnvironment
        if !throughEnvelope, environment is any SingleOptimizable {
            // An optimisation problem whose RL steps do not say which settings they write cannot be guarded by
            // the envelope: refuse real hardware, and say so on a simulation.
            guard environment.metadata.isSimulated else {
                throw ValidationError("\(env) drives real hardware but does not map actions to settings (SettingsDrivenEnvironment), so its steps cannot pass the safety envelope; refusing to run")
            }
            FileHandle.standardError.write(Data("note: \(env) is simulated and does not map actions to settings; stepping it directly, without the safety envelope\n".utf8))
        }
        let runStore = try store.openForRecording()
        let runRecord = try runStore.createRun(try NewRun(
            kind: .run, plant: env, algorithm: "policy",
            configuration: PolicyRunRecipe(policy: CommandFiles.absolutePath(policy), seed: seed, maxSteps: maxSteps,
                                           throughSafetyEnvelope: throughEnvelope, configuration: configuration),
            seed: seed))
        var observations: [[Double]] = [], actions: [[Double]] = [], rewards: [Double] = []
        var lastSuccess: Bool?
        let recordingStep: (PolicyRunStep) -> Void = { step in
            lastSuccess = step.isSuccess ?? lastSuccess
            observations.append(step.observation)
            actions.append(step.action)
            rewards.append(step.reward)
            printStep(step)
        }
        /// Records the episode so far (every step taken, even when the run stopped early).
        func recordEpisode(success: Bool?) {
            let trace = EpisodeTrace(observations: observations, actions: actions, rewards: rewards)
            _ = try? runStore.appendEpisode(EpisodeResult(episodeReturn: rewards.reduce(0, +), length: rewards.count,
                                                          success: success, seed: seed, trace: trace), to: runRecord.id)
        }
        let summary: PolicyRunSummary
        do {
            if case .modbus(let map, let endpoint) = backend.value,
               let model = environment as? any SettingsDrivenEnvironment {
                let device = try ModbusBackend.plant(model: model, map: try ModbusBackend.map(path: map, endpoint: endpoint))
                summary = try await runOnDevice(loaded, machine: device, model: model, limits: limits,
                                                restoreTimeout: restoreTimeout ?? configuration?.safety.restoreTimeout ?? 30,
                                                maxSteps: maxSteps, onStep: recordingStep)
            } else if backend.backend == .modbus {
                throw ValidationError("\(env) does not map actions to settings, so a policy cannot drive it over Modbus")
            } else if let settingsPlant = environment as? any SettingsDrivenEnvironment {
                summary = try await runThroughEnvelope(loaded, on: settingsPlant, limits: limits, maxSteps: maxSteps,
                                                       onStep: recordingStep)
            } else {
                summary = try runDirect(loaded, on: environment, maxSteps: maxSteps, onStep: recordingStep)
            }
        } catch let aborted as AbortedRun {
            recordEpisode(success: nil)
            try? runStore.finishRun(runRecord.id, outcome: aborted.outcome, message: "\(aborted)")
            FileHandle.standardError.write(Data("\(aborted)\n".utf8))
            throw aborted.outcome == .cancelled ? ExitCode(130) : ExitCode.failure
        } catch let error as ValidationError {
            try? runStore.finishRun(runRecord.id, outcome: .failed, message: error.message)
            throw error
        } catch {
            recordEpisode(success: nil)
            try? runStore.finishRun(runRecord.id, outcome: .failed, message: "\(error)")
            FileHandle.standardError.write(Data("run failed: \(error)\n".utf8))
            throw ExitCode.failure
        }
        recordEpisode(success: lastSuccess)
        try runStore.finishRun(runRecord.id, outcome: .completed,
                               summary: RunSummary(metrics: RunMetrics.policyRun(episodeReturn: summary.totalReward,
                                                                                 steps: summary.steps)))
        if output.json {
            try JSONOutput.print(Report(plantId: env, runId: runRecord.id.description, throughSafetyEnvelope: throughEnvelope,
                                        steps: records, summary: summary))
            return
        }
        var line = "\(summary.steps) steps, return \(Format.number(summary.totalReward, digits: 6))"
        line += summary.terminated ? ", terminated" : ""
        line += ", \(summary.clippedSteps) clipped step(s)"
        if throughEnvelope {
            line += ", \(summary.writes ?? 0) write(s) through the safety envelope"
            if let restore = summary.restore {
                line += restore.restored ? "; machine left at its \(restore.target.rawValue) settings" : "; RESTORE FAILED: \(restore.error ?? "unknown")"
            }
        } else {
            line += " (\(env) is simulated and environment-only: no safety envelope)"
        }
        print(line)
    }

    /// The `--config` file, decoded; `nil` without one.
    private func loadConfiguration() throws -> RunConfiguration? {
        guard let config else { return nil }
        let text = try CommandFiles.read(config, what: "run configuration")
        do {
            return try PlantOptions(yaml: text, source: config).decode(RunConfiguration.self)
        } catch {
            throw ValidationError("\(error)")
        }
    }

    /// The envelope's limits the configuration asks for on `environment`, checked before anything is written or
    /// recorded; a plant that is not an optimisation problem has no settings to limit.
    private func safetyLimits(_ configuration: RunConfiguration, for environment: any Environment) throws -> SafetyLimits {
        guard let plant = environment as? any SettingsDrivenEnvironment else {
            throw ValidationError("--config limits the settings a policy writes; \(env) is stepped directly and has none")
        }
        let problems = configuration.safety.problems(space: plant.optimizationSpace, names: plant.parameterNames)
        guard problems.isEmpty else {
            throw ValidationError("\(config ?? "the run configuration"): \(problems.joined(separator: "; "))")
        }
        return configuration.limits(space: plant.optimizationSpace)
    }

    private func runDirect<Env: Environment>(
        _ policy: Policy, on environment: Env, maxSteps: Int, onStep: (PolicyRunStep) -> Void
    ) throws -> PolicyRunSummary {
        var environment = environment
        defer { try? environment.close() }
        return try PolicyRunner.run(policy, on: &environment, seed: seed, maxSteps: maxSteps, onStep: onStep)
    }

    /// Runs the policy with `model` deciding and the Modbus `machine` written through the envelope (limits from
    /// the map); when the device dropped out and the envelope could not restore it, waits for it to answer and
    /// restores it then (or reports that it could not).
    private func runOnDevice<Machine: ModbusBackedPlant, Model: SettingsDrivenEnvironment>(
        _ policy: Policy, machine: Machine, model: Model, limits configured: SafetyLimits?, restoreTimeout: Double,
        maxSteps: Int, onStep: @escaping (PolicyRunStep) -> Void
    ) async throws -> PolicyRunSummary {
        var machine = machine
        defer { try? machine.close() }
        let here = try machine.currentSettings()
        let requested = configured
            ?? SafetyLimits(hardLimits: machine.optimizationSpace, onAbort: .initial, onCompletion: .last)
        let limits = try ModbusBackend.deviceSetup(for: machine, limits: requested)?.limits ?? requested
        do {
            return try await CancellableRun.run { [machine] in
                try await PolicyRunner.runThroughEnvelope(policy, machine: machine, at: here, model: model, limits: limits,
                                                          maxSteps: maxSteps, onStep: onStep)
            }
        } catch var aborted as AbortedRun {
            aborted.restore = ModbusBackend.restoreAfterAbort(aborted, machine: machine, timeout: restoreTimeout) {
                FileHandle.standardError.write(Data("\($0)\n".utf8))
            }
            throw aborted
        }
    }

    private func runThroughEnvelope<Plant: SettingsDrivenEnvironment>(
        _ policy: Policy, on plant: Plant, limits: SafetyLimits?, maxSteps: Int,
        onStep: @escaping (PolicyRunStep) -> Void
    ) async throws -> PolicyRunSummary {
        let seed = self.seed
        return try await CancellableRun.run {
            try await PolicyRunner.runThroughEnvelope(policy, on: plant, limits: limits, seed: seed, maxSteps: maxSteps,
                                                      onStep: onStep)
        }
    }
}
