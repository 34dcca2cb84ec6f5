import ArgumentParser
import VernierCore
import VernierFPGA
import VernierNN
import VernierRL

/// `vernier evaluate POLICY --fixed-point DIR`: the episodes acted by the bit-exact reference of an export —
/// what the FPGA would command — instead of the float policy.
enum FixedPointEvaluation {
    static func evaluate<Env: Environment>(
        exportDirectory: String, policy: Policy, on environment: inout Env, episodes: Int, seed: UInt64, maxSteps: Int
    ) throws -> EvaluationSummary {
        let fixed = try FixedPointPolicyFile.load(directory: exportDirectory)
        if let compatibility = fixed.compatibility {
            throw ValidationError("the export in \(exportDirectory) was made with --compat \(compatibility.rawValue): it is the network alone (no observation normalisation, action scaling or clip), not a controller; export the policy without --compat to evaluate it")
        }
        guard fixed.inputCount == policy.observationCount, fixed.outputCount == policy.actionCount else {
            throw ValidationError("the export in \(exportDirectory) reads \(fixed.inputCount) and writes \(fixed.outputCount) values; the policy reads \(policy.observationCount) and writes \(policy.actionCount): export this policy again")
        }
        let reference = FixedPointReference(fixed)
        return try PolicyEvaluator.evaluate(actionCount: policy.actionCount, on: &environment, episodes: episodes,
                                            seed: seed, maxSteps: maxSteps) { observation, action in
            let values = reference.act(observation)
            for index in action.indices { action[index] = values[index] }
        }
    }
}
