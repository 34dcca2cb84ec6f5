/// The nonlinearity of a fixed-point layer.
public enum FixedPointActivation: Sendable, Hashable, Codable {
    /// y = Q_out(acc).
    case linear
    /// y = Q_out(max(acc, 0)).
    case relu
    /// y = table(acc).
    case tanh(TanhTable)

    /// "linear", "relu" or "tanh".
    public var name: String {
        switch self {
        case .linear: "linear"
        case .relu: "relu"
        case .tanh: "tanh"
        }
    }
}

/// One dense layer in fixed point, `y = f(W x + b)`, as the hardware computes it:
///
/// 1. every product `p = Q_product(x_i · w_ji)` (the exact integer product, then the product format);
/// 2. the exact sum of the products and the bias, aligned to the finer of the product's and the bias's
///    resolutions (an adder tree in any order: the sum is exact);
/// 3. `acc = Q_accumulator(sum)`, once (with `AP_WRAP` this equals wrapping after every addition);
/// 4. `y = f(acc)` in the output format (see ``FixedPointActivation``).
public struct DenseStage: Sendable, Hashable, Codable {
    /// Number of inputs.
    public var inputCount: Int
    /// Number of outputs.
    public var outputCount: Int
    /// Format of the inputs (the previous stage's output).
    public var inputFormat: FixedPointFormat
    /// Weight codes, `outputCount × inputCount`, row-major.
    public var weights: [Int64]
    /// Format of the weights.
    public var weightFormat: FixedPointFormat
    /// Bias codes, one per output.
    public var bias: [Int64]
    /// Format of the biases.
    public var biasFormat: FixedPointFormat
    /// Format each product is brought into before the sum.
    public var productFormat: FixedPointFormat
    /// Format the sum is brought into.
    public var accumulatorFormat: FixedPointFormat
    /// The nonlinearity.
    public var activation: FixedPointActivation
    /// Format of the outputs.
    public var outputFormat: FixedPointFormat

    /// Fraction bits of the exact sum: the finer of the product's and the bias's.
    public var sumFractionBits: Int { max(productFormat.fractionBits, biasFormat.fractionBits) }

    /// The weight code of output `output`, input `input`.
    public func weight(output: Int, input: Int) -> Int64 { weights[output * inputCount + input] }

    /// Bits of a signed integer that holds every possible exact sum (products and bias at
    /// ``sumFractionBits``), whatever the inputs.
    public var exactSumWidth: Int {
        let productBits = inputFormat.fractionBits + weightFormat.fractionBits
        return Self.exactSumWidth(
            weights: weights, bias: bias, inputs: inputCount, inputFormat: inputFormat, product: productFormat,
            productIsExact: productFormat.fractionBits == productBits && productFormat.width >= inputFormat.width + weightFormat.width,
            biasFormat: biasFormat, sumFractionBits: sumFractionBits)
    }

    /// The bound behind ``exactSumWidth``: Σ|w|·max|x| (or the product format's largest code) + |b|, aligned.
    static func exactSumWidth(
        weights: [Int64], bias: [Int64], inputs: Int, inputFormat: FixedPointFormat, product: FixedPointFormat,
        productIsExact: Bool, biasFormat: FixedPointFormat, sumFractionBits: Int
    ) -> Int {
        let productShift = pow2(sumFractionBits - product.fractionBits)
        let biasShift = pow2(sumFractionBits - biasFormat.fractionBits)
        let largestInput = Double(-inputFormat.minimumRaw)
        let largestProduct = Double(max(product.maximumRaw, -product.minimumRaw))
        var bound = 0.0
        for row in 0..<bias.count {
            var sum = Double(bias[row].magnitude) * biasShift
            for column in 0..<inputs {
                let magnitude = productIsExact ? Double(weights[row * inputs + column].magnitude) * largestInput : largestProduct
                sum += magnitude * productShift
            }
            bound = max(bound, sum)
        }
        var bits = 1
        while bits < 64 && pow2(bits - 1) <= bound { bits += 1 }
        return bits
    }
}
