import COpenBLAS

/// A fully connected network: a chain of ``DenseLayer``s whose parameters live in one flat vector.
///
/// The network is its *layout*; the numbers are passed in as a pointer to the flat parameter vector, laid out
/// layer by layer as `W` (row-major, `outputCount × inputCount`) then `b`. Keeping every trainable number of a
/// model (actor, critic, log-std) in one vector lets Adam, gradient clipping and checkpoints treat it as one array.
///
/// Passes run on OpenBLAS: a batch of `rows` inputs goes through each layer as one `dgemm`
/// (`Y = X Wᵀ + 1 bᵀ`), a single input as one `dgemv`. They allocate nothing: every intermediate lives in a
/// ``NetworkWorkspace`` made once for the largest batch.
public struct MultilayerPerceptron: Sendable, Hashable, Codable {
    /// The layers, input to output; each layer's input count equals the previous layer's output count.
    public let layers: [DenseLayer]

    /// A network from its layers.
    ///
    /// - Throws: ``NetworkError/invalidArchitecture(_:)`` when there are no layers, a size is below 1, or two
    ///   consecutive layers do not chain.
    public init(layers: [DenseLayer]) throws(NetworkError) {
        guard !layers.isEmpty else { throw .invalidArchitecture("a network needs at least one layer") }
        for (index, layer) in layers.enumerated() {
            guard layer.inputCount >= 1, layer.outputCount >= 1 else {
                throw .invalidArchitecture(
                    "layer \(index) is \(layer.inputCount) → \(layer.outputCount); every size must be at least 1")
            }
            if index > 0, layers[index - 1].outputCount != layer.inputCount {
                throw .invalidArchitecture(
                    "layer \(index - 1) has \(layers[index - 1].outputCount) outputs but layer \(index) takes \(layer.inputCount) inputs")
            }
        }
        self.layers = layers
    }

    /// `inputCount → hiddenSizes… → outputCount`, with `hiddenActivation` after every hidden layer and
    /// `outputActivation` after the last.
    public init(
        inputCount: Int, hiddenSizes: [Int], outputCount: Int,
        hiddenActivation: Activation, outputActivation: Activation = .linear
    ) throws(NetworkError) {
        let sizes = [inputCount] + hiddenSizes + [outputCount]
        var layers: [DenseLayer] = []
        for index in 0..<(sizes.count - 1) {
            let isLast = index == sizes.count - 2
            layers.append(DenseLayer(inputCount: sizes[index], outputCount: sizes[index + 1],
                                     activation: isLast ? outputActivation : hiddenActivation))
        }
        try self.init(layers: layers)
    }

    /// Number of inputs of the first layer.
    public var inputCount: Int { layers[0].inputCount }
    /// Number of outputs of the last layer.
    public var outputCount: Int { layers[layers.count - 1].outputCount }
    /// Number of parameters, all layers.
    public var parameterCount: Int { layers.reduce(0) { $0 + $1.parameterCount } }
    /// The widest layer output (sizes the workspace's gradient buffers).
    public var widestLayer: Int { layers.reduce(inputCount) { Swift.max($0, $1.outputCount) } }

    /// Offset of layer `index`'s weights in the flat parameter vector; its biases follow the weights.
    public func weightOffset(ofLayer index: Int) -> Int {
        layers[..<index].reduce(0) { $0 + $1.parameterCount }
    }

    // MARK: - Forward

