import ArgumentParser
import Foundation
import VernierCore
import VernierMath
import VernierNN
import VernierRL
import VernierStore

/// `vernier evaluate POLICY.json --episodes N`: how well a trained policy does.
struct EvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Run a policy deterministically for seeded episodes; report mean return, success rate and steps to success.",
        discussion: """
            Episode i is reset with seed S + i. An episode succeeds at the first step where the plant reports
            is_success = true; plants that report no success count an episode that terminates (reaches a terminal
            state, not a time limit) as a success. Pendulum neither reports success nor terminates: its success
            rate is 0 and its return is what to look at.
            """)

    @Argument(help: "The policy file written by `vernier train`.")
    var policy: String

    @Option(help: "The plant id; must be the one the policy was trained on (default: the policy's plant).")
    var env: String?

    @Option(help: "Number of episodes (≥ 1).")
    var episodes: Int = 100

    @OptionGroup var seedOption: SeedOptions

    @Option(help: "Step cap per episode for plants without a time limit.")
    var maxSteps: Int = 10_000

    @OptionGroup var plantOptions: PlantOptionsOption

    @OptionGroup var store: RunStoreOptions

    @OptionGroup var output: OutputOptions

    /// The first episode's reset seed (episode i is reset with seed + i).
    private var seed: UInt64 { seedOption.seed }

    /// What an evaluation run records as its configuration.
    struct EvaluationRecipe: Codable {
        var policy: String
        var episodes: Int
        var seed: UInt64
        var maxSteps: Int
    }

    /// What `vernier evaluate --json` prints (snake_case keys; `median_steps` is omitted when no episode succeeded).
    struct Report: Encodable {
        var policy: String
        var plantId: String
        var episodes: Int
        var seed: UInt64
        var meanReturn: Double
        var returnStd: Double
        var successRate: Double
        var successFrom: String
        var medianSteps: Double?
        var medianEpisodeLength: Double
        var returns: [Double]
        var runId: String
    }

    func validate() throws {
        guard episodes >= 1 else { throw ValidationError("--episodes must be at least 1, got \(episodes)") }
        guard maxSteps >= 1 else { throw ValidationError("--max-steps must be at least 1, got \(maxSteps)") }
        guard FileManager.default.fileExists(atPath: policy) else {
            throw ValidationError("policy file '\(policy)' does not exist (write one with `vernier train`)")
        }
    }

    func run() throws {
        let loaded = try PolicyLoading.load(path: policy, requestedPlant: env)
        let id = env ?? loaded.file.plantID
        let environment = try PolicyLoading.environment(id: id, optionsText: plantOptions.optionsText)
        try PolicyLoading.requireCompatible(loaded, with: environment, id: id)
        OpenBLASThreads.set(1)
        let runStore = try store.openForRecording()
        let runRecord = try runStore.createRun(try NewRun(
            kind: .evaluate, plant: id, algorithm: "policy",
            configuration: EvaluationRecipe(policy: CommandFiles.absolutePath(policy), episodes: episodes, seed: seed,
                                            maxSteps: maxSteps),
            seed: seed))
        let summary: EvaluationSummary
        do {
            summary = try evaluate(loaded, on: environment)
        } catch {
            try? runStore.finishRun(runRecord.id, outcome: .failed, message: "\(error)")
            throw error
        }
        try runStore.appendEpisodes(summary.episodes.enumerated().map { index, episode in
            EpisodeResult(episodeReturn: episode.totalReward, length: episode.length, success: episode.succeeded,
                          seed: seed &+ UInt64(index))
        }, to: runRecord.id)
        let metrics = RunMetrics.evaluation(episodes: episodes, meanReturn: summary.meanReturn,
                                            successRate: summary.successRate, medianSteps: summary.medianStepsToSuccess)
        try runStore.finishRun(runRecord.id, outcome: .completed, summary: RunSummary(metrics: metrics))
        if output.json {
            try JSONOutput.print(Report(
                policy: policy, plantId: id, episodes: episodes, seed: seed, meanReturn: summary.meanReturn,
                returnStd: summary.returnStandardDeviation, successRate: summary.successRate,
                successFrom: summary.successReportedByPlant ? "is_success" : "terminated",
                medianSteps: summary.medianStepsToSuccess, medianEpisodeLength: summary.medianLength,
                returns: summary.episodes.map(\.totalReward), runId: runRecord.id.description))
            return
        }
        print("\(id): \(episodes) episodes (seeds \(seed)…\(seed &+ UInt64(episodes - 1)))")
        print("  mean return      \(Format.number(summary.meanReturn, digits: 6)) ± \(Format.number(summary.returnStandardDeviation, digits: 4))")
        let criterion = summary.successReportedByPlant
            ? "from the plant's is_success"
            : "the plant reports no is_success: an episode succeeds when it terminates"
        print("  success rate     \(Format.number(100 * summary.successRate, digits: 4)) % (\(criterion))")
        print("  median steps to success  \(summary.medianStepsToSuccess.map { Format.number($0, digits: 4) } ?? "n/a (no success)")")
        print("  median episode length    \(Format.number(summary.medianLength, digits: 4))")
        print("  recorded as run \(runRecord.id) (`vernier runs show \(runRecord.id)`)")
    }

    private func evaluate<Env: Environment>(_ policy: Policy, on environment: Env) throws -> EvaluationSummary {
        var environment = environment
        defer { try? environment.close() }
        return try PolicyEvaluator.evaluate(policy, on: &environment, episodes: episodes, seed: seed,
                                            maxSteps: environment.metadata.maxEpisodeSteps.map { min($0, maxSteps) } ?? maxSteps)
    }
}
