import Foundation

/// A trained policy as a versioned JSON document: what `vernier train` writes and `vernier evaluate`,
/// `vernier run` and the FPGA exporter read.
///
/// It holds everything the deterministic policy needs and nothing of training: the actor network (layers,
/// activations, weights), the observation normalisation statistics it was trained with (so hardware sees the
/// inputs the policy saw), how network outputs become plant actions, the plant it was trained on, and a
/// checksum over all of it. Numbers are written with Swift's shortest round-trip formatting, so a file loads
/// back bit-identically.
///
/// Use ``load(from:)`` or ``decode(_:)`` to read one: they refuse malformed, truncated or inconsistent files
/// with a ``PolicyFileError`` that names the problem.
public struct PolicyFile: Sendable, Hashable, Codable {
    /// The value of ``format`` in every policy file.
    public static let formatName = "vernier-policy"
    /// The format version this build writes and reads.
    public static let currentVersion = 1

    /// Always ``formatName``.
    public var format: String
    /// The format version; a reader refuses versions it does not know.
    public var formatVersion: Int
    /// The registry id of the plant the policy was trained on, e.g. `classic/Pendulum-v1`.
    public var plantID: String
    /// Number of observation elements the policy reads.
    public var observationCount: Int
    /// The actor network: layers from observation to action head.
    public var layers: [LayerRecord]
    /// The action distribution the network parameterises.
    public var head: HeadRecord
    /// The running statistics observations are normalised with before entering the network; `nil` when the
    /// policy reads raw observations.
    public var observationNormalization: ObservationNormalization?
    /// How network outputs become plant actions.
    public var actionScaling: ActionScaling
    /// How the policy was trained (informative).
    public var provenance: Provenance
    /// `fnv1a64:` and 16 hex digits: FNV-1a over a canonical serialisation of every other field.
    public var checksum: String

    enum CodingKeys: String, CodingKey {
        case format
        case formatVersion = "format_version"
        case plantID = "plant_id"
        case observationCount = "observation_count"
        case layers
        case head
        case observationNormalization = "observation_normalization"
        case actionScaling = "action_scaling"
        case provenance
        case checksum
    }

    /// One dense layer with its numbers.
    public struct LayerRecord: Sendable, Hashable, Codable {
        /// Number of inputs.
        public var inputs: Int
        /// Number of outputs.
        public var outputs: Int
        /// The nonlinearity after the affine map.
        public var activation: Activation
        /// `W`, row-major, `outputs × inputs` (PyTorch's `nn.Linear.weight` layout).
        public var weights: [Double]
        /// `b`, `outputs` elements.
        public var bias: [Double]

        public init(inputs: Int, outputs: Int, activation: Activation, weights: [Double], bias: [Double]) {
            self.inputs = inputs
            self.outputs = outputs
            self.activation = activation
            self.weights = weights
            self.bias = bias
        }
    }

    /// The action distribution the network's outputs parameterise.
    public struct HeadRecord: Sendable, Hashable, Codable {
        /// The kind of distribution.
        public enum Kind: String, Sendable, Hashable, Codable {
            /// Diagonal Gaussian, mean = network output, state-independent log-std (one per action element).
            case gaussian
            /// Generalised state-dependent exploration (Raffin et al. 2022): mean = network output, log-std a
            /// `latent × actions` matrix over the last hidden layer.
            case stateDependentGaussian = "state_dependent_gaussian"
            /// Categorical over the outputs (logits); the deterministic action is the arg-max.
            case categorical
        }

        /// The kind of distribution.
        public var kind: Kind
        /// Log standard deviations: `actions` elements (gaussian), `latent × actions` row-major (state
        /// dependent), empty (categorical). Deterministic inference does not use them.
        public var logStd: [Double]

        enum CodingKeys: String, CodingKey {
            case kind
            case logStd = "log_std"
        }

        public init(kind: Kind, logStd: [Double]) {
            self.kind = kind
            self.logStd = logStd
        }
    }

    /// SB3 `VecNormalize` observation normalisation: `clip((x − mean) / √(variance + epsilon), −clip, clip)`.
    public struct ObservationNormalization: Sendable, Hashable, Codable {
        /// Running mean of each observation element.
        public var mean: [Double]
        /// Running (population) variance of each observation element.
        public var variance: [Double]
        /// Normalised observations are clipped to `[−clip, clip]` (SB3's `clip_obs`, default 10).
        public var clip: Double
        /// Added to the variance before the square root (SB3's `epsilon`, default 1e-8).
        public var epsilon: Double

        public init(mean: [Double], variance: [Double], clip: Double, epsilon: Double) {
            self.mean = mean
            self.variance = variance
            self.clip = clip
            self.epsilon = epsilon
        }
    }

