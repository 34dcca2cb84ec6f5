import Foundation

/// Checks a plant against every rule of ``CheckRule``: `vernier check ID`, and a test helper.
///
/// The checker drives the plant: it evaluates random points and steps random actions. Do that only on a
/// simulation; for a live machine set ``exercisesPlant`` to `false` and only the static rules run.
public struct PlantChecker: Sendable {
    /// Seed of the checker's own generator and of the plant's reseeding checks.
    public var seed: UInt64
    /// Random points of the optimisation space at which the objective must be finite.
    public var randomPoints: Int
    /// Longest episode the checker steps through (it stops earlier at termination).
    public var maxSteps: Int
    /// Whether to evaluate points and step episodes (false for live hardware).
    public var exercisesPlant: Bool

    public init(seed: UInt64 = 20_240_917, randomPoints: Int = 16, maxSteps: Int = 500, exercisesPlant: Bool = true) {
        self.seed = seed
        self.randomPoints = randomPoints
        self.maxSteps = maxSteps
        self.exercisesPlant = exercisesPlant
    }

    /// The diagnostics for `plant`, empty when it conforms. The plant is left closed.
    public func check(_ plant: any Plant) -> [CheckDiagnostic] {
        var diagnostics = checkMetadata(plant.metadata)
        if var problem = plant as? any SingleOptimizable {
            diagnostics += checkOptimizable(&problem)
        }
        if var problem = plant as? any ContextualOptimizable {
            diagnostics += checkContextual(&problem)
        }
        if var environment = plant as? any Environment {
            diagnostics += checkEnvironment(&environment, maxEpisodeSteps: plant.metadata.maxEpisodeSteps)
        }
        var closing = plant
        do {
            try closing.close()
            try closing.close()
        } catch {
            diagnostics.append(.init(rule: .closeIsIdempotent, message: "close() threw: \(error)"))
        }
        return diagnostics
    }

    // MARK: - Metadata

    func checkMetadata(_ metadata: PlantMetadata) -> [CheckDiagnostic] {
        var found: [CheckDiagnostic] = []
        func fail(_ message: String) { found.append(.init(rule: .metadataValid, message: message)) }
        if metadata.machine.trimmingCharacters(in: .whitespaces).isEmpty { fail("the machine is not named") }
        if Set(metadata.renderModes).count != metadata.renderModes.count {
            fail("render modes listed twice: \(metadata.renderModes.map(\.rawValue))")
        }
        if let limit = metadata.maxEpisodeSteps, limit <= 0 { fail("episode limit \(limit) is not positive") }
        return found
    }

    // MARK: - SingleOptimizable

    func checkOptimizable(_ problem: inout some SingleOptimizable) -> [CheckDiagnostic] {
        var found: [CheckDiagnostic] = []
        func fail(_ rule: CheckRule, _ message: String) { found.append(.init(rule: rule, message: message)) }

        let space = problem.optimizationSpace
        for problemText in space.problems(allowInfinite: false) { fail(.optimizationSpaceBounds, problemText) }
        let names = problem.parameterNames
        if names.count != space.count {
            fail(.namesMatchShapes, "\(names.count) parameter names for a \(space.count)-dimensional space")
        }
        if Set(names).count != names.count { fail(.namesMatchShapes, "parameter names repeat: \(names)") }
        if names.contains(where: \.isEmpty) { fail(.namesMatchShapes, "a parameter name is empty: \(names)") }
        if problem.objectiveName.isEmpty { fail(.namesMatchShapes, "the objective has no name") }
        let constraintNames = problem.constraints.map(\.name)
        if Set(constraintNames).count != constraintNames.count || constraintNames.contains(where: \.isEmpty) {
            fail(.constraintsMatchValues, "constraint names must be distinct and non-empty: \(constraintNames)")
        }
        for constraint in problem.constraints where constraint.lowerBound.isNaN || constraint.upperBound.isNaN
            || constraint.lowerBound > constraint.upperBound {
            fail(.constraintsMatchValues,
                 "constraint \(constraint.name) has bounds [\(constraint.lowerBound), \(constraint.upperBound)]")
        }

        let initial: [Double]
        do {
            initial = try problem.initialParameters(seed: seed)
            let again = try problem.initialParameters(seed: seed)
            if !Self.sameValues(initial, again) {
                fail(.initialPointReproducible, "seed \(seed) gave \(initial) and then \(again)")
            }
        } catch {
            fail(.initialPointInSpace, "initialParameters(seed: \(seed)) threw: \(error)")
            return found
        }
        if !space.contains(initial) {
            fail(.initialPointInSpace, "initial point \(initial) is not in the space \(Space.box(space))")
        }
        guard exercisesPlant, space.problems(allowInfinite: false).isEmpty else { return found }

        var generator = CheckerGenerator(seed: seed)
        let points = [initial] + (0..<randomPoints).map { _ in space.sample(using: &generator) }
        for (index, point) in points.enumerated() {
            let label = index == 0 ? "the initial point" : "random point \(point)"
            do {
                let evaluation = try problem.evaluate(point)
                if !evaluation.objective.isFinite {
                    fail(.objectiveFinite, "objective \(evaluation.objective) at \(label)")
                }
                if evaluation.constraints.count != problem.constraints.count {
                    fail(.constraintsMatchValues,
                         "\(evaluation.constraints.count) constraint values for \(problem.constraints.count) constraints at \(label)")
                } else if let bad = evaluation.constraints.first(where: { !$0.isFinite }) {
                    fail(.constraintsMatchValues, "constraint value \(bad) at \(label)")
                }
            } catch {
                fail(.objectiveFinite, "evaluate threw at \(label): \(error)")
            }
        }
        return found
    }

