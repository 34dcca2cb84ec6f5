import VernierCore
import VernierMath

/// A small plant that is both a problem and an environment, healthy by default, with exactly one rule of the
/// checker broken per ``Fault``. Optimisation view: minimise ‖x − (0.3, −0.2)‖² on [−1, 1]², with the
/// constraint x₀ + x₁ ≤ 1. RL view: a noisy 1-D drift x ← x + 0.1 a + noise, observation [x], reward −x²,
/// terminated when |x| < 0.01, truncated after `timeLimit` steps.
struct TestPlant: SingleOptimizable, Environment {
    enum Fault: String, CaseIterable, Sendable {
        case unnamedMachine, unorderedSpace, namesMismatch, missingConstraintValue, initialOutside
        case initialNotReproducible, nonFiniteObjective, unorderedObservationSpace, emptyActionSpace
        case unnormalizedActions, resetIgnoresSeed, resetNilDrawsEntropy, resetNilRepeatsSeed
        case observationOutside, nonFiniteReward, stepNotReproducible, timeLimitAsTerminal, closeTwiceThrows
    }

    /// A stand-in for entropy: shared mutable state the checker cannot control.
    final class Entropy: @unchecked Sendable {
        var counter: UInt64 = 0
        func next() -> UInt64 { counter += 1; return counter &* 0x9E37_79B9_7F4A_7C15 }
    }

    var fault: Fault?
    var timeLimit = 20
    let entropy = Entropy()
    var generator = SeededGenerator(seed: 0)
    var lastSeed: UInt64 = 0
    var position = 0.0
    var steps = 0
    var settings = [0.0, 0.0]
    var closed = false
    var evaluations: [[Double]] = []

    init(fault: Fault? = nil) { self.fault = fault }

    var metadata: PlantMetadata {
        PlantMetadata(machine: fault == .unnamedMachine ? " " : "test drift", maxEpisodeSteps: timeLimit)
    }

    // MARK: SingleOptimizable

    var optimizationSpace: Box {
        fault == .unorderedSpace ? Box(low: [-1, 1], high: [1, -1]) : Box(low: -1, high: 1, count: 2)
    }
    var parameterNames: [String] { fault == .namesMismatch ? ["x0"] : ["x0", "x1"] }
    var objectiveName: String { "squared distance" }
    var constraints: [Constraint] { [Constraint(name: "sum", upperBound: 1)] }

    mutating func initialParameters(seed: UInt64?) throws -> [Double] {
        switch fault {
        case .initialOutside: return [5, 5]
        case .initialNotReproducible: return [Double(entropy.next() % 100) / 1000, 0]
        default: return [0, 0]
        }
    }

    mutating func evaluate(_ parameters: [Double]) throws -> Evaluation {
        settings = parameters
        evaluations.append(parameters)
        return try measure()
    }

    mutating func applySettings(_ parameters: [Double]) throws { settings = parameters }

    var canMeasureWithoutWriting: Bool { true }

    mutating func measure() throws -> Evaluation {
        let dx = settings[0] - 0.3, dy = settings[1] + 0.2
        let objective = fault == .nonFiniteObjective && settings[0] > 0.2 ? Double.nan : dx * dx + dy * dy
        let constraintValues = fault == .missingConstraintValue ? [] : [settings[0] + settings[1]]
        return Evaluation(objective: objective, constraints: constraintValues, observables: ["x0": settings[0]])
    }

    // MARK: Environment

    var observationSpace: Space {
        fault == .unorderedObservationSpace ? .box(Box(low: [10], high: [-10])) : .box(Box(low: [-10], high: [10]))
    }

    var actionSpace: Space {
        switch fault {
        case .emptyActionSpace: .discrete(Discrete(0))
        case .unnormalizedActions: .box(Box(low: [-2], high: [2]))
        default: .box(Box(low: [-1], high: [1]))
        }
    }

    mutating func reset(seed: UInt64?, options: ResetOptions?) throws -> Reset {
        switch (seed, fault) {
        case (let seed?, .resetIgnoresSeed): generator = SeededGenerator(seed: seed &+ entropy.next())
        case (let seed?, _): generator = SeededGenerator(seed: seed); lastSeed = seed
        case (nil, .resetNilDrawsEntropy): generator = SeededGenerator(seed: entropy.next())
        case (nil, .resetNilRepeatsSeed): generator = SeededGenerator(seed: lastSeed)
        case (nil, _): break
        }
        position = generator.nextUniform(-5, 5)
        steps = 0
        return Reset(observation: [observed])
    }

    mutating func step(_ action: [Double]) throws -> Step {
        let noise = fault == .stepNotReproducible ? Double(entropy.next() % 1000) * 1e-6 : 1e-3 * generator.nextStandardNormal()
        position = min(max(position + 0.1 * action[0] + noise, -9.9), 9.9)
        steps += 1
        var reward = -position * position
        if fault == .nonFiniteReward && steps >= 3 { reward = .infinity }
        let success = abs(position) < 0.01
        let atLimit = steps >= timeLimit
        if fault == .timeLimitAsTerminal {
            return Step(observation: [observed], reward: reward, terminated: success || atLimit, truncated: false)
        }
        return Step(observation: [observed], reward: reward, terminated: success, truncated: atLimit && !success)
    }

    private var observed: Double { fault == .observationOutside ? position * 100 : position }

    mutating func close() throws {
        if closed, fault == .closeTwiceThrows { throw PlantError.closedTwice }
        closed = true
    }

    enum PlantError: Error { case closedTwice }
}