    /// How network outputs become plant actions.
    ///
    /// Continuous: `action = clip(offset + scale ⊙ output, low, high)` — the network's mean (the deterministic
    /// action) scaled, then clipped into the plant's action box as SB3 clips before `env.step`.
    /// Discrete: `action = start + argmax(output)`.
    public struct ActionScaling: Sendable, Hashable, Codable {
        /// Continuous (a box) or discrete (choices).
        public enum Kind: String, Sendable, Hashable, Codable {
            case continuous
            case discrete
        }

        /// Continuous or discrete.
        public var kind: Kind
        /// Continuous: multiplier per action element (1 for a policy trained on the plant's own action box).
        public var scale: [Double]
        /// Continuous: added after scaling.
        public var offset: [Double]
        /// Continuous: lower clip bound per action element (the action box's low).
        public var low: [Double]
        /// Continuous: upper clip bound per action element (the action box's high).
        public var high: [Double]
        /// Discrete: number of choices (the number of network outputs).
        public var choices: Int
        /// Discrete: the first choice's value (Gymnasium's `Discrete.start`).
        public var start: Int

        /// Continuous scaling into the box `[low, high]`, identity scale and zero offset.
        public static func continuous(low: [Double], high: [Double]) -> ActionScaling {
            ActionScaling(kind: .continuous, scale: Array(repeating: 1, count: low.count),
                          offset: Array(repeating: 0, count: low.count), low: low, high: high, choices: 0, start: 0)
        }

        /// Discrete choices `start ..< start + choices`.
        public static func discrete(choices: Int, start: Int) -> ActionScaling {
            ActionScaling(kind: .discrete, scale: [], offset: [], low: [], high: [], choices: choices, start: start)
        }

        /// Number of elements of one action (1 for a discrete choice).
        public var actionCount: Int { kind == .continuous ? low.count : 1 }
    }

    /// How the policy came to be (covered by the checksum, but not needed for inference).
    public struct Provenance: Sendable, Hashable, Codable {
        /// "ppo".
        public var algorithm: String
        /// Environment steps trained.
        public var steps: Int
        /// The training seed.
        public var seed: UInt64

        public init(algorithm: String, steps: Int, seed: UInt64) {
            self.algorithm = algorithm
            self.steps = steps
            self.seed = seed
        }
    }

    /// A policy file with a freshly computed checksum.
    public init(
        plantID: String, observationCount: Int, layers: [LayerRecord], head: HeadRecord,
        observationNormalization: ObservationNormalization?, actionScaling: ActionScaling, provenance: Provenance
    ) {
        format = Self.formatName
        formatVersion = Self.currentVersion
        self.plantID = plantID
        self.observationCount = observationCount
        self.layers = layers
        self.head = head
        self.observationNormalization = observationNormalization
        self.actionScaling = actionScaling
        self.provenance = provenance
        checksum = ""
        checksum = computedChecksum()
    }

    // MARK: - Checksum

    /// `fnv1a64:` + the FNV-1a hash of every field but ``checksum``, in a fixed order, numbers by bit pattern.
    public func computedChecksum() -> String {
        var hasher = FNV1a()
        hasher.combine(format)
        hasher.combine(formatVersion)
        hasher.combine(plantID)
        hasher.combine(observationCount)
        hasher.combine(layers.count)
        for layer in layers {
            hasher.combine(layer.inputs)
            hasher.combine(layer.outputs)
            hasher.combine(layer.activation.rawValue)
            hasher.combine(layer.weights)
            hasher.combine(layer.bias)
        }
        hasher.combine(head.kind.rawValue)
        hasher.combine(head.logStd)
        if let normalization = observationNormalization {
            hasher.combine(1)
            hasher.combine(normalization.mean)
            hasher.combine(normalization.variance)
            hasher.combine(normalization.clip)
            hasher.combine(normalization.epsilon)
        } else {
            hasher.combine(0)
        }
        hasher.combine(actionScaling.kind.rawValue)
        hasher.combine(actionScaling.scale)
        hasher.combine(actionScaling.offset)
        hasher.combine(actionScaling.low)
        hasher.combine(actionScaling.high)
        hasher.combine(actionScaling.choices)
        hasher.combine(actionScaling.start)
        hasher.combine(provenance.algorithm)
        hasher.combine(provenance.steps)
        hasher.combine(provenance.seed)
        return "fnv1a64:" + hasher.hexDigest
    }

    // MARK: - Derived

    /// The actor network's layout.
    public func network() throws(PolicyFileError) -> MultilayerPerceptron {
        do {
            return try MultilayerPerceptron(layers: layers.map {
                DenseLayer(inputCount: $0.inputs, outputCount: $0.outputs, activation: $0.activation)
            })
        } catch {
            throw .shapeMismatch("\(error)")
        }
    }

    /// The actor's parameters as one flat vector (layer by layer, `W` then `b`).
    public var flatParameters: [Double] {
        layers.flatMap { $0.weights + $0.bias }
    }
}
