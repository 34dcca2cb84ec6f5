import VernierCore
import VernierMath
import VernierNN

/// The outcome of one evaluation episode.
public struct EpisodeOutcome: Sendable, Hashable, Codable {
    /// Sum of the plant's rewards.
    public var totalReward: Double
    /// Steps taken.
    public var length: Int
    /// Whether the episode succeeded (see ``PolicyEvaluator``).
    public var succeeded: Bool
    /// The step (1-based) at which success was first reached, if it was.
    public var stepsToSuccess: Int?
    /// The episode ended by termination (not truncation or the step cap).
    public var terminated: Bool
}

/// A summary of evaluation episodes.
public struct EvaluationSummary: Sendable, Hashable, Codable {
    /// Every episode, in order.
    public var episodes: [EpisodeOutcome]
    /// Mean return.
    public var meanReturn: Double
    /// Standard deviation of the returns (population).
    public var returnStandardDeviation: Double
    /// Fraction of episodes that succeeded, 0…1.
    public var successRate: Double
    /// Median steps to success over the successful episodes; `nil` when none succeeded.
    public var medianStepsToSuccess: Double?
    /// Median episode length.
    public var medianLength: Double
    /// Whether success came from the plant's `StepInfo.isSuccess` (true) or from termination (false).
    public var successReportedByPlant: Bool
}

/// Runs a deterministic policy for a number of seeded episodes and summarises them.
///
/// **Success.** An episode succeeds at the first step whose `StepInfo.isSuccess` is `true`, when the plant
/// reports it; a plant that never reports `isSuccess` succeeds when an episode *terminates* (reaches a terminal
/// state; failure states of such plants must report `isSuccess = false`). Truncation is never success. So
/// Pendulum, which neither reports success nor terminates, has a success rate of 0: judge it by its return.
public enum PolicyEvaluator {
    /// Runs `episodes` episodes, episode `i` reset with seed `seed + i`, each until it terminates, is truncated,
    /// or reaches `maxSteps`.
    public static func evaluate<Env: Environment>(
        _ policy: Policy, on environment: inout Env, episodes: Int, seed: UInt64, maxSteps: Int
    ) throws -> EvaluationSummary {
        try evaluate(actionCount: policy.actionCount, on: &environment, episodes: episodes, seed: seed,
                     maxSteps: maxSteps) { observation, action in policy.act(observation, into: &action) }
    }

    /// Runs any deterministic controller `act` (observation in, action written) the same way — e.g. the
    /// bit-exact fixed-point reference of an FPGA export.
    public static func evaluate<Env: Environment>(
        actionCount: Int, on environment: inout Env, episodes: Int, seed: UInt64, maxSteps: Int,
        act: (_ observation: [Double], _ action: inout [Double]) -> Void
    ) throws -> EvaluationSummary {
        precondition(episodes >= 1 && maxSteps >= 1, "evaluate at least one episode of at least one step")
        var outcomes: [EpisodeOutcome] = []
        var action = [Double](repeating: 0, count: actionCount)
        var anyReported = false
        for episode in 0..<episodes {
            var observation = try environment.reset(seed: seed &+ UInt64(episode), options: nil).observation
            var outcome = EpisodeOutcome(totalReward: 0, length: 0, succeeded: false, stepsToSuccess: nil, terminated: false)
            var reportedSuccess = false
            while outcome.length < maxSteps {
                act(observation, &action)
                let step = try environment.step(action)
                outcome.length += 1
                outcome.totalReward += step.reward
                if let isSuccess = step.info.isSuccess {
                    anyReported = true
                    if isSuccess && !reportedSuccess {
                        reportedSuccess = true
                        outcome.stepsToSuccess = outcome.length
                    }
                }
                observation = step.observation
                if step.terminated { outcome.terminated = true }
                if step.isDone { break }
            }
            outcome.succeeded = reportedSuccess
            outcomes.append(outcome)
        }
        if !anyReported {
            // The plant reports no success: termination is success.
            for index in outcomes.indices where outcomes[index].terminated {
                outcomes[index].succeeded = true
                outcomes[index].stepsToSuccess = outcomes[index].length
            }
        }
        let returns = outcomes.map(\.totalReward)
        let mean = Statistics.mean(returns)
        let variance = returns.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(returns.count)
        let successSteps = outcomes.compactMap { $0.succeeded ? $0.stepsToSuccess.map(Double.init) : nil }
        return EvaluationSummary(
            episodes: outcomes, meanReturn: mean, returnStandardDeviation: variance.squareRoot(),
            successRate: Double(outcomes.filter(\.succeeded).count) / Double(outcomes.count),
            medianStepsToSuccess: successSteps.isEmpty ? nil : Statistics.median(successSteps),
            medianLength: Statistics.median(outcomes.map { Double($0.length) }),
            successReportedByPlant: anyReported)
    }
}
