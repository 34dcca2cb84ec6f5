/// The formats of one dense layer. Products and accumulators default to exact (wide enough that the
/// multiply-accumulate never rounds or overflows); giving them explicitly reproduces a tool that narrows them
/// (hls4ml truncates each product to its accumulator type).
public struct LayerPrecision: Sendable, Hashable, Codable {
    /// Weights.
    public var weight: FixedPointFormat
    /// Biases.
    public var bias: FixedPointFormat
    /// Each product before the sum; `nil`: exact.
    public var product: FixedPointFormat?
    /// The sum; `nil`: exact.
    public var accumulator: FixedPointFormat?
    /// The activation output.
    public var output: FixedPointFormat

    public init(weight: FixedPointFormat, bias: FixedPointFormat, product: FixedPointFormat? = nil,
                accumulator: FixedPointFormat? = nil, output: FixedPointFormat) {
        self.weight = weight
        self.bias = bias
        self.product = product
        self.accumulator = accumulator
        self.output = output
    }
}
