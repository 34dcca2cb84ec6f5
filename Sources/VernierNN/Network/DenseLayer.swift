/// The shape of one fully connected layer `y = f(W x + b)`: `W` is `outputCount × inputCount` (row-major,
/// PyTorch's `nn.Linear` layout), `b` has `outputCount` elements.
///
/// A layer holds no numbers: its weights live in the flat parameter vector of the network it belongs to,
/// `W` first, then `b` (see ``MultilayerPerceptron``).
public struct DenseLayer: Sendable, Hashable, Codable {
    /// Number of inputs (≥ 1).
    public var inputCount: Int
    /// Number of outputs (≥ 1).
    public var outputCount: Int
    /// The nonlinearity after the affine map.
    public var activation: Activation

    public init(inputCount: Int, outputCount: Int, activation: Activation) {
        self.inputCount = inputCount
        self.outputCount = outputCount
        self.activation = activation
    }

    /// Number of weights, `outputCount · inputCount`.
    public var weightCount: Int { inputCount * outputCount }
    /// Number of parameters, weights and biases.
    public var parameterCount: Int { weightCount + outputCount }
}
