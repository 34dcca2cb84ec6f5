import VernierCore
import VernierNN

/// One step of a policy run, as `vernier run` prints it.
public struct PolicyRunStep: Sendable, Hashable, Codable {
    /// 1-based step number.
    public var index: Int
    /// The observation the policy acted on.
    public var observation: [Double]
    /// The action sent to the plant (after clipping).
    public var action: [Double]
    /// The action had to be clipped into the action space (or the settings into the hard limits).
    public var wasClipped: Bool
    /// The settings written, for a run through the safety envelope.
    public var settings: [Double]?
    /// The plant's reward.
    public var reward: Double
    /// The episode reached a terminal state.
    public var terminated: Bool
    /// The episode was cut by the plant's or the run's step limit.
    public var truncated: Bool
    /// The plant's success flag, if it reports one.
    public var isSuccess: Bool?
}

/// The end of a policy run.
public struct PolicyRunSummary: Sendable, Hashable, Codable {
    /// Steps taken.
    public var steps: Int
    /// Sum of rewards.
    public var totalReward: Double
    /// Steps whose action (or setting) was clipped.
    public var clippedSteps: Int
    /// The episode terminated.
    public var terminated: Bool
    /// For a run through the safety envelope: where the machine was left, and whether that worked.
    public var restore: RestoreReport?
    /// Writes the envelope made (interpolation and restore included); `nil` without an envelope.
    public var writes: Int?

    /// The episode's sum of rewards is its `return`, the word `runs show` and `evaluate` use too.
    enum CodingKeys: String, CodingKey {
        case steps, totalReward = "return", clippedSteps, terminated, restore, writes
    }
}

/// Runs a deterministic policy on a plant for one episode, step by step.
///
/// Two paths:
/// - an ``Environment``-only plant (Pendulum) is stepped directly; actions are clipped into its action space
///   and the clipping is reported;
/// - a `SettingsDrivenEnvironment` (AWAKE, JPA: plants whose actions move optimisation parameters) is driven
///   **through the safety envelope**: each action becomes proposed settings, the envelope enforces the hard
///   limits and the maximum step and writes them, and the measurement becomes the next observation; the envelope
///   restores the machine when the run ends, is cancelled or fails.
public enum PolicyRunner {
    /// Runs `policy` on `environment` from a reset with `seed` for at most `maxSteps` steps, calling `onStep`
    /// after each.
    public static func run<Env: Environment>(
        _ policy: Policy, on environment: inout Env, seed: UInt64, maxSteps: Int,
        onStep: (PolicyRunStep) throws -> Void = { _ in }
    ) throws -> PolicyRunSummary {
        var observation = try environment.reset(seed: seed, options: nil).observation
        var action = [Double](repeating: 0, count: policy.actionCount)
        var summary = PolicyRunSummary(steps: 0, totalReward: 0, clippedSteps: 0, terminated: false)
        while summary.steps < maxSteps {
            try Task.checkCancellation()
            var wasClipped = policy.act(observation, into: &action)
            if case .box(let box) = environment.actionSpace, !box.contains(action) {
                box.clip(&action)
                wasClipped = true
            }
            let step = try environment.step(action)
            summary.steps += 1
            summary.totalReward += step.reward
            summary.clippedSteps += wasClipped ? 1 : 0
            let truncated = step.truncated || (summary.steps == maxSteps && !step.terminated)
            try onStep(PolicyRunStep(index: summary.steps, observation: observation, action: action, wasClipped: wasClipped,
                                     settings: nil, reward: step.reward, terminated: step.terminated, truncated: truncated,
                                     isSuccess: step.info.isSuccess))
            observation = step.observation
            if step.terminated { summary.terminated = true }
            if step.isDone { break }
        }
        return summary
    }

    /// Runs `policy` on `plant` through a safety envelope with `limits` (default: hard limits = the plant's
    /// optimisation space, moves unsplit, clip out-of-bounds proposals, leave the machine where the policy put
    /// it on completion, restore the initial settings on cancel or failure).
    ///
    /// The plant's copy inside the envelope is the machine: only it is written and measured. A second copy is the
    /// model, which turns actions into settings and measurements into observations and rewards — exactly the
    /// split a Modbus backend makes between the device and the client's model.
    public static func runThroughEnvelope<Plant: SettingsDrivenEnvironment>(
        _ policy: Policy, on plant: Plant, limits: SafetyLimits? = nil, seed: UInt64, maxSteps: Int,
        onStep: (PolicyRunStep) throws -> Void = { _ in }
    ) async throws -> PolicyRunSummary {
        var machine = plant
        let here = try machine.initialParameters(seed: seed)
        return try await runThroughEnvelope(policy, machine: machine, at: here, model: machine, limits: limits,
                                            maxSteps: maxSteps, onStep: onStep)
    }

    /// Runs `policy` with `model` deciding (actions → settings, measurements → observations and rewards) and
    /// `machine`, standing at `here`, written and measured through a safety envelope — a Modbus device behind the
    /// plant's own model, or (the overload above) the simulated plant itself.
    public static func runThroughEnvelope<Machine: SingleOptimizable, Model: SettingsDrivenEnvironment>(
        _ policy: Policy, machine: Machine, at here: [Double], model: Model, limits: SafetyLimits? = nil,
        maxSteps: Int, onStep: (PolicyRunStep) throws -> Void = { _ in }
    ) async throws -> PolicyRunSummary {
        var model = model
        let chosenLimits = limits ?? SafetyLimits(hardLimits: machine.optimizationSpace, onAbort: .initial, onCompletion: .last)
        var envelope = try SafetyEnvelope(plant: machine, limits: chosenLimits, initialPoint: here)
        var clippedWrite = false
        envelope.onWrite = { record in if record.wasClipped { clippedWrite = true } }
        var action = [Double](repeating: 0, count: policy.actionCount)
        var summary = PolicyRunSummary(steps: 0, totalReward: 0, clippedSteps: 0, terminated: false)
        let outcome = try await envelope.run { envelope in
            // The episode's start: the model picks the settings from where the machine is, the envelope moves there.
            let start = try model.episodeStart(seed: nil, options: nil, from: envelope.currentPoint)
            let measured = try envelope.evaluate(start)
            var observation = try model.beginEpisode(at: envelope.lastTarget ?? start, measured: measured).observation
            while summary.steps < maxSteps {
                try Task.checkCancellation()
                var wasClipped = policy.act(observation, into: &action)
                if case .box(let box) = model.actionSpace, !box.contains(action) {
                    box.clip(&action)
                    wasClipped = true
                }
                let proposal = try model.settings(after: action, from: envelope.currentPoint)
                clippedWrite = false
                let evaluation = try envelope.evaluate(proposal)
                let written = envelope.lastTarget ?? proposal
                let step = try model.transition(to: written, measured: evaluation)
                wasClipped = wasClipped || clippedWrite
                summary.steps += 1
                summary.totalReward += step.reward
                summary.clippedSteps += wasClipped ? 1 : 0
                let truncated = summary.steps == maxSteps && !step.terminated
                try onStep(PolicyRunStep(index: summary.steps, observation: observation, action: action,
                                         wasClipped: wasClipped, settings: written, reward: step.reward,
                                         terminated: step.terminated, truncated: truncated, isSuccess: step.info.isSuccess))
                observation = step.observation
                if step.terminated {
                    summary.terminated = true
                    break
                }
            }
        }
        summary.restore = outcome.restore
        summary.writes = envelope.writeCount
        return summary
    }
}
