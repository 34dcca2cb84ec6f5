import VernierRL

extension PPOUpdateStatistics {
    /// The statistics as the run store's progress records keep them, under SB3's `train/` names, with the
    /// training speed since the run (re)started.
    func stored(stepsPerSecond: Double) -> [String: Double] {
        ["policy_loss": policyLoss, "value_loss": valueLoss, "entropy": entropy, "approx_kl": approximateKL,
         "clip_fraction": clipFraction, "explained_variance": explainedVariance, "learning_rate": learningRate,
         "epochs": Double(epochsCompleted), "steps_per_second": stepsPerSecond]
    }
}
