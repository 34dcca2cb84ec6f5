import VernierCore
import VernierMath
import VernierNN

/// PPO's model: a separate actor (observation → action-distribution parameters) and critic (observation →
/// value), SB3's `MlpPolicy` with `net_arch=dict(pi=[64, 64], vf=[64, 64])`, plus the log-σ parameters of a
/// Gaussian head.
///
/// All trainable numbers live in one flat vector, laid out `[actor | log σ | critic]`, so Adam, the global
/// gradient clip and the checkpoint see one array.
public struct ActorCritic: Sendable, Hashable, Codable {
    /// Observation → mean (or logits).
    public let actor: MultilayerPerceptron
    /// Observation → value.
    public let critic: MultilayerPerceptron
    /// The action distribution.
    public let head: PolicyHead

    /// A model for `observationCount` inputs and `head`, with `hiddenSizes` and `activation` in both networks.
    public init(observationCount: Int, head: PolicyHead, hiddenSizes: [Int], activation: Activation) throws(NetworkError) {
        actor = try MultilayerPerceptron(inputCount: observationCount, hiddenSizes: hiddenSizes,
                                         outputCount: head.outputCount, hiddenActivation: activation)
        critic = try MultilayerPerceptron(inputCount: observationCount, hiddenSizes: hiddenSizes,
                                          outputCount: 1, hiddenActivation: activation)
        self.head = head
    }

    /// Where the log-σ parameters start.
    public var logStdOffset: Int { actor.parameterCount }
    /// Where the critic's parameters start.
    public var criticOffset: Int { actor.parameterCount + head.logStdCount }
    /// Number of trainable parameters.
    public var parameterCount: Int { criticOffset + critic.parameterCount }
    /// Index of the actor's last hidden layer (gSDE's latent features), if it has one.
    public var latentLayer: Int? { actor.layers.count >= 2 ? actor.layers.count - 2 : nil }

    /// Initial parameters: SB3's orthogonal initialisation (gains √2 hidden, 0.01 policy head, 1 value head,
    /// zero biases) or, with `orthogonal == false`, the same shapes from a scaled Gaussian (LeCun-style
    /// `N(0, 1/fan_in)`); log σ set to `logStdInit`.
    public func initialParameters(
        orthogonal: Bool, logStdInit: Double, using generator: inout SeededGenerator
    ) throws -> [Double] {
        var actorParameters = [Double](repeating: 0, count: actor.parameterCount)
        var criticParameters = [Double](repeating: 0, count: critic.parameterCount)
        if orthogonal {
            try OrthogonalInitializer.initialize(actor, parameters: &actorParameters,
                                                 outputGain: OrthogonalInitializer.policyHeadGain, using: &generator)
            try OrthogonalInitializer.initialize(critic, parameters: &criticParameters,
                                                 outputGain: OrthogonalInitializer.valueHeadGain, using: &generator)
        } else {
            for (network, index) in [(actor, 0), (critic, 1)] {
                var values = [Double](repeating: 0, count: network.parameterCount)
                for (layerIndex, layer) in network.layers.enumerated() {
                    let offset = network.weightOffset(ofLayer: layerIndex)
                    let scale = 1 / Double(layer.inputCount).squareRoot()
                    for w in 0..<layer.weightCount { values[offset + w] = scale * generator.nextStandardNormal() }
                }
                if index == 0 { actorParameters = values } else { criticParameters = values }
            }
        }
        return actorParameters + Array(repeating: logStdInit, count: head.logStdCount) + criticParameters
    }
}
