/// The scratch memory of a network's forward and backward passes for batches of up to ``capacity`` rows.
///
/// Made once (per network and largest batch) and reused for every pass, so that training and inference
/// allocate nothing per step. Not thread-safe: one workspace per concurrent caller.
public final class NetworkWorkspace {
    /// The largest batch a pass may use.
    public let capacity: Int
    /// Each layer's outputs from the last forward pass, `capacity × outputCount` each.
    let layerOutputs: [ScratchBuffer]
    /// Two ping-pong buffers for dL/dy during the backward pass.
    let gradientBuffers: [ScratchBuffer]
    /// Where the caller writes dL/d(output) before a backward pass (`rows × outputCount`).
    public let outputGradients: UnsafeMutablePointer<Double>
    private let outputGradientStorage: ScratchBuffer
    private let outputCount: Int

    /// A workspace for `network` and batches of up to `capacity` rows (≥ 1).
    public init(for network: MultilayerPerceptron, capacity: Int) {
        precondition(capacity >= 1, "a workspace needs room for at least one row")
        self.capacity = capacity
        layerOutputs = network.layers.map { ScratchBuffer(count: capacity * $0.outputCount) }
        gradientBuffers = (0..<2).map { _ in ScratchBuffer(count: capacity * network.widestLayer) }
        outputGradientStorage = ScratchBuffer(count: capacity * network.outputCount)
        outputGradients = outputGradientStorage.pointer
        outputCount = network.outputCount
    }

    /// The network's outputs from the last forward pass (`rows × outputCount`, row-major).
    public var outputs: UnsafeMutablePointer<Double> {
        layerOutputs[layerOutputs.count - 1].pointer
    }

    /// Layer `index`'s outputs from the last forward pass (e.g. the last hidden layer, the latent features
    /// of generalised state-dependent exploration).
    public func output(ofLayer index: Int) -> UnsafeMutablePointer<Double> {
        layerOutputs[index].pointer
    }
}
