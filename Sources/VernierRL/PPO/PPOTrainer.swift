import Foundation
import VernierCore
import VernierMath
import VernierNN

/// Proximal Policy Optimization (Schulman et al. 2017) with the details that make it work, as CleanRL's
/// `ppo_continuous_action.py` and Stable-Baselines3's `PPO` implement them.
///
/// One iteration is ``collectRollouts()`` (acting: `n_steps` steps of every environment copy, in
/// `PPOTrainer+Rollouts.swift`) then ``update()`` (learning: `n_epochs` passes of minibatch gradient steps, in
/// `PPOTrainer+Update.swift`). ``train(totalSteps:onUpdate:)`` alternates them until the budget is spent.
///
/// Seeded end to end: the same seed, configuration and plant give bit-identical weights (one OpenBLAS thread),
/// whatever ``environmentThreads`` is.
/// A reference type because it owns environment copies and scratch memory; its resumable state is a
/// ``PPOCheckpoint`` value (``checkpoint()``, ``init(resuming:environments:)``).
public final class PPOTrainer<Env: Environment> {
    /// The hyperparameters.
    public let configuration: PPOConfiguration
    /// The plant's registry id (for the policy file and checkpoints).
    public let plantID: String
    /// The seed the run started with.
    public let seed: UInt64
    /// The model's layout.
    public let model: ActorCritic
    /// Environment steps taken so far.
    public internal(set) var steps = 0
    /// Updates made so far.
    public internal(set) var updates = 0

    var environments: VectorEnvironment<Env>
    var generator: SeededGenerator
    var optimizer: Adam
    var observationNormalizer: ObservationNormalizer?
    var rewardNormalizer: RewardNormalizer?

    /// The flat parameter vector `[actor | log σ | critic]`.
    let parameters: ScratchBuffer
    /// Its gradient.
    let gradients: ScratchBuffer
    let rollout: RolloutBuffer
    let actorWorkspace: NetworkWorkspace
    let criticWorkspace: NetworkWorkspace
    /// The normalised current observation of every copy (`n_envs × observationCount`).
    let currentObservations: ScratchBuffer
    /// Normalised final observations of the episodes that just ended.
    let finalObservations: ScratchBuffer
    /// Whether each copy's current observation starts an episode.
    var lastEpisodeStarts: [Bool]
    /// Actions as sent to the plants (clipped), `n_envs × actionCount`.
    let environmentActions: ScratchBuffer
    /// gSDE exploration matrices, one `latent × actions` per copy.
    let explorationMatrices: ScratchBuffer
    /// Per-sample scratch: standard deviations or probabilities.
    let sampleScratch: ScratchBuffer
    /// σ² of every log-σ parameter (gSDE), refreshed whenever the parameters change.
    let squaredScales: ScratchBuffer
    /// Minibatch copies of the rollout, and the shuffled indices.
    let batchObservations: ScratchBuffer
    let batchActions: ScratchBuffer
    let batchOldLogProbabilities: ScratchBuffer
    let batchAdvantages: ScratchBuffer
    let batchReturns: ScratchBuffer
    let batchOldValues: ScratchBuffer
    var permutation: [Int]
    /// Statistics of the last update.
    public internal(set) var lastUpdate: PPOUpdateStatistics?

    /// A fresh run on `environments` (n_envs copies of one plant; their count must equal the configuration's).
    ///
    /// - Throws: ``PPOError`` for unusable settings or plants.
    public convenience init(environments copies: [Env], configuration: PPOConfiguration, plantID: String, seed: UInt64) throws {
        let problems = configuration.problems()
        guard problems.isEmpty else { throw PPOError.invalidConfiguration(problems) }
        guard copies.count == configuration.environmentCount else {
            throw PPOError.invalidConfiguration(["\(copies.count) environment copies given, n_envs is \(configuration.environmentCount)"])
        }
        let vector = try VectorEnvironment(copies)
        let head = try Self.head(for: vector, configuration: configuration)
        let model = try ActorCritic(observationCount: vector.observationCount, head: head,
                                    hiddenSizes: configuration.hiddenSizes, activation: configuration.activation)
        var generator = SeededGenerator(seed: seed)
        let initial = try model.initialParameters(orthogonal: configuration.orthogonalInit,
                                                  logStdInit: configuration.logStdInit, using: &generator)
        let checkpoint = PPOCheckpoint(
            plantID: plantID, seed: seed, configuration: configuration, model: model, parameters: initial,
            optimizer: Adam(parameterCount: model.parameterCount, learningRate: configuration.learningRate),
            observationNormalizer: configuration.normalizeObservations
                ? ObservationNormalizer(dimension: vector.observationCount, clip: configuration.observationClip,
                                        epsilon: configuration.normalizationEpsilon) : nil,
            rewardNormalizer: configuration.normalizeRewards
                ? RewardNormalizer(environmentCount: configuration.environmentCount, discount: configuration.discount,
                                   clip: configuration.rewardClip, epsilon: configuration.normalizationEpsilon) : nil,
            generator: generator, steps: 0, updates: 0, episodes: EpisodeStatistics())
        try self.init(checkpoint: checkpoint, vector: vector, resetSeed: seed)
    }

