import Foundation
import VernierMath
import VernierNN

/// The loss of one minibatch and its parts (means over the minibatch).
struct MinibatchLoss {
    /// L = policy + c₁·value − c₂·entropy: what the gradient is the gradient of.
    var total = 0.0
    var policy = 0.0
    var value = 0.0
    var entropy = 0.0
    var approximateKL = 0.0
    /// Samples whose ratio left [1 − ε, 1 + ε].
    var clippedCount = 0
}

extension PPOTrainer {
    /// Learning: `n_epochs` passes over the rollout in shuffled minibatches, each one gradient step on
    ///
    ///     L = −E[min(r A, clip(r, 1 − ε, 1 + ε) A)] + c₁ E[(R − V)²] − c₂ E[H]
    ///
    /// with `r = π(a|s) / π_old(a|s)` and A normalised per minibatch — SB3's `PPO.train`, step by step:
    /// optional value clipping (`V_old + clip(V − V_old, ±ε_vf)`), target-KL early stop checked before the step,
    /// global gradient-norm clipping, one Adam step on actor, log σ and critic together.
    ///
    /// - Parameter totalSteps: the run's budget, for learning-rate annealing (`α · (1 − steps/total)`, floored at 0).
    @discardableResult
    public func update(totalSteps: Int? = nil) -> PPOUpdateStatistics {
        let config = configuration
        var statistics = PPOUpdateStatistics()
        // Learning rate: SB3 evaluates the schedule at progress_remaining = 1 − steps/total after the rollout.
        if config.annealLearningRate {
            let total = Double(totalSteps ?? config.totalSteps)
            optimizer.learningRate = config.learningRate * max(0, 1 - Double(steps) / total)
        } else {
            optimizer.learningRate = config.learningRate
        }
        statistics.learningRate = optimizer.learningRate

        var sums = MinibatchLoss()
        var batches = 0, samples = 0
        epochs: for _ in 0..<config.epochs {
            shufflePermutation()
            var start = 0
            while start < rollout.size {
                let rows = min(config.minibatchSize, rollout.size - start)
                // 1. Gather the minibatch; 2. normalise its advantages.
                gatherMinibatch(start: start, rows: rows)
                start += config.minibatchSize
                if config.normalizeAdvantage && rows > 1 { normalizeMinibatchAdvantages(rows: rows) }
                // 3. Forward passes, losses, backward passes: the gradient of L in `gradients`.
                let loss = minibatchLossAndGradient(rows: rows)
                sums.policy += loss.policy
                sums.value += loss.value
                sums.entropy += loss.entropy
                sums.approximateKL += loss.approximateKL
                sums.clippedCount += loss.clippedCount
                batches += 1
                samples += rows
                // 4. Target-KL early stop, before the step (SB3).
                if let target = config.targetKL, loss.approximateKL > 1.5 * target {
                    break epochs
                }
                // 5. Global gradient clip and one Adam step.
                GradientClipping.clipGlobalNorm(gradients.pointer, count: model.parameterCount, maxNorm: config.maxGradientNorm)
                optimizer.step(parameters: parameters.pointer, gradients: UnsafePointer(gradients.pointer), count: model.parameterCount)
                statistics.gradientSteps += 1
            }
            statistics.epochsCompleted += 1
        }

        updates += 1
        let batchCount = Double(max(batches, 1))
        statistics.policyLoss = sums.policy / batchCount
        statistics.valueLoss = sums.value / batchCount
        statistics.entropy = sums.entropy / batchCount
        statistics.approximateKL = sums.approximateKL / batchCount
        statistics.clipFraction = Double(sums.clippedCount) / Double(max(samples, 1))
        statistics.explainedVariance = explainedVariance()
        lastUpdate = statistics
        return statistics
    }

    /// Copies rollout samples `permutation[start ..< start + rows]` into the minibatch buffers.
    func gatherMinibatch(start: Int, rows: Int) {
        let observationCount = rollout.observationCount
        let actionCount = rollout.actionCount
        for row in 0..<rows {
            let index = permutation[start + row]
            (batchObservations.pointer + row * observationCount)
                .update(from: rollout.observations.pointer + index * observationCount, count: observationCount)
            (batchActions.pointer + row * actionCount)
                .update(from: rollout.actions.pointer + index * actionCount, count: actionCount)
            batchOldLogProbabilities[row] = rollout.logProbabilities[index]
            batchAdvantages[row] = rollout.advantages[index]
            batchReturns[row] = rollout.returns[index]
            batchOldValues[row] = rollout.values[index]
        }
    }

