/// Every format of a policy in fixed point, before lowering: what `--precision` (or the quantiser) decides.
public struct PrecisionPlan: Sendable, Hashable, Codable {
    /// The observation codes.
    public var input: FixedPointFormat
    /// The normalisation's 1/√(σ² + ε) constants (ignored without normalisation).
    public var normalizationScale: FixedPointFormat
    /// The normalised observation (ignored without normalisation).
    public var normalized: FixedPointFormat
    /// One per dense layer.
    public var layers: [LayerPrecision]
    /// The action scaling's k constants (ignored for a categorical head).
    public var actionScale: FixedPointFormat
    /// The action (ignored for a categorical head).
    public var action: FixedPointFormat
    /// Entries of each tanh table (a power of two, 8…65536; 1024 like hls4ml's default).
    public var tanhTableSize: Int
    /// log₂ of the tanh table's input range R ([−R, R); 2 gives hls4ml's [−4, 4)).
    public var tanhRangeExponent: Int
    /// Vernier's midpoint tables or hls4ml's (`--compat hls4ml`).
    public var tanhTableStyle: TanhTableStyle

    public init(input: FixedPointFormat, normalizationScale: FixedPointFormat, normalized: FixedPointFormat,
                layers: [LayerPrecision], actionScale: FixedPointFormat, action: FixedPointFormat,
                tanhTableSize: Int = 1024, tanhRangeExponent: Int = 2, tanhTableStyle: TanhTableStyle = .midpoint) {
        self.input = input
        self.normalizationScale = normalizationScale
        self.normalized = normalized
        self.layers = layers
        self.actionScale = actionScale
        self.action = action
        self.tanhTableSize = tanhTableSize
        self.tanhRangeExponent = tanhRangeExponent
        self.tanhTableStyle = tanhTableStyle
    }
}
