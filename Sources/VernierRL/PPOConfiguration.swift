import VernierCore
import VernierNN

/// Every hyperparameter of PPO, in one place.
///
/// Defaults equal Stable-Baselines3 2.x `PPO(...)` with `MlpPolicy` (net_arch 64×64 tanh, separate actor and
/// critic, orthogonal init, log-std 0) and, where SB3's wrappers are involved, `VecNormalize`'s defaults
/// (off unless asked; clip 10, ε 1e-8). YAML files use SB3's and RL Zoo's key names (`n_steps`, `gae_lambda`,
/// `ent_coef`, …) so an RL Zoo preset reads across directly; unknown keys are refused.
public struct PPOConfiguration: Sendable, Hashable, Codable, OptionKeyed {
    /// Adam step size α (`learning_rate`); SB3 3e-4.
    public var learningRate: Double = 3e-4
    /// Anneal α linearly to 0 over the run (RL Zoo's `lin_` schedules, CleanRL's `anneal_lr`); SB3 default constant.
    public var annealLearningRate: Bool = false
    /// Steps per environment copy per rollout (`n_steps`); rollout size = n_steps × n_envs; SB3 2048.
    public var stepsPerEnvironment: Int = 2048
    /// Number of environment copies stepped in lockstep (`n_envs`); SB3's `make_vec_env` default 1.
    public var environmentCount: Int = 1
    /// Minibatch size (`batch_size`); SB3 64.
    public var minibatchSize: Int = 64
    /// Passes over each rollout (`n_epochs`); SB3 10.
    public var epochs: Int = 10
    /// Discount factor γ (`gamma`), 0 ≤ γ < 1; SB3 0.99.
    public var discount: Double = 0.99
    /// GAE λ (`gae_lambda`), 0 ≤ λ ≤ 1; SB3 0.95.
    public var gaeLambda: Double = 0.95
    /// Surrogate clip range ε of the PPO paper (`clip_range`); SB3 0.2.
    public var clipRange: Double = 0.2
    /// Value-function clip range (`clip_range_vf`); `nil` leaves values unclipped (SB3 default).
    public var valueClipRange: Double? = nil
    /// Normalise advantages per minibatch (`normalize_advantage`); SB3 true.
    public var normalizeAdvantage: Bool = true
    /// Entropy bonus coefficient c₂ (`ent_coef`); SB3 0.
    public var entropyCoefficient: Double = 0
    /// Value-loss coefficient c₁ (`vf_coef`); SB3 0.5.
    public var valueCoefficient: Double = 0.5
    /// Largest global gradient 2-norm (`max_grad_norm`); SB3 0.5.
    public var maxGradientNorm: Double = 0.5
    /// Stop an update's epochs once the approximate KL exceeds 1.5 × this (`target_kl`); `nil` never (SB3).
    public var targetKL: Double? = nil
    /// Generalised state-dependent exploration instead of independent Gaussian noise (`use_sde`); SB3 false.
    public var useSDE: Bool = false
    /// Resample the gSDE exploration matrix every this many steps (`sde_sample_freq`); −1 once per rollout (SB3).
    public var sdeSampleFrequency: Int = -1
    /// Hidden layer widths of both actor and critic (`net_arch`); SB3 [64, 64].
    public var hiddenSizes: [Int] = [64, 64]
    /// Hidden activation (`activation_fn`: tanh, relu); SB3 tanh.
    public var activation: Activation = .tanh
    /// Initial log standard deviation of the Gaussian (`log_std_init`); SB3 0.
    public var logStdInit: Double = 0
    /// Orthogonal initialisation with gains √2 / 0.01 / 1 (`ortho_init`); SB3 true.
    public var orthogonalInit: Bool = true
    /// Normalise observations by running mean/variance (`norm_obs` of VecNormalize; RL Zoo `normalize`); off.
    public var normalizeObservations: Bool = false
    /// Normalise rewards by the running std of the discounted return (`norm_reward` of VecNormalize); off.
    public var normalizeRewards: Bool = false
    /// Clip normalised observations to ±this (`clip_obs`); VecNormalize 10.
    public var observationClip: Double = 10
    /// Clip normalised rewards to ±this (`clip_reward`); VecNormalize 10.
    public var rewardClip: Double = 10
    /// ε added to variances before the square root (`epsilon` of VecNormalize); 1e-8.
    public var normalizationEpsilon: Double = 1e-8
    /// Training budget in environment steps (`n_timesteps`, RL Zoo); SB3 has none, 1 000 000 here.
    public var totalSteps: Int = 1_000_000

    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case learningRate = "learning_rate"
        case annealLearningRate = "anneal_learning_rate"
        case stepsPerEnvironment = "n_steps"
        case environmentCount = "n_envs"
        case minibatchSize = "batch_size"
        case epochs = "n_epochs"
        case discount = "gamma"
        case gaeLambda = "gae_lambda"
        case clipRange = "clip_range"
        case valueClipRange = "clip_range_vf"
        case normalizeAdvantage = "normalize_advantage"
        case entropyCoefficient = "ent_coef"
        case valueCoefficient = "vf_coef"
        case maxGradientNorm = "max_grad_norm"
        case targetKL = "target_kl"
        case useSDE = "use_sde"
        case sdeSampleFrequency = "sde_sample_freq"
        case hiddenSizes = "net_arch"
        case activation = "activation_fn"
        case logStdInit = "log_std_init"
        case orthogonalInit = "ortho_init"
        case normalizeObservations = "normalize_observations"
        case normalizeRewards = "normalize_rewards"
        case observationClip = "clip_obs"
        case rewardClip = "clip_reward"
        case normalizationEpsilon = "normalization_epsilon"
        case totalSteps = "n_timesteps"
    }

    public static let optionKeys = CodingKeys.allCases.map(\.rawValue)

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = PPOConfiguration()
        learningRate = try c.decode(.learningRate, default: d.learningRate)
        annealLearningRate = try c.decode(.annealLearningRate, default: d.annealLearningRate)
        stepsPerEnvironment = try c.decode(.stepsPerEnvironment, default: d.stepsPerEnvironment)
        environmentCount = try c.decode(.environmentCount, default: d.environmentCount)
        minibatchSize = try c.decode(.minibatchSize, default: d.minibatchSize)
        epochs = try c.decode(.epochs, default: d.epochs)
        discount = try c.decode(.discount, default: d.discount)
        gaeLambda = try c.decode(.gaeLambda, default: d.gaeLambda)
        clipRange = try c.decode(.clipRange, default: d.clipRange)
        valueClipRange = try c.decodeIfPresent(Double.self, forKey: .valueClipRange)
        normalizeAdvantage = try c.decode(.normalizeAdvantage, default: d.normalizeAdvantage)
        entropyCoefficient = try c.decode(.entropyCoefficient, default: d.entropyCoefficient)
        valueCoefficient = try c.decode(.valueCoefficient, default: d.valueCoefficient)
        maxGradientNorm = try c.decode(.maxGradientNorm, default: d.maxGradientNorm)
        targetKL = try c.decodeIfPresent(Double.self, forKey: .targetKL)
        useSDE = try c.decode(.useSDE, default: d.useSDE)
        sdeSampleFrequency = try c.decode(.sdeSampleFrequency, default: d.sdeSampleFrequency)
        hiddenSizes = try c.decode(.hiddenSizes, default: d.hiddenSizes)
        activation = try c.decode(.activation, default: d.activation)
        logStdInit = try c.decode(.logStdInit, default: d.logStdInit)
        orthogonalInit = try c.decode(.orthogonalInit, default: d.orthogonalInit)
        normalizeObservations = try c.decode(.normalizeObservations, default: d.normalizeObservations)
        normalizeRewards = try c.decode(.normalizeRewards, default: d.normalizeRewards)
        observationClip = try c.decode(.observationClip, default: d.observationClip)
        rewardClip = try c.decode(.rewardClip, default: d.rewardClip)
        normalizationEpsilon = try c.decode(.normalizationEpsilon, default: d.normalizationEpsilon)
        totalSteps = try c.decode(.totalSteps, default: d.totalSteps)
    }

    /// Steps per rollout, n_steps × n_envs.
    public var rolloutSize: Int { stepsPerEnvironment * environmentCount }

    /// What is wrong with these settings, if anything (each message names the key and the valid range).
    public func problems() -> [String] {
        var found: [String] = []
        func require(_ condition: Bool, _ message: String) { if !condition { found.append(message) } }
        require(learningRate > 0 && learningRate.isFinite, "learning_rate must be positive, got \(learningRate)")
        require(stepsPerEnvironment >= 1, "n_steps must be at least 1, got \(stepsPerEnvironment)")
        require(environmentCount >= 1, "n_envs must be at least 1, got \(environmentCount)")
        require(minibatchSize >= 1, "batch_size must be at least 1, got \(minibatchSize)")
        // n_steps × n_envs can overflow Int: checked before `rolloutSize` is used (found by fuzzing, issue 16).
        let (rollout, overflows) = stepsPerEnvironment.multipliedReportingOverflow(by: environmentCount)
        require(!overflows, "n_steps × n_envs = \(stepsPerEnvironment) × \(environmentCount) is too large a rollout")
        require(overflows || minibatchSize <= rollout || rollout < 1,
                "batch_size \(minibatchSize) exceeds the rollout size n_steps × n_envs = \(rollout)")
        require(epochs >= 1, "n_epochs must be at least 1, got \(epochs)")
        require(discount >= 0 && discount < 1, "gamma must lie in [0, 1), got \(discount)")
        require(gaeLambda >= 0 && gaeLambda <= 1, "gae_lambda must lie in [0, 1], got \(gaeLambda)")
        require(clipRange > 0, "clip_range must be positive, got \(clipRange)")
        require(valueClipRange.map { $0 > 0 } ?? true, "clip_range_vf must be positive or absent")
        require(entropyCoefficient >= 0 && entropyCoefficient.isFinite, "ent_coef must be ≥ 0, got \(entropyCoefficient)")
        require(valueCoefficient >= 0 && valueCoefficient.isFinite, "vf_coef must be ≥ 0, got \(valueCoefficient)")
        require(maxGradientNorm > 0, "max_grad_norm must be positive, got \(maxGradientNorm)")
        require(targetKL.map { $0 > 0 } ?? true, "target_kl must be positive or absent")
        require(sdeSampleFrequency == -1 || sdeSampleFrequency >= 1, "sde_sample_freq must be −1 or at least 1, got \(sdeSampleFrequency)")
        require(!hiddenSizes.isEmpty && hiddenSizes.allSatisfy { $0 >= 1 }, "net_arch must list at least one positive width, got \(hiddenSizes)")
        require(activation != .linear, "activation_fn must be tanh or relu")
        require(logStdInit.isFinite, "log_std_init must be finite")
        require(observationClip > 0, "clip_obs must be positive")
        require(rewardClip > 0, "clip_reward must be positive")
        require(normalizationEpsilon >= 0, "normalization_epsilon must be ≥ 0")
        require(totalSteps >= 1, "n_timesteps must be at least 1, got \(totalSteps)")
        return found
    }

    /// The settings as `key: value` lines (YAML), for the log at the start of every run.
    public var logLines: [String] {
        func text(_ value: Double?) -> String { value.map { "\($0)" } ?? "null" }
        return [
            "learning_rate: \(learningRate)", "anneal_learning_rate: \(annealLearningRate)",
            "n_steps: \(stepsPerEnvironment)", "n_envs: \(environmentCount)", "batch_size: \(minibatchSize)",
            "n_epochs: \(epochs)", "gamma: \(discount)", "gae_lambda: \(gaeLambda)", "clip_range: \(clipRange)",
            "clip_range_vf: \(text(valueClipRange))", "normalize_advantage: \(normalizeAdvantage)",
            "ent_coef: \(entropyCoefficient)", "vf_coef: \(valueCoefficient)", "max_grad_norm: \(maxGradientNorm)",
            "target_kl: \(text(targetKL))", "use_sde: \(useSDE)", "sde_sample_freq: \(sdeSampleFrequency)",
            "net_arch: \(hiddenSizes)", "activation_fn: \(activation.rawValue)", "log_std_init: \(logStdInit)",
            "ortho_init: \(orthogonalInit)", "normalize_observations: \(normalizeObservations)",
            "normalize_rewards: \(normalizeRewards)", "clip_obs: \(observationClip)", "clip_reward: \(rewardClip)",
            "normalization_epsilon: \(normalizationEpsilon)", "n_timesteps: \(totalSteps)",
        ]
    }
}
