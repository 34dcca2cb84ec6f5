import VernierNN

/// Lowers a policy file to the fixed-point IR at a precision plan: constants to codes (refused when they do not
/// fit), exact product and accumulator formats where the plan leaves them open, tanh tables, the output stage.
public enum PolicyLowering {
    /// The policy `file` in fixed point at `plan`.
    ///
    /// - Throws: ``LoweringError`` naming the layer and by how much a constant does not fit, or an exact width
    ///   beyond 62 bits.
    public static func lower(_ file: PolicyFile, plan: PrecisionPlan) throws(LoweringError) -> FixedPointPolicy {
        guard plan.layers.count == file.layers.count else {
            throw .layerCountMismatch(plan: plan.layers.count, policy: file.layers.count)
        }
        guard plan.tanhTableSize >= 8, plan.tanhTableSize <= 65536, plan.tanhTableSize & (plan.tanhTableSize - 1) == 0 else {
            throw .badTable("size \(plan.tanhTableSize) is not a power of two in 8…65536")
        }
        guard (-4...6).contains(plan.tanhRangeExponent) else {
            throw .badTable("range exponent \(plan.tanhRangeExponent) is outside −4…6")
        }
        var normalization: NormalizationStage?
        if let statistics = file.observationNormalization {
            let mean = try codes(statistics.mean, plan.input, "the normalisation means")
            let scales = zip(statistics.variance, Array(repeating: statistics.epsilon, count: statistics.variance.count))
                .map { 1 / ($0 + $1).squareRoot() }
            let scale = try codes(scales, plan.normalizationScale, "the normalisation scales 1/√(σ²+ε)")
            let bits = plan.input.width + 1 + plan.normalizationScale.width
            guard bits <= 62 else { throw .tooWide(what: "the normalisation product", bits: bits) }
            let clip = plan.normalized.quantize(statistics.clip)
            normalization = NormalizationStage(
                mean: mean, scale: scale, scaleFormat: plan.normalizationScale, outputFormat: plan.normalized,
                clip: clip.overflowed ? plan.normalized.maximumRaw : clip.raw)
        }
        var inputFormat = normalization?.outputFormat ?? plan.input
        var layers: [DenseStage] = []
        for (index, (record, precision)) in zip(file.layers, plan.layers).enumerated() {
            let name = "layer \(index + 1) (\(record.inputs)→\(record.outputs))"
            let weights = try codes(record.weights, precision.weight, "\(name) weights")
            let bias = try codes(record.bias, precision.bias, "\(name) biases")
            let exactProductWidth = inputFormat.width + precision.weight.width
            guard exactProductWidth <= 62 else { throw .tooWide(what: "\(name) products", bits: exactProductWidth) }
            let product = precision.product ?? FixedPointFormat(
                width: exactProductWidth, integerBits: inputFormat.integerBits + precision.weight.integerBits,
                quantization: precision.weight.quantization, overflow: precision.weight.overflow)
            let sumFractionBits = max(product.fractionBits, precision.bias.fractionBits)
            let accumulator: FixedPointFormat
            if let given = precision.accumulator {
                accumulator = given
            } else {
                accumulator = try exactAccumulator(
                    name: name, weights: weights, bias: bias, inputs: record.inputs, inputFormat: inputFormat,
                    product: product, productIsExact: precision.product == nil, bias: precision.bias,
                    sumFractionBits: sumFractionBits, modes: precision.output)
            }
            let activation: FixedPointActivation
            switch record.activation {
            case .linear: activation = .linear
            case .relu: activation = .relu
            case .tanh:
                activation = .tanh(TanhTable(size: plan.tanhTableSize, rangeExponent: plan.tanhRangeExponent,
                                             inputFormat: accumulator, outputFormat: precision.output,
                                             style: plan.tanhTableStyle))
            }
            layers.append(DenseStage(
                inputCount: record.inputs, outputCount: record.outputs, inputFormat: inputFormat, weights: weights,
                weightFormat: precision.weight, bias: bias, biasFormat: precision.bias, productFormat: product,
                accumulatorFormat: accumulator, activation: activation, outputFormat: precision.output))
            inputFormat = precision.output
        }
        let output: OutputStage
        let scaling = file.actionScaling
        switch scaling.kind {
        case .discrete:
            output = .argmax(start: scaling.start)
        case .continuous:
            let last = plan.layers[plan.layers.count - 1].output
            guard plan.action.fractionBits <= last.fractionBits + plan.actionScale.fractionBits else {
                throw .tooWide(what: "the action (\(plan.action)) is finer than the scaled output it rounds", bits: plan.action.width)
            }
            let productBits = last.width + plan.actionScale.width + 1
            guard productBits <= 62 else { throw .tooWide(what: "the action scaling", bits: productBits) }
            output = .continuous(ActionScalingStage(
                scale: try codes(scaling.scale, plan.actionScale, "the action scales"),
                scaleFormat: plan.actionScale,
                offset: try codes(scaling.offset, plan.action, "the action offsets"),
                low: scaling.low.map { saturating(plan.action).quantize($0).raw },
                high: scaling.high.map { saturating(plan.action).quantize($0).raw },
                actionFormat: plan.action))
        }
        return FixedPointPolicy(inputCount: file.observationCount, inputFormat: plan.input,
                                normalization: normalization, layers: layers, output: output)
    }

    /// The codes of constants, refused when any does not fit.
    static func codes(_ values: [Double], _ format: FixedPointFormat, _ what: String) throws(LoweringError) -> [Int64] {
        var result: [Int64] = []
        result.reserveCapacity(values.count)
        var worst: Double?
        for value in values {
            let code = format.quantize(value)
            if code.overflowed, abs(value) > abs(worst ?? 0) { worst = value }
            result.append(code.raw)
        }
        if let worst { throw .constantOutOfRange(what: what, largest: worst, format: format) }
        return result
    }

    /// The format with saturation whatever the plan's overflow mode (for bounds, which must never wrap).
    static func saturating(_ format: FixedPointFormat) -> FixedPointFormat {
        var format = format
        format.overflow = .saturate
        return format
    }

    /// The narrowest format that holds every possible sum of the layer exactly.
    static func exactAccumulator(
        name: String, weights: [Int64], bias: [Int64], inputs: Int, inputFormat: FixedPointFormat,
        product: FixedPointFormat, productIsExact: Bool, bias biasFormat: FixedPointFormat, sumFractionBits: Int,
        modes: FixedPointFormat
    ) throws(LoweringError) -> FixedPointFormat {
        let bits = DenseStage.exactSumWidth(
            weights: weights, bias: bias, inputs: inputs, inputFormat: inputFormat, product: product,
            productIsExact: productIsExact, biasFormat: biasFormat, sumFractionBits: sumFractionBits)
        guard bits <= 62 else { throw .tooWide(what: "\(name) sums", bits: bits) }
        return FixedPointFormat(width: bits, integerBits: bits - sumFractionBits, quantization: modes.quantization,
                                overflow: modes.overflow)
    }
}