    /// Runs `rows` inputs (row-major, `rows × inputCount`) through the network.
    ///
    /// Each layer's outputs are kept in `workspace` (``NetworkWorkspace/output(ofLayer:)``) for the backward
    /// pass; the network's outputs are ``NetworkWorkspace/outputs``.
    ///
    /// - Precondition: `1 ≤ rows ≤ workspace.capacity`, and `workspace` was made for this network.
    /// - Complexity: O(rows · parameterCount), one BLAS call per layer. Allocates nothing.
    public func forward(
        parameters: UnsafePointer<Double>, input: UnsafePointer<Double>, rows: Int, workspace: NetworkWorkspace
    ) {
        precondition(rows >= 1 && rows <= workspace.capacity, "batch of \(rows) rows, workspace holds \(workspace.capacity)")
        var layerInput = input
        var offset = 0
        // Index loops: `for … in` over an array allocates an iterator box in debug builds.
        for index in 0..<layers.count {
            let layer = layers[index]
            let weights = parameters + offset
            let bias = weights + layer.weightCount
            let output = workspace.layerOutputs[index].pointer
            let (m, n, k) = (Int32(rows), Int32(layer.outputCount), Int32(layer.inputCount))
            if rows == 1 {
                // y = W x + b: copy b, then dgemv with beta = 1.
                output.update(from: bias, count: layer.outputCount)
                cblas_dgemv(CblasRowMajor, CblasNoTrans, n, k, 1, weights, k, layerInput, 1, 1, output, 1)
            } else {
                // Y = X Wᵀ + 1 bᵀ: broadcast b into every row, then dgemm with beta = 1.
                for row in 0..<rows {
                    (output + row * layer.outputCount).update(from: bias, count: layer.outputCount)
                }
                cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, m, n, k,
                            1, layerInput, k, weights, k, 1, output, n)
            }
            layer.activation.apply(output, count: rows * layer.outputCount)
            layerInput = UnsafePointer(output)
            offset += layer.parameterCount
        }
    }

    // MARK: - Backward

    /// Backpropagates the gradient of a loss with respect to the network's outputs, which the caller wrote into
    /// ``NetworkWorkspace/outputGradients`` (`rows × outputCount`) after ``forward(parameters:input:rows:workspace:)``
    /// on the same `input` and `rows`.
    ///
    /// Parameter gradients are **added** to `gradients` (same layout as the parameters), so several losses or
    /// several networks sharing one vector can accumulate; zero it first for a fresh gradient. The gradient with
    /// respect to the inputs is written to `inputGradients` (`rows × inputCount`) when one is given.
    ///
    /// The output gradients are overwritten (they become dL/dz of the last layer).
    ///
    /// - Complexity: about twice the forward pass; two or three BLAS calls per layer. Allocates nothing.
    public func backward(
        parameters: UnsafePointer<Double>, input: UnsafePointer<Double>, rows: Int, workspace: NetworkWorkspace,
        gradients: UnsafeMutablePointer<Double>, inputGradients: UnsafeMutablePointer<Double>? = nil
    ) {
        precondition(rows >= 1 && rows <= workspace.capacity, "batch of \(rows) rows, workspace holds \(workspace.capacity)")
        var delta = workspace.gradientBuffers[0].pointer   // dL/dy of the current layer
        var spare = workspace.gradientBuffers[1].pointer
        delta.update(from: workspace.outputGradients, count: rows * outputCount)
        var offset = parameterCount
        var index = layers.count
        while index > 0 {
            index -= 1
            let layer = layers[index]
            offset -= layer.parameterCount
            let weights = parameters + offset
            let weightGradients = gradients + offset
            let biasGradients = weightGradients + layer.weightCount
            let output = workspace.layerOutputs[index].pointer
            let layerInput = index == 0 ? input : UnsafePointer(workspace.layerOutputs[index - 1].pointer)
            let (m, n, k) = (Int32(rows), Int32(layer.outputCount), Int32(layer.inputCount))

            // dL/dz = dL/dy ⊙ f′(z).
            layer.activation.multiplyByDerivative(outputs: output, gradients: delta, count: rows * layer.outputCount)
            // dL/dW += (dL/dZ)ᵀ X  (n × k).
            cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, n, k, m,
                        1, delta, n, layerInput, k, 1, weightGradients, k)
            // dL/db += Σ_rows dL/dZ.
            for row in 0..<rows {
                let rowDelta = delta + row * layer.outputCount
                for column in 0..<layer.outputCount { biasGradients[column] += rowDelta[column] }
            }
            // dL/dX = dL/dZ W  (rows × k): the previous layer's dL/dy, or the input gradient.
            let target: UnsafeMutablePointer<Double>?
            if index > 0 {
                target = spare
            } else {
                target = inputGradients
            }
            if let target {
                cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, m, k, n,
                            1, delta, n, weights, k, 0, target, k)
            }
            swap(&delta, &spare)
        }
    }
}