    /// Continues the run saved in `checkpoint` on fresh `environments`, which are reset with seeds drawn from the
    /// checkpoint's generator.
    ///
    /// - Throws: ``PPOCheckpointError/mismatch(_:)`` when the plants do not fit the checkpoint's model.
    public convenience init(resuming checkpoint: PPOCheckpoint, environments copies: [Env]) throws {
        guard copies.count == checkpoint.configuration.environmentCount else {
            throw PPOCheckpointError.mismatch("\(copies.count) environment copies given, the run used \(checkpoint.configuration.environmentCount)")
        }
        let vector = try VectorEnvironment(copies)
        let head = try Self.head(for: vector, configuration: checkpoint.configuration)
        guard head == checkpoint.model.head, vector.observationCount == checkpoint.model.actor.inputCount else {
            throw PPOCheckpointError.mismatch("the plant's spaces do not match the checkpoint's model (trained on \(checkpoint.plantID))")
        }
        var resumed = checkpoint
        let resetSeed = resumed.generator.next()
        try self.init(checkpoint: resumed, vector: vector, resetSeed: resetSeed)
    }

    private init(checkpoint: PPOCheckpoint, vector: VectorEnvironment<Env>, resetSeed: UInt64) throws {
        let configuration = checkpoint.configuration
        self.configuration = configuration
        plantID = checkpoint.plantID
        seed = checkpoint.seed
        model = checkpoint.model
        steps = checkpoint.steps
        updates = checkpoint.updates
        environments = vector
        environments.episodes = checkpoint.episodes
        generator = checkpoint.generator
        optimizer = checkpoint.optimizer
        observationNormalizer = checkpoint.observationNormalizer
        rewardNormalizer = checkpoint.rewardNormalizer

        let n = configuration.environmentCount
        let observationCount = vector.observationCount
        let actionCount = model.head.actionCount
        parameters = ScratchBuffer(count: model.parameterCount)
        for (index, value) in checkpoint.parameters.enumerated() { parameters[index] = value }
        gradients = ScratchBuffer(count: model.parameterCount)
        rollout = RolloutBuffer(steps: configuration.stepsPerEnvironment, environments: n,
                                observationCount: observationCount, actionCount: actionCount)
        let capacity = max(configuration.minibatchSize, n)
        actorWorkspace = NetworkWorkspace(for: model.actor, capacity: capacity)
        criticWorkspace = NetworkWorkspace(for: model.critic, capacity: capacity)
        currentObservations = ScratchBuffer(count: n * observationCount)
        finalObservations = ScratchBuffer(count: n * observationCount)
        lastEpisodeStarts = Array(repeating: true, count: n)
        environmentActions = ScratchBuffer(count: n * vector.actionCount)
        explorationMatrices = ScratchBuffer(count: n * model.head.logStdCount)
        sampleScratch = ScratchBuffer(count: max(model.head.outputCount, 1) * 2)
        squaredScales = ScratchBuffer(count: model.head.logStdCount)
        let batch = configuration.minibatchSize
        batchObservations = ScratchBuffer(count: batch * observationCount)
        batchActions = ScratchBuffer(count: batch * actionCount)
        batchOldLogProbabilities = ScratchBuffer(count: batch)
        batchAdvantages = ScratchBuffer(count: batch)
        batchReturns = ScratchBuffer(count: batch)
        batchOldValues = ScratchBuffer(count: batch)
        permutation = Array(0..<rollout.size)

        try environments.reset(seed: resetSeed)
        observeAfterReset()
    }

    /// The head that fits the plant's action space and the configuration.
    static func head(for vector: VectorEnvironment<Env>, configuration: PPOConfiguration) throws -> PolicyHead {
        switch vector.actionSpace {
        case .box(let box):
            let problems = box.problems()
            guard problems.isEmpty else { throw PPOError.unsupportedPlant("the action space is unusable: \(problems.joined(separator: "; "))") }
            return configuration.useSDE
                ? .stateDependent(latent: configuration.hiddenSizes[configuration.hiddenSizes.count - 1], actions: box.count)
                : .gaussian(actions: box.count)
        case .discrete(let discrete):
            guard discrete.count >= 1 else { throw PPOError.unsupportedPlant("the discrete action space has no choices") }
            guard !configuration.useSDE else {
                throw PPOError.invalidConfiguration(["use_sde needs a continuous (box) action space"])
            }
            return .categorical(choices: discrete.count)
        }
    }