    // MARK: - ContextualOptimizable

    func checkContextual(_ problem: inout some ContextualOptimizable) -> [CheckDiagnostic] {
        var found: [CheckDiagnostic] = []
        func fail(_ rule: CheckRule, _ message: String) { found.append(.init(rule: rule, message: message)) }
        let range = problem.contextRange
        guard range.lowerBound.isFinite, range.upperBound.isFinite else {
            fail(.optimizationSpaceBounds, "context range \(range) is not finite")
            return found
        }
        let contexts = [range.lowerBound, (range.lowerBound + range.upperBound) / 2, range.upperBound]
        for context in contexts {
            do {
                let space = try problem.optimizationSpace(context: context)
                for text in space.problems(allowInfinite: false) {
                    fail(.optimizationSpaceBounds, "at context \(context): \(text)")
                }
                if problem.parameterNames.count != space.count {
                    fail(.namesMatchShapes,
                         "\(problem.parameterNames.count) parameter names for a \(space.count)-dimensional space at context \(context)")
                }
                let initial = try problem.initialParameters(context: context, seed: seed)
                if !space.contains(initial) {
                    fail(.initialPointInSpace, "initial point \(initial) at context \(context) is not in \(Space.box(space))")
                    continue
                }
                guard exercisesPlant else { continue }
                let evaluation = try problem.evaluate(initial, context: context)
                if !evaluation.objective.isFinite {
                    fail(.objectiveFinite, "objective \(evaluation.objective) at the initial point of context \(context)")
                }
                if evaluation.constraints.count != problem.constraints.count {
                    fail(.constraintsMatchValues,
                         "\(evaluation.constraints.count) constraint values for \(problem.constraints.count) constraints at context \(context)")
                }
            } catch {
                fail(.objectiveFinite, "at context \(context) the plant threw: \(error)")
            }
        }
        return found
    }

    // MARK: - Environment

