/// A policy lowered to fixed point: the typed IR that the bit-exact reference interprets and every emitter
/// (Verilog, HLS C++) translates. Stages in order: input quantisation (done by the host or ADC: the design's
/// inputs are codes in ``inputFormat``), optional normalisation, dense layers, the output stage.
public struct FixedPointPolicy: Sendable, Hashable, Codable {
    /// Number of observation elements.
    public var inputCount: Int
    /// Format of the observation codes the design reads.
    public var inputFormat: FixedPointFormat
    /// The observation normalisation, when the policy has one.
    public var normalization: NormalizationStage?
    /// The dense layers.
    public var layers: [DenseStage]
    /// The action stage.
    public var output: OutputStage
    /// `nil`: the whole policy in Vernier's arithmetic. ``ToolCompatibility/hls4ml``: the network alone (inputs
    /// are normalised observations, outputs the network's outputs) in hls4ml 1.3's arithmetic, which
    /// `vernier evaluate --fixed-point` cannot run as a controller.
    public var compatibility: ToolCompatibility?

    /// Number of output codes: one per action element, or 1 (the index) for a categorical head.
    public var outputCount: Int {
        switch output {
        case .continuous(let stage): stage.low.count
        case .argmax: 1
        }
    }

    /// Format of the output codes (a categorical head outputs an unsigned index wide enough for its choices).
    public var outputFormat: FixedPointFormat {
        switch output {
        case .continuous(let stage):
            return stage.actionFormat
        case .argmax(let start):
            let largest = max(1, start + (layers.last?.outputCount ?? 1) - 1)
            let bits = Int.bitWidth - largest.leadingZeroBitCount + 1
            return FixedPointFormat(width: bits, integerBits: bits)
        }
    }

    /// Format of the normalised observation (the first layer's input).
    public var firstLayerInputFormat: FixedPointFormat { normalization?.outputFormat ?? inputFormat }
}