    /// Normalises the observations the reset returned (updating the statistics, as VecNormalize does on reset)
    /// and restarts the discounted returns of the reward normaliser.
    func observeAfterReset() {
        let n = environments.count
        rewardNormalizer?.restartReturns()
        environments.observations.withUnsafeBufferPointer { raw in
            guard let base = raw.baseAddress else { return }
            if observationNormalizer != nil {
                observationNormalizer?.update(base, rows: n)
                observationNormalizer?.normalize(base, into: currentObservations.pointer, rows: n)
            } else {
                currentObservations.pointer.update(from: base, count: raw.count)
            }
        }
        for index in 0..<n { lastEpisodeStarts[index] = true }
    }

    // MARK: - Training loop

    /// Alternates rollouts and updates until `totalSteps` environment steps have been taken (whole rollouts,
    /// as SB3: the last one may overshoot), calling `onUpdate` after each update. Throwing from `onUpdate`
    /// (e.g. on cancellation) stops training after that update.
    public func train(totalSteps: Int, onUpdate: (PPOProgress) throws -> Void = { _ in }) throws {
        OpenBLASThreads.set(1)
        while steps < totalSteps {
            try collectRollouts()
            let statistics = update(totalSteps: totalSteps)
            try onUpdate(PPOProgress(steps: steps, totalSteps: totalSteps, updates: updates,
                                     meanReturn: environments.episodes.meanReturn,
                                     meanEpisodeLength: environments.episodes.meanLength,
                                     completedEpisodes: environments.episodes.completedEpisodes,
                                     statistics: statistics))
        }
    }

    /// Recent finished episodes (raw rewards).
    public var episodes: EpisodeStatistics { environments.episodes }

    /// Threads that step the environment copies during rollouts (≥ 1, default 1; more than `n_envs` are not
    /// used). Not a hyperparameter: training gives the same results, bit for bit, whatever its value (see
    /// ``VectorEnvironment``), so it is neither recorded in the configuration nor in checkpoints.
    public var environmentThreads: Int {
        get { environments.threadCount }
        set { environments.threadCount = newValue }
    }

    // MARK: - State

    /// The resumable state now.
    public func checkpoint() -> PPOCheckpoint {
        PPOCheckpoint(
            plantID: plantID, seed: seed, configuration: configuration, model: model, parameters: parameters.array,
            optimizer: optimizer, observationNormalizer: observationNormalizer, rewardNormalizer: rewardNormalizer,
            generator: generator, steps: steps, updates: updates, episodes: environments.episodes)
    }

    /// The current parameters `[actor | log σ | critic]`.
    public var parameterVector: [Double] { parameters.array }

    /// The deterministic policy now, as a policy file.
    public func policyFile() -> PolicyFile {
        let values = parameters.array
        var layers: [PolicyFile.LayerRecord] = []
        for (index, layer) in model.actor.layers.enumerated() {
            let offset = model.actor.weightOffset(ofLayer: index)
            layers.append(PolicyFile.LayerRecord(
                inputs: layer.inputCount, outputs: layer.outputCount, activation: layer.activation,
                weights: Array(values[offset..<(offset + layer.weightCount)]),
                bias: Array(values[(offset + layer.weightCount)..<(offset + layer.parameterCount)])))
        }
        let logStd = Array(values[model.logStdOffset..<model.criticOffset])
        let head: PolicyFile.HeadRecord
        let scaling: PolicyFile.ActionScaling
        switch (model.head, environments.actionSpace) {
        case (.categorical, .discrete(let discrete)):
            head = PolicyFile.HeadRecord(kind: .categorical, logStd: [])
            scaling = .discrete(choices: discrete.count, start: discrete.start)
        case (.stateDependent, .box(let box)):
            head = PolicyFile.HeadRecord(kind: .stateDependentGaussian, logStd: logStd)
            scaling = .continuous(low: box.low, high: box.high)
        case (_, .box(let box)):
            head = PolicyFile.HeadRecord(kind: .gaussian, logStd: logStd)
            scaling = .continuous(low: box.low, high: box.high)
        case (_, .discrete(let discrete)):
            head = PolicyFile.HeadRecord(kind: .categorical, logStd: [])
            scaling = .discrete(choices: discrete.count, start: discrete.start)
        }
        let normalization = observationNormalizer.map {
            PolicyFile.ObservationNormalization(mean: $0.statistics.mean, variance: $0.statistics.variance,
                                                clip: $0.clip, epsilon: $0.epsilon)
        }
        return PolicyFile(plantID: plantID, observationCount: model.actor.inputCount, layers: layers, head: head,
                          observationNormalization: normalization, actionScaling: scaling,
                          provenance: .init(algorithm: "ppo", steps: steps, seed: seed))
    }
}
