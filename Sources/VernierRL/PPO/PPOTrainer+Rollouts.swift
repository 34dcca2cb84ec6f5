import Foundation
import VernierCore
import VernierMath
import VernierNN

extension PPOTrainer {
    /// Acting: steps every environment copy `n_steps` times with the current policy and fills the rollout
    /// buffer, then computes GAE advantages and returns (SB3 `collect_rollouts`).
    ///
    /// Per step: the actor and critic run on the batch of current observations (one gemm per layer); each
    /// copy's action is sampled (unclipped actions are stored, clipped ones are sent, as SB3 does); the copies
    /// step and auto-reset; observations and rewards are normalised when configured; and where an episode was
    /// **truncated** (not terminated) the value of its final observation is added to its last reward,
    /// `r ← r + γ V(s_final)` (SB3 #633), so a time limit is not mistaken for a terminal state.
    ///
    /// Allocates nothing per step beyond what the plants do.
    public func collectRollouts() throws {
        let n = environments.count
        let observationCount = environments.observationCount
        let actionCount = model.head.actionCount
        let head = model.head
        let discount = configuration.discount
        let params = UnsafePointer(parameters.pointer)
        let criticParams = params + model.criticOffset
        let logStd = params + model.logStdOffset
        let latentLayer = model.latentLayer
        let latentCount: Int
        if case .stateDependent(let latent, _) = head { latentCount = latent } else { latentCount = 0 }
        head.squaredScales(logStd: logStd, into: squaredScales.pointer)

        for t in 0..<rollout.steps {
            // gSDE: new exploration matrices at the start of a rollout and every sde_sample_freq steps.
            if latentCount > 0, t == 0 || (configuration.sdeSampleFrequency > 0 && t % configuration.sdeSampleFrequency == 0) {
                resampleExplorationMatrices(logStd: logStd, latentCount: latentCount, actionCount: actionCount)
            }
            let observations = UnsafePointer(currentObservations.pointer)
            model.actor.forward(parameters: params, input: observations, rows: n, workspace: actorWorkspace)
            model.critic.forward(parameters: criticParams, input: observations, rows: n, workspace: criticWorkspace)
            let base = t * n
            (rollout.observations.pointer + base * observationCount).update(from: observations, count: n * observationCount)

            // Sample each copy's action and its log-probability.
            let outputs = actorWorkspace.outputs
            for e in 0..<n {
                let index = base + e
                let stored = rollout.actions.pointer + index * actionCount
                let output = outputs + e * head.outputCount
                let scratch = sampleScratch.pointer
                switch head {
                case .gaussian(let actions), .stateDependent(_, let actions):
                    let latent = latentLayer.map { UnsafePointer(actorWorkspace.output(ofLayer: $0) + e * latentCount) }
                    head.standardDeviations(logStd: logStd, squaredScales: squaredScales.pointer, latent: latent, into: scratch)
                    if latentCount > 0, let latent {
                        // a = μ + zᵀE: the noise is a fixed linear function of the features between resamplings.
                        let matrix = explorationMatrices.pointer + e * latentCount * actions
                        for k in 0..<actions {
                            var noise = 0.0
                            for j in 0..<latentCount { noise += latent[j] * matrix[j * actions + k] }
                            stored[k] = output[k] + noise
                        }
                    } else {
                        for k in 0..<actions { stored[k] = output[k] + scratch[k] * generator.nextStandardNormal() }
                    }
                    rollout.logProbabilities[index] = PolicyHead.gaussianLogProbabilityAndEntropy(
                        action: stored, mean: output, std: scratch, count: actions).logProbability
                case .categorical(let choices):
                    let probabilities = scratch
                    _ = PolicyHead.softmax(output, count: choices, into: probabilities)
                    let u = generator.nextUnit()
                    var choice = choices - 1
                    var cumulative = 0.0
                    for j in 0..<choices {
                        cumulative += probabilities[j]
                        if u < cumulative { choice = j; break }
                    }
                    stored[0] = Double(choice)
                    rollout.logProbabilities[index] = PolicyHead.categoricalLogProbabilityAndEntropy(
                        choice: choice, logits: output, count: choices, probabilities: probabilities).logProbability
                }
                rollout.values[index] = criticWorkspace.outputs[e]
                rollout.episodeStarts[index] = lastEpisodeStarts[e] ? 1 : 0
                clipIntoActionSpace(stored, into: environmentActions.pointer + e * environments.actionCount)
            }

            try environments.step(UnsafePointer(environmentActions.pointer))
            steps += n

            // Normalise (VecNormalize order: update the statistics with the new observations, normalise them and
            // the final observations of ended episodes; then the rewards).
            environments.observations.withUnsafeBufferPointer { raw in
                guard let rawBase = raw.baseAddress else { return }
                if observationNormalizer != nil {
                    observationNormalizer?.update(rawBase, rows: n)
                    observationNormalizer?.normalize(rawBase, into: currentObservations.pointer, rows: n)
                } else {
                    currentObservations.pointer.update(from: rawBase, count: raw.count)
                }
            }
            environments.finalObservations.withUnsafeBufferPointer { raw in
                guard let rawBase = raw.baseAddress else { return }
                for e in 0..<n where environments.isDone(e) {
                    let offset = e * observationCount
                    if let normalizer = observationNormalizer {
                        normalizer.normalize(rawBase + offset, into: finalObservations.pointer + offset, rows: 1)
                    } else {
                        (finalObservations.pointer + offset).update(from: rawBase + offset, count: observationCount)
                    }
                }
            }
            let rewards = rollout.rewards.pointer + base
            for e in 0..<n { rewards[e] = environments.rewards[e] }
            if rewardNormalizer != nil {
                let vector = environments
                rewardNormalizer?.normalize(rewards, isDone: { vector.isDone($0) })
            }

            // Time-limit bootstrap: r ← r + γ V(final observation) where the episode was truncated, not terminated.
            for e in 0..<n where environments.truncated[e] && !environments.terminated[e] {
                model.critic.forward(parameters: criticParams,
                                     input: UnsafePointer(finalObservations.pointer + e * observationCount),
                                     rows: 1, workspace: criticWorkspace)
                rewards[e] += discount * criticWorkspace.outputs[0]
            }
            for e in 0..<n { lastEpisodeStarts[e] = environments.isDone(e) }
        }

        // V of the observation after the last step, for GAE's tail.
        model.critic.forward(parameters: criticParams, input: UnsafePointer(currentObservations.pointer),
                             rows: n, workspace: criticWorkspace)
        let lastValues = (0..<n).map { criticWorkspace.outputs[$0] }
        rollout.computeReturnsAndAdvantages(lastValues: lastValues, lastDones: lastEpisodeStarts,
                                            discount: discount, lambda: configuration.gaeLambda)
    }

    /// Draws each copy's gSDE exploration matrix, `E_jk ~ N(0, σ_jk²)` (SB3 `sample_weights`).
    func resampleExplorationMatrices(logStd: UnsafePointer<Double>, latentCount: Int, actionCount: Int) {
        let size = latentCount * actionCount
        for e in 0..<environments.count {
            let matrix = explorationMatrices.pointer + e * size
            for index in 0..<size { matrix[index] = exp(logStd[index]) * generator.nextStandardNormal() }
        }
    }

    /// The action the plant receives: a box action clipped into the box (SB3 clips before `env.step`); a
    /// categorical choice offset by the space's start.
    func clipIntoActionSpace(_ action: UnsafePointer<Double>, into target: UnsafeMutablePointer<Double>) {
        switch environments.actionSpace {
        case .box(let box):
            box.low.withUnsafeBufferPointer { low in
                box.high.withUnsafeBufferPointer { high in
                    for k in 0..<box.count { target[k] = min(max(action[k], low[k]), high[k]) }
                }
            }
        case .discrete(let discrete):
            target[0] = action[0] + Double(discrete.start)
        }
    }
}
