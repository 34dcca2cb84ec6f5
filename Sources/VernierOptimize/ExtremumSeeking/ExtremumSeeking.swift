import Foundation
import VernierCore

/// Scheinker's bounded extremum seeking (Scheinker & Krstić 2013; Scheinker, Huang & Taylor 2022), in
/// ask/tell form.
///
/// In normalised coordinates `pᵢ ∈ [−1, 1]` (the box mapped affinely), each parameter follows
///
///     dpᵢ/dt = √(αᵢ ωᵢ) · cos(ωᵢ t + k C(p(t)))
///
/// discretised by forward Euler with step `Δt`, then clipped to [−1, 1]. The cost `C` enters only the *phase*,
/// so the update is bounded (|Δpᵢ| ≤ Δt √(αᵢωᵢ)) whatever the cost does — the property that makes it safe on
/// a live machine with noisy or unknown-scale objectives. Averaged over the dither, p drifts down the gradient
/// of C (at rate ∝ k αᵢ), and it keeps tracking a drifting optimum.
///
/// Frequencies are distinct per dimension, `ωᵢ` evenly spaced in [1, 1.75] (`ω = 1` for one parameter): then
/// no `ωᵢ ± ωⱼ` equals another `ωₖ` and no ratio is 2, so the dithers of different parameters do not alias.
/// `αᵢ = ωᵢ s²` with `s` the oscillation size, so every parameter dithers with amplitude ≈ `s`.
///
/// Sequential, never converges by itself (stop it by budget, target or stagnation); tolerates noise; does not
/// honour constraints.
public struct ExtremumSeeking: Optimizer {
    public var displayName: String { Self.displayName }
    public var capabilities: OptimizerCapabilities { Self.capabilities }
    public static let displayName = "extremum seeking"
    public static let capabilities = OptimizerCapabilities(
        handlesConstraints: false, handlesNoise: true, maximumBatchSize: 1)

    public let problem: OptimizationProblem
    public let options: ExtremumSeekingOptions
    public private(set) var progress = OptimizationProgress()
    /// Dither frequency ωᵢ per parameter (rad per unit time).
    public let frequencies: [Double]
    /// Euler time step Δt.
    public let timeStep: Double
    /// The current point in normalised coordinates [−1, 1]ⁿ.
    public private(set) var normalizedPoint: [Double]
    /// Steps taken (t = step · Δt).
    public private(set) var step = 0
    /// Current amplitude factor (decays by ``ExtremumSeekingOptions/decayRate`` per step).
    public private(set) var amplitude = 1.0
    private var isAwaitingEvaluation = false

    /// An extremum-seeking run on `problem`, starting at its initial point (the box centre without one).
    ///
    /// - Parameter ignoreConstraints: optimise the objective alone on a constrained problem.
    public init(
        problem: OptimizationProblem, options: ExtremumSeekingOptions = ExtremumSeekingOptions(),
        ignoreConstraints: Bool = false
    ) throws(OptimizerError) {
        try Self.admit(
            problem, name: Self.displayName, capabilities: Self.capabilities, ignoreConstraints: ignoreConstraints)
        let problems = options.problems()
        guard problems.isEmpty else { throw .invalidOptions(problems) }
        self.problem = problem
        self.options = options
        let n = problem.dimension
        frequencies = n == 1 ? [1] : (0..<n).map { 1 + 0.75 * Double($0) / Double(n - 1) }
        timeStep = 2 * Double.pi / (options.samplesPerPeriod * (frequencies.max() ?? 1))
        normalizedPoint = problem.initialPoint.map { problem.space.normalize($0) }
            ?? Array(repeating: 0, count: n)
    }

    public mutating func suggest(_ count: Int) throws -> [[Double]] {
        try checkBatch(count)
        isAwaitingEvaluation = true
        return [problem.space.denormalize(normalizedPoint).enumerated().map { index, value in
            min(max(value, problem.space.low[index]), problem.space.high[index])
        }]
    }

    public mutating func ingest(_ evaluations: [EvaluatedPoint]) throws {
        try checkEvaluations(evaluations)
        for point in evaluations {
            progress.record(point, constraints: problem.constraints)
            guard isAwaitingEvaluation else { continue }
            isAwaitingEvaluation = false
            // The dither continues from where the machine actually is.
            normalizedPoint = problem.space.normalize(point.parameters).map { min(max($0, -1), 1) }
            // A failed measurement leaves the phase unchanged rather than injecting NaN into it.
            let cost = point.objective.isFinite ? point.objective / options.costScale : 0
            let time = Double(step) * timeStep
            for index in normalizedPoint.indices {
                let omega = frequencies[index]
                let alpha = omega * options.oscillationSize * options.oscillationSize
                let rate = (alpha * omega).squareRoot() * cos(omega * time + options.gain * cost)
                normalizedPoint[index] = min(max(normalizedPoint[index] + amplitude * timeStep * rate, -1), 1)
            }
            amplitude *= options.decayRate
            step += 1
        }
    }
}
