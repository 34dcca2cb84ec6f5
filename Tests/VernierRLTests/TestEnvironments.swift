import VernierCore
import VernierMath

/// Pays 1 on the last step of each `length`-step episode and 0 before; the episode then terminates or is
/// truncated. Observation: the elapsed fraction `t / length`.
struct LastStepPays: Environment {
    var length: Int
    var truncates: Bool
    var t = 0
    var metadata: PlantMetadata { PlantMetadata(machine: "test: pays at the last step", maxEpisodeSteps: length) }
    var observationSpace: Space { .box(Box(low: [0], high: [1])) }
    var actionSpace: Space { .box(Box(low: [-1], high: [1])) }

    mutating func reset(seed: UInt64?, options: ResetOptions?) throws -> Reset {
        t = 0
        return Reset(observation: [0])
    }

    mutating func step(_ action: [Double]) throws -> Step {
        t += 1
        let last = t == length
        return Step(observation: [Double(t) / Double(length)], reward: last ? 1 : 0,
                    terminated: last && !truncates, truncated: last && truncates)
    }
}

/// Reward 1 on every step, forever, cut by a time limit of `length` steps (an infinite-horizon task seen
/// through a time limit): with bootstrapping on truncation, V = 1/(1 − γ) in every state.
struct ConstantReward: Environment {
    var length: Int
    var t = 0
    var metadata: PlantMetadata { PlantMetadata(machine: "test: constant reward", maxEpisodeSteps: length) }
    var observationSpace: Space { .box(Box(low: [0], high: [1])) }
    var actionSpace: Space { .box(Box(low: [-1], high: [1])) }

    mutating func reset(seed: UInt64?, options: ResetOptions?) throws -> Reset {
        t = 0
        return Reset(observation: [0])
    }

    mutating func step(_ action: [Double]) throws -> Step {
        t += 1
        return Step(observation: [Double(t) / Double(length)], reward: 1, terminated: false, truncated: t == length)
    }
}

/// A contextual bandit: observe x ~ U(−1, 1), act a ∈ [−1, 1], reward −(a − x)²; 10 steps per episode.
/// The optimal policy is a = x, return 0; a policy that always plays 0 earns about −10/3.
struct Reach: Environment {
    var generator = SeededGenerator(seed: 0)
    var x = 0.0
    var t = 0
    var metadata: PlantMetadata { PlantMetadata(machine: "test: reach", maxEpisodeSteps: 10) }
    var observationSpace: Space { .box(Box(low: [-1], high: [1])) }
    var actionSpace: Space { .box(Box(low: [-1], high: [1])) }

    mutating func reset(seed: UInt64?, options: ResetOptions?) throws -> Reset {
        if let seed { generator = SeededGenerator(seed: seed) }
        t = 0
        x = generator.nextUniform(-1, 1)
        return Reset(observation: [x])
    }

    mutating func step(_ action: [Double]) throws -> Step {
        let reward = -(action[0] - x) * (action[0] - x)
        t += 1
        x = generator.nextUniform(-1, 1)
        return Step(observation: [x], reward: reward, terminated: false, truncated: t == 10)
    }
}

/// A discrete bandit: observe s ∈ {−1, +1}, choose 0 or 1 (space starts at `start`); reward 1 when the choice
/// is 1 for s = +1 and 0 for s = −1, else 0. 10 steps per episode.
struct Choose: Environment {
    var start = 0
    var generator = SeededGenerator(seed: 0)
    var s = 1.0
    var t = 0
    var metadata: PlantMetadata { PlantMetadata(machine: "test: choose", maxEpisodeSteps: 10) }
    var observationSpace: Space { .box(Box(low: [-1], high: [1])) }
    var actionSpace: Space { .discrete(Discrete(2, start: start)) }

    mutating func reset(seed: UInt64?, options: ResetOptions?) throws -> Reset {
        if let seed { generator = SeededGenerator(seed: seed) }
        t = 0
        s = generator.next() % 2 == 0 ? 1 : -1
        return Reset(observation: [s])
    }

    mutating func step(_ action: [Double]) throws -> Step {
        let choice = Int(action[0]) - start
        let reward: Double = (choice == 1) == (s > 0) ? 1 : 0
        t += 1
        s = generator.next() % 2 == 0 ? 1 : -1
        return Step(observation: [s], reward: reward, terminated: false, truncated: t == 10)
    }
}

/// A one-knob machine that is both an optimisation problem and an environment (an `OptEnv`): the setting k
/// moves a reading y = k + offset; an action is a change of k by 0.5·a; the reward is −|y|; the episode
/// terminates (success) when |y| < 0.05. `failAtEvaluation` makes the n-th evaluation throw, like a device fault.
/// Its own `reset` and `step` are built from the settings-driven calls, as a real plant's are.
struct OneKnob: SettingsDrivenEnvironment {
    var offset = 0.6
    var k = 0.0
    var evaluations = 0
    var failAtEvaluation: Int?
    var written: [Double] = []

    var metadata: PlantMetadata { PlantMetadata(machine: "test: one knob", maxEpisodeSteps: 20) }
    var observationSpace: Space { .box(Box(low: [-2], high: [2])) }
    var actionSpace: Space { .box(Box(low: [-1], high: [1])) }
    var optimizationSpace: Box { Box(low: [-0.4], high: [0.4]) }
    var parameterNames: [String] { ["knob"] }
    var objectiveName: String { "|reading|" }
    var readingNames: [String] { ["reading"] }

    mutating func reset(seed: UInt64?, options: ResetOptions?) throws -> Reset {
        let start = try episodeStart(seed: seed, options: options, from: [k])
        return try beginEpisode(at: start, measured: try evaluate(start))
    }

    mutating func step(_ action: [Double]) throws -> Step {
        let next = try settings(after: action, from: [k])
        return try transition(to: next, measured: try evaluate(next))
    }

    mutating func initialParameters(seed: UInt64?) throws -> [Double] { [k] }

    mutating func evaluate(_ parameters: [Double]) throws -> Evaluation {
        evaluations += 1
        if let failAtEvaluation, evaluations == failAtEvaluation { throw TestFault() }
        k = parameters[0]
        written.append(k)
        return try evaluation(readings: [k + offset], parameters: parameters)
    }

    func evaluation(readings: [Double], parameters: [Double]) throws -> Evaluation {
        Evaluation(objective: abs(readings[0]), observables: ["reading": readings[0]])
    }

    /// Episodes start with the knob at 0.
    mutating func episodeStart(seed: UInt64?, options: ResetOptions?, from settings: [Double]) throws -> [Double] { [0] }

    mutating func beginEpisode(at settings: [Double], measured: Evaluation) throws -> Reset {
        Reset(observation: [measured.observables["reading"] ?? .nan])
    }

    func settings(after action: [Double], from current: [Double]) throws -> [Double] { [current[0] + 0.5 * action[0]] }

    mutating func transition(to settings: [Double], measured: Evaluation) throws -> Step {
        let y = measured.observables["reading"] ?? .nan
        return Step(observation: [y], reward: -abs(y), terminated: abs(y) < 0.05, truncated: false,
                    info: StepInfo(isSuccess: abs(y) < 0.05))
    }
}

struct TestFault: Error {}
