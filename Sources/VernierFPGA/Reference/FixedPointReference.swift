/// The bit-exact integer model of a ``FixedPointPolicy``: what the hardware computes, code for code. It is the
/// oracle of every test and of `--verify`, and the controller of `vernier evaluate --fixed-point`.
///
/// All arithmetic is on `Int64` codes; products and sums are exact (the lowering checks that they fit), and
/// every rounding or overflow happens in ``FixedPointFormat/quantize(raw:fractionBits:)``.
public struct FixedPointReference: Sendable {
    /// The policy it interprets.
    public let policy: FixedPointPolicy

    public init(_ policy: FixedPointPolicy) {
        self.policy = policy
    }

    /// Stage names in pipeline order, as ``SaturationCounts`` reports them.
    public var stageNames: [String] {
        ["input"] + (policy.normalization == nil ? [] : ["normalization"])
            + policy.layers.indices.map { "layer \($0 + 1)" } + ["action"]
    }

    /// Empty counts for this policy's stages.
    public func emptyCounts() -> SaturationCounts {
        SaturationCounts(stages: stageNames, overflowed: Array(repeating: 0, count: stageNames.count),
                         total: Array(repeating: 0, count: stageNames.count))
    }

    /// The input codes of an observation (what the host or ADC hands the design).
    public func inputCodes(_ observation: [Double], counts: inout SaturationCounts) -> [Int64] {
        observation.map { value in
            let code = policy.inputFormat.quantize(value)
            counts.total[0] += 1
            if code.overflowed { counts.overflowed[0] += 1 }
            return code.raw
        }
    }

    /// The output codes for input codes.
    public func outputCodes(_ input: [Int64]) -> [Int64] {
        var counts = emptyCounts()
        return outputCodes(input, counts: &counts)
    }

    /// The output codes for input codes, counting overflows per stage.
    public func outputCodes(_ input: [Int64], counts: inout SaturationCounts) -> [Int64] {
        precondition(input.count == policy.inputCount, "the policy reads \(policy.inputCount) codes, got \(input.count)")
        var stage = 1
        var values = input
        if let normalization = policy.normalization {
            let productBits = policy.inputFormat.fractionBits + normalization.scaleFormat.fractionBits
            for index in values.indices {
                let product = (values[index] - normalization.mean[index]) * normalization.scale[index]
                var code = normalization.outputFormat.quantize(raw: product, fractionBits: productBits)
                if code.raw > normalization.clip { code = Quantized(raw: normalization.clip, overflowed: true) }
                if code.raw < -normalization.clip { code = Quantized(raw: -normalization.clip, overflowed: true) }
                if code.overflowed { counts.overflowed[stage] += 1 }
                values[index] = code.raw
            }
            counts.total[stage] += values.count
            stage += 1
        }
        for layer in policy.layers {
            values = evaluate(layer, values, overflowed: &counts.overflowed[stage])
            counts.total[stage] += layer.outputCount
            stage += 1
        }
        switch policy.output {
        case .argmax(let start):
            var best = 0
            for index in values.indices where values[index] > values[best] { best = index }
            counts.total[stage] += 1
            return [Int64(start + best)]
        case .continuous(let scaling):
            let layerFormat = policy.layers[policy.layers.count - 1].outputFormat
            let productBits = layerFormat.fractionBits + scaling.scaleFormat.fractionBits
            let offsetShift = productBits - scaling.actionFormat.fractionBits
            var actions = [Int64](repeating: 0, count: values.count)
            for index in values.indices {
                var exact = values[index] * scaling.scale[index]
                exact += offsetShift >= 0 ? scaling.offset[index] << Int64(offsetShift)
                                          : 0 // the lowering keeps the offset no finer than the product
                var code = scaling.actionFormat.quantize(raw: exact, fractionBits: productBits)
                if code.raw > scaling.high[index] { code = Quantized(raw: scaling.high[index], overflowed: true) }
                if code.raw < scaling.low[index] { code = Quantized(raw: scaling.low[index], overflowed: true) }
                if code.overflowed { counts.overflowed[stage] += 1 }
                actions[index] = code.raw
            }
            counts.total[stage] += actions.count
            return actions
        }
    }

    /// One dense layer on codes (see ``DenseStage`` for the order of operations).
    func evaluate(_ layer: DenseStage, _ input: [Int64], overflowed: inout Int) -> [Int64] {
        let productBits = layer.inputFormat.fractionBits + layer.weightFormat.fractionBits
        let productShift = Int64(layer.sumFractionBits - layer.productFormat.fractionBits)
        let biasShift = Int64(layer.sumFractionBits - layer.biasFormat.fractionBits)
        let productIsExact = layer.productFormat.fractionBits == productBits
        var output = [Int64](repeating: 0, count: layer.outputCount)
        for row in 0..<layer.outputCount {
            var sum = layer.bias[row] << biasShift
            var anyOverflow = false
            let base = row * layer.inputCount
            for column in 0..<layer.inputCount {
                let exact = input[column] * layer.weights[base + column]
                let product: Int64
                if productIsExact && exact >= layer.productFormat.minimumRaw && exact <= layer.productFormat.maximumRaw {
                    product = exact
                } else {
                    let code = layer.productFormat.quantize(raw: exact, fractionBits: productBits)
                    anyOverflow = anyOverflow || code.overflowed
                    product = code.raw
                }
                sum += product << productShift
            }
            let accumulator = layer.accumulatorFormat.quantize(raw: sum, fractionBits: layer.sumFractionBits)
            anyOverflow = anyOverflow || accumulator.overflowed
            switch layer.activation {
            case .tanh(let table):
                output[row] = table.lookup(raw: accumulator.raw)
            case .linear, .relu:
                let value = layer.activation == .relu ? max(accumulator.raw, 0) : accumulator.raw
                let code = layer.outputFormat.quantize(raw: value, fractionBits: layer.accumulatorFormat.fractionBits)
                anyOverflow = anyOverflow || code.overflowed
                output[row] = code.raw
            }
            if anyOverflow { overflowed += 1 }
        }
        return output
    }

    /// The action for an observation, as Doubles (the codes' values; for a categorical head the choice).
    public func act(_ observation: [Double]) -> [Double] {
        var counts = emptyCounts()
        return act(observation, counts: &counts)
    }

    /// The action for an observation, counting overflows per stage.
    public func act(_ observation: [Double], counts: inout SaturationCounts) -> [Double] {
        let codes = outputCodes(inputCodes(observation, counts: &counts), counts: &counts)
        switch policy.output {
        case .argmax: return codes.map { Double($0) }
        case .continuous(let scaling): return codes.map { scaling.actionFormat.value(ofRaw: $0) }
        }
    }
}
