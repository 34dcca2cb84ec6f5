/// When a run should stop: a budget of evaluations, a target value, stagnation, or the optimiser's own
/// convergence — whichever comes first.
///
/// The host checks after each ingest: `if let reason = stopping.stopReason(for: optimizer.progress) { … }`.
public struct StoppingConditions: Sendable, Hashable, Codable {
    /// Largest number of evaluations (≥ 1): the budget.
    public var maxEvaluations: Int
    /// Stop as soon as a feasible objective at or below this value is seen (objective units); `nil` = none.
    public var targetObjective: Double?
    /// Stop when the best value has not improved enough for a while; `nil` = never.
    public var stagnation: Stagnation?
    /// Stop when the optimiser reports convergence by its own criterion (Nelder–Mead's simplex size).
    public var stopOnConvergence: Bool

    /// "No improvement of more than `tolerance` in the last `evaluations` evaluations."
    public struct Stagnation: Sendable, Hashable, Codable {
        /// Window length in evaluations (≥ 1).
        public var evaluations: Int
        /// Smallest improvement of the best feasible objective that counts, objective units (≥ 0).
        public var tolerance: Double

        public init(evaluations: Int, tolerance: Double = 0) {
            self.evaluations = evaluations
            self.tolerance = tolerance
        }
    }

    public init(
        maxEvaluations: Int, targetObjective: Double? = nil, stagnation: Stagnation? = nil,
        stopOnConvergence: Bool = true
    ) {
        self.maxEvaluations = maxEvaluations
        self.targetObjective = targetObjective
        self.stagnation = stagnation
        self.stopOnConvergence = stopOnConvergence
    }

    /// The problems with these conditions, if any.
    public func problems() -> [String] {
        var found: [String] = []
        if maxEvaluations < 1 { found.append("maxEvaluations must be at least 1, got \(maxEvaluations)") }
        if let targetObjective, targetObjective.isNaN { found.append("targetObjective is NaN") }
        if let stagnation {
            if stagnation.evaluations < 1 {
                found.append("stagnation window must be at least 1 evaluation, got \(stagnation.evaluations)")
            }
            if !(stagnation.tolerance >= 0) {
                found.append("stagnation tolerance must be ≥ 0, got \(stagnation.tolerance)")
            }
        }
        return found
    }

    /// Why the run should stop now, or `nil` to go on. Checked in the order: target, budget, stagnation,
    /// convergence (so a run that reaches its target on its last evaluation reports the target).
    public func stopReason(for progress: OptimizationProgress) -> StopReason? {
        if let targetObjective, progress.bestObjective <= targetObjective {
            return .targetReached(objective: progress.bestObjective, target: targetObjective)
        }
        if progress.evaluationCount >= maxEvaluations {
            return .maxEvaluations(maxEvaluations)
        }
        if let stagnation, progress.evaluationCount > stagnation.evaluations {
            let history = progress.bestObjectiveHistory
            let now = history[history.count - 1]
            let before = history[history.count - 1 - stagnation.evaluations]
            // ∞ − ∞ (nothing feasible in the whole window) is no improvement either.
            let improvement = before.isInfinite && now.isInfinite ? 0 : before - now
            if improvement <= stagnation.tolerance {
                return .stagnated(evaluations: stagnation.evaluations, improvement: improvement)
            }
        }
        if stopOnConvergence, let convergence = progress.convergence {
            return .converged(convergence)
        }
        return nil
    }
}

/// Why a run stopped.
public enum StopReason: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The budget of evaluations is spent.
    case maxEvaluations(Int)
    /// A feasible objective reached the target.
    case targetReached(objective: Double, target: Double)
    /// The best value improved by no more than the tolerance over the window.
    case stagnated(evaluations: Int, improvement: Double)
    /// The optimiser converged by its own criterion (the text says which).
    case converged(String)

    public var description: String {
        switch self {
        case .maxEvaluations(let count):
            return "budget of \(count) evaluations spent"
        case .targetReached(let objective, let target):
            return "target reached: \(objective) ≤ \(target)"
        case .stagnated(let evaluations, let improvement):
            return "stagnated: best improved by \(improvement) in the last \(evaluations) evaluations"
        case .converged(let text):
            return "converged: \(text)"
        }
    }
}
