/// Losses and diagnostics of one PPO update (SB3 logs the same under `train/`).
public struct PPOUpdateStatistics: Sendable, Hashable, Codable {
    /// Mean clipped-surrogate loss over the minibatches.
    public var policyLoss: Double = 0
    /// Mean value loss.
    public var valueLoss: Double = 0
    /// Mean entropy of the action distribution.
    public var entropy: Double = 0
    /// Mean approximate KL divergence `E[(r − 1) − log r]` (Schulman's k3 estimator, as SB3).
    public var approximateKL: Double = 0
    /// Fraction of samples whose ratio left `[1 − ε, 1 + ε]`.
    public var clipFraction: Double = 0
    /// `1 − Var(R − V) / Var(R)` over the rollout.
    public var explainedVariance: Double = 0
    /// Learning rate used.
    public var learningRate: Double = 0
    /// Epochs completed (fewer than `n_epochs` when the target KL stopped the update).
    public var epochsCompleted: Int = 0
    /// Gradient steps taken.
    public var gradientSteps: Int = 0
}