    func checkEnvironment(_ environment: inout some Environment, maxEpisodeSteps: Int?) -> [CheckDiagnostic] {
        var found: [CheckDiagnostic] = []
        func fail(_ rule: CheckRule, _ message: String) { found.append(.init(rule: rule, message: message)) }

        let observationSpace = environment.observationSpace
        let actionSpace = environment.actionSpace
        for text in observationSpace.problems(allowInfinite: true) { fail(.observationSpaceValid, text) }
        for text in actionSpace.problems(allowInfinite: false) { fail(.actionSpaceValid, text) }
        if case .box(let box) = actionSpace, !box.isNormalized {
            fail(.actionsNormalized, "continuous actions should lie in [-1, 1], the space is \(actionSpace)")
        }
        guard found.isEmpty, exercisesPlant else { return found }

        do {
            // reset(seed:) reproducibility, and reset(seed: nil) continuing the stream.
            let first = try environment.reset(seed: seed, options: nil)
            let firstNext = try environment.reset(seed: nil, options: nil)
            let again = try environment.reset(seed: seed, options: nil)
            let againNext = try environment.reset(seed: nil, options: nil)
            if !Self.sameValues(first.observation, again.observation) {
                fail(.resetReproducible, "seed \(seed) gave \(first.observation) and then \(again.observation)")
            }
            let other = try environment.reset(seed: seed &+ 1, options: nil)
            let isStochastic = !Self.sameValues(other.observation, first.observation)
            if !Self.sameValues(firstNext.observation, againNext.observation) {
                fail(.resetNilDoesNotReseed,
                     "reset(seed: nil) after the same seed gave \(firstNext.observation) and \(againNext.observation): it draws fresh entropy")
            } else if isStochastic, Self.sameValues(firstNext.observation, first.observation) {
                fail(.resetNilDoesNotReseed,
                     "reset(seed: nil) repeated the last seed's first observation \(first.observation): it reseeds")
            }
            for (label, observation) in [("reset", first.observation), ("reset", other.observation)]
            where !observationSpace.contains(observation) {
                fail(.observationInSpace, "\(label) observation \(observation) is not in \(observationSpace)")
            }

            // Two identical seeded episodes: reproducibility, finiteness, membership, time-limit flags.
            var generator = CheckerGenerator(seed: seed)
            let actions = (0..<maxSteps).map { _ in actionSpace.sample(using: &generator) }
            let episodeA = try Self.episode(&environment, seed: seed, actions: actions)
            let episodeB = try Self.episode(&environment, seed: seed, actions: actions)
            if let index = episodeA.indices.first(where: { $0 >= episodeB.count || !Self.sameStep(episodeA[$0], episodeB[$0]) })
                ?? (episodeB.count > episodeA.count ? episodeA.count : nil), index < episodeA.count {
                fail(.stepReproducible,
                     "step \(index + 1) differs between two runs with seed \(seed): \(episodeA[index]) vs \(episodeB[index])")
            }
            for (index, step) in episodeA.enumerated() {
                if !step.reward.isFinite || step.observation.contains(where: { !$0.isFinite }) {
                    fail(.stepResultsFinite, "step \(index + 1): reward \(step.reward), observation \(step.observation)")
                    break
                }
            }
            if let index = episodeA.firstIndex(where: { !observationSpace.contains($0.observation) }) {
                fail(.observationInSpace,
                     "step \(index + 1) observation \(episodeA[index].observation) is not in \(observationSpace)")
            }
            if let limit = maxEpisodeSteps {
                found += try checkTimeLimit(&environment, limit: limit, actions: actions)
            }
        } catch {
            fail(.stepResultsFinite, "reset or step threw: \(error)")
        }
        return found
    }

    /// Runs episodes until one reaches the time limit without terminating, and checks its flags.
    private func checkTimeLimit(
        _ environment: inout some Environment, limit: Int, actions: [[Double]]
    ) throws -> [CheckDiagnostic] {
        let space = environment.actionSpace
        var generator = CheckerGenerator(seed: seed &+ 7)
        for attempt in 0..<8 {
            _ = try environment.reset(seed: seed &+ UInt64(attempt) &+ 100, options: nil)
            // Zero (or the first choice) is the gentlest action; random actions after the first attempt.
            for stepIndex in 1...(limit + 1) {
                let action: [Double]
                if attempt == 0, case .box(let box) = space {
                    action = Array(repeating: 0, count: box.count)
                } else {
                    action = space.sample(using: &generator)
                }
                let step = try environment.step(action)
                if step.terminated && !step.truncated && stepIndex < limit { break }
                if step.truncated && stepIndex < limit {
                    return [.init(rule: .terminatedTruncatedApart,
                                  message: "truncated at step \(stepIndex), before the limit of \(limit) steps")]
                }
                if stepIndex == limit {
                    if !step.truncated {
                        return [.init(rule: .terminatedTruncatedApart,
                                      message: "step \(limit) reached the time limit but reported truncated = false, terminated = \(step.terminated)")]
                    }
                    return []
                }
            }
        }
        return []
    }

    static func episode(_ environment: inout some Environment, seed: UInt64, actions: [[Double]]) throws -> [Step] {
        _ = try environment.reset(seed: seed, options: nil)
        var steps: [Step] = []
        for action in actions {
            let step = try environment.step(action)
            steps.append(step)
            if step.isDone { break }
        }
        return steps
    }

    static func sameValues(_ a: [Double], _ b: [Double]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) }
    }

    static func sameStep(_ a: Step, _ b: Step) -> Bool {
        sameValues(a.observation, b.observation) && sameValues([a.reward], [b.reward])
            && a.terminated == b.terminated && a.truncated == b.truncated
    }
}

/// SplitMix64 (Steele, Lea & Flood 2014): the checker's own small seeded generator, so that Core needs no
/// other module.
struct CheckerGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