    /// `A ← (A − mean) / (std + 1e-8)` over the minibatch, with torch's unbiased (n − 1) standard deviation.
    func normalizeMinibatchAdvantages(rows: Int) {
        var mean = 0.0
        for row in 0..<rows { mean += batchAdvantages[row] }
        mean /= Double(rows)
        var squares = 0.0
        for row in 0..<rows { squares += (batchAdvantages[row] - mean) * (batchAdvantages[row] - mean) }
        let deviation = (squares / Double(rows - 1)).squareRoot()
        for row in 0..<rows { batchAdvantages[row] = (batchAdvantages[row] - mean) / (deviation + 1e-8) }
    }

    /// The PPO loss of the gathered minibatch of `rows` samples, with its gradient with respect to every
    /// parameter written to `gradients` (zeroed first).
    ///
    /// The gradient is derived by hand per sample — through the clipped surrogate, the Gaussian, gSDE or
    /// categorical log-probability and entropy, and the (clipped) value error — into the networks' outputs and
    /// log σ, then backpropagated through actor and critic (tests check it against finite differences).
    func minibatchLossAndGradient(rows: Int) -> MinibatchLoss {
        let config = configuration
        let head = model.head
        let actionCount = head.actionCount
        let outputCount = head.outputCount
        let params = UnsafePointer(parameters.pointer)
        let criticParams = params + model.criticOffset
        let logStd = params + model.logStdOffset
        let gradient = gradients.pointer
        let logStdGradient = gradient + model.logStdOffset
        let latentCount: Int
        if case .stateDependent(let latent, _) = head { latentCount = latent } else { latentCount = 0 }
        let std = sampleScratch.pointer

        head.squaredScales(logStd: logStd, into: squaredScales.pointer)
        let sigmaSquared = UnsafePointer(squaredScales.pointer)
        let observations = UnsafePointer(batchObservations.pointer)
        model.actor.forward(parameters: params, input: observations, rows: rows, workspace: actorWorkspace)
        model.critic.forward(parameters: criticParams, input: observations, rows: rows, workspace: criticWorkspace)
        let outputs = actorWorkspace.outputs
        let values = criticWorkspace.outputs

        // Log σ's gradient is accumulated here; the networks' is added by backward().
        gradient.update(repeating: 0, count: model.parameterCount)
        var loss = MinibatchLoss()
        let scale = 1 / Double(rows)
        for row in 0..<rows {
            let output = UnsafePointer(outputs + row * outputCount)
            let action = UnsafePointer(batchActions.pointer + row * actionCount)
            let outputGradient = actorWorkspace.outputGradients + row * outputCount
            let latent = model.latentLayer.map { UnsafePointer(actorWorkspace.output(ofLayer: $0) + row * latentCount) }

            let (logProbability, entropy): (Double, Double)
            switch head {
            case .gaussian(let actions), .stateDependent(_, let actions):
                head.standardDeviations(logStd: logStd, squaredScales: sigmaSquared, latent: latent, into: std)
                (logProbability, entropy) = PolicyHead.gaussianLogProbabilityAndEntropy(
                    action: action, mean: output, std: std, count: actions)
            case .categorical(let choices):
                (logProbability, entropy) = PolicyHead.categoricalLogProbabilityAndEntropy(
                    choice: Int(action[0]), logits: output, count: choices, probabilities: std)
            }

            // Clipped surrogate: d/d log π of −min(rA, clip(r)A)/B is −rA/B unless the clipped term is the
            // smaller one (then 0).
            let advantage = batchAdvantages[row]
            let logRatio = logProbability - batchOldLogProbabilities[row]
            let ratio = exp(logRatio)
            let clippedRatio = min(max(ratio, 1 - config.clipRange), 1 + config.clipRange)
            loss.policy -= min(ratio * advantage, clippedRatio * advantage) * scale
            let isClipped = (advantage > 0 && ratio > 1 + config.clipRange) || (advantage < 0 && ratio < 1 - config.clipRange)
            let dLogProbability = isClipped ? 0 : -ratio * advantage * scale
            loss.clippedCount += abs(ratio - 1) > config.clipRange ? 1 : 0
            loss.approximateKL += ((ratio - 1) - logRatio) * scale
            // Entropy bonus −c₂ H/B.
            let dEntropy = -config.entropyCoefficient * scale
            loss.entropy += entropy * scale

            switch head {
            case .gaussian(let actions):
                // ∂log π/∂μ = (a − μ)/σ², ∂log π/∂log σ = z² − 1 (z = (a − μ)/σ), ∂H/∂log σ = 1.
                for k in 0..<actions {
                    let z = (action[k] - output[k]) / std[k]
                    outputGradient[k] = dLogProbability * z / std[k]
                    logStdGradient[k] += dLogProbability * (z * z - 1) + dEntropy
                }
            case .stateDependent(let latentWidth, let actions):
                // s_k² = Σ_j z_j² σ_jk² + ε: ∂log s_k/∂log σ_jk = z_j² σ_jk² / s_k². The features are detached
                // (SB3 learn_features=False): no gradient reaches the hidden layers through s.
                for k in 0..<actions {
                    let z = (action[k] - output[k]) / std[k]
                    outputGradient[k] = dLogProbability * z / std[k]
                    let dLogS = dLogProbability * (z * z - 1) + dEntropy
                    guard let latent else { continue }
                    let factor = dLogS / (std[k] * std[k])
                    for j in 0..<latentWidth {
                        logStdGradient[j * actions + k] += factor * latent[j] * latent[j] * sigmaSquared[j * actions + k]
                    }
                }
            case .categorical(let choices):
                // ∂log π(a)/∂ℓ_j = 1[j = a] − p_j; ∂H/∂ℓ_j = −p_j (log p_j + H).
                let chosen = Int(action[0])
                for j in 0..<choices {
                    let p = std[j]
                    let logP = p > 0 ? log(p) : 0
                    outputGradient[j] = dLogProbability * ((j == chosen ? 1 : 0) - p) - dEntropy * p * (logP + entropy)
                }
            }

            // Value loss c₁ (R − V_pred)², V_pred = V_old + clip(V − V_old, ±ε_vf) when configured.
            let value = values[row]
            var predicted = value
            var passesGradient = true
            if let valueClip = config.valueClipRange {
                let difference = value - batchOldValues[row]
                predicted = batchOldValues[row] + min(max(difference, -valueClip), valueClip)
                passesGradient = abs(difference) <= valueClip
            }
            let error = batchReturns[row] - predicted
            loss.value += error * error * scale
            criticWorkspace.outputGradients[row] = passesGradient ? -2 * config.valueCoefficient * error * scale : 0
        }
        loss.total = loss.policy + config.valueCoefficient * loss.value - config.entropyCoefficient * loss.entropy

        model.actor.backward(parameters: params, input: observations, rows: rows, workspace: actorWorkspace, gradients: gradient)
        model.critic.backward(parameters: criticParams, input: observations, rows: rows, workspace: criticWorkspace,
                              gradients: gradient + model.criticOffset)
        return loss
    }

    /// Fisher–Yates shuffle of the rollout indices with the run's generator (SB3: `np.random.permutation`).
    func shufflePermutation() {
        for index in 0..<permutation.count { permutation[index] = index }
        var index = permutation.count - 1
        while index > 0 {
            let other = Int(generator.next() % UInt64(index + 1))
            permutation.swapAt(index, other)
            index -= 1
        }
    }

    /// `1 − Var(R − V) / Var(R)` over the rollout (SB3 `explained_variance`; NaN when Var(R) = 0).
    func explainedVariance() -> Double {
        let size = rollout.size
        var meanReturn = 0.0, meanResidual = 0.0
        for index in 0..<size {
            meanReturn += rollout.returns[index]
            meanResidual += rollout.returns[index] - rollout.values[index]
        }
        meanReturn /= Double(size)
        meanResidual /= Double(size)
        var varianceReturn = 0.0, varianceResidual = 0.0
        for index in 0..<size {
            let r = rollout.returns[index] - meanReturn
            let e = rollout.returns[index] - rollout.values[index] - meanResidual
            varianceReturn += r * r
            varianceResidual += e * e
        }
        return varianceReturn == 0 ? .nan : 1 - varianceResidual / varianceReturn
    }
}
