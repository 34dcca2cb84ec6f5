import VernierNN

/// `--precision auto --max-error E`: the narrowest formats, stage by stage, whose actions stay within E of the
/// floating-point policy's on sample observations.
///
/// Integer bits come from ranges (constants: their largest value; data: twice the largest magnitude the float
/// policy reaches on the sample, one bit of headroom; tanh outputs: 1 bit); the search is over fraction bits:
/// first the smallest uniform fraction-bit count that meets E (bisection), then, stage by stage in pipeline
/// order, the fewest fraction bits that still meet E with every other stage held (bisection again). Error is
/// not strictly monotonic in the bits, so bisection finds a narrow plan, not provably the narrowest.
public struct PrecisionSearch {
    /// The policy.
    public let file: PolicyFile
    /// The float policy (the truth).
    public let float: Policy
    /// Sample observations.
    public let observations: [[Double]]
    /// Rounding and overflow of every format.
    public var modes: FixedPointFormat
    /// tanh table entries.
    public var tanhTableSize: Int

    private let ranges: FloatRanges

    public init(file: PolicyFile, float: Policy, observations: [[Double]], quantization: Quantization = .roundHalfEven,
                overflow: Overflow = .saturate, tanhTableSize: Int = 1024) {
        self.file = file
        self.float = float
        self.observations = observations
        modes = FixedPointFormat(width: 16, integerBits: 6, quantization: quantization, overflow: overflow)
        self.tanhTableSize = tanhTableSize
        ranges = FloatRanges(file: file, observations: observations)
    }

    /// Names of the searched stages, in the order of ``plan(fractionBits:)``'s argument.
    public var stageNames: [String] {
        var names = ["input"]
        if file.observationNormalization != nil { names += ["normalization scale", "normalized"] }
        for index in file.layers.indices {
            names += ["layer \(index + 1) weights", "layer \(index + 1) biases", "layer \(index + 1) outputs"]
        }
        if file.actionScaling.kind == .continuous { names += ["action scale", "action"] }
        return names
    }

    /// The plan with `fractionBits[i]` fraction bits at stage i (see ``stageNames``).
    public func plan(fractionBits: [Int]) -> PrecisionPlan {
        var cursor = fractionBits.makeIterator()
        func next() -> Int { cursor.next() ?? 8 }
        let input = modes.fitting(magnitude: 2 * ranges.input, fractionBits: next())
        var scale = modes, normalized = modes
        if let statistics = file.observationNormalization {
            let scales = zip(statistics.variance, statistics.variance.map { _ in statistics.epsilon }).map { 1 / ($0 + $1).squareRoot() }
            scale = modes.fitting(magnitude: scales.max() ?? 1, fractionBits: next())
            normalized = modes.fitting(magnitude: min(statistics.clip, 2 * ranges.normalized), fractionBits: next())
        }
        var layers: [LayerPrecision] = []
        for (index, layer) in file.layers.enumerated() {
            let weight = modes.fitting(magnitude: layer.weights.map(abs).max() ?? 0, fractionBits: next())
            let bias = modes.fitting(magnitude: layer.bias.map(abs).max() ?? 0, fractionBits: next())
            let outputBits = next()
            let output = layer.activation == .tanh
                ? modes.with(width: max(outputBits, 1) + 1, integerBits: 1)
                : modes.fitting(magnitude: 2 * ranges.layerOutputs[index], fractionBits: outputBits)
            layers.append(LayerPrecision(weight: weight, bias: bias, output: output))
        }
        var actionScale = modes, action = modes
        if file.actionScaling.kind == .continuous {
            let scaling = file.actionScaling
            actionScale = modes.fitting(magnitude: scaling.scale.map(abs).max() ?? 1, fractionBits: max(0, next()))
            let bound = (scaling.low + scaling.high).map(abs).max() ?? 1
            action = modes.fitting(magnitude: bound, fractionBits: next())
        }
        return PrecisionPlan(input: input, normalizationScale: scale, normalized: normalized, layers: layers,
                             actionScale: actionScale, action: action, tanhTableSize: tanhTableSize)
    }

    /// The largest action error of a plan, or nil when it does not lower.
    public func maximumError(_ fractionBits: [Int]) -> Double? {
        guard let policy = try? PolicyLowering.lower(file, plan: plan(fractionBits: fractionBits)) else { return nil }
        let reference = FixedPointReference(policy)
        var floatAction = [Double](repeating: 0, count: float.actionCount)
        var worst = 0.0
        for observation in observations {
            float.act(observation, into: &floatAction)
            let fixed = reference.act(observation)
            for index in fixed.indices { worst = max(worst, abs(fixed[index] - floatAction[index])) }
        }
        return worst
    }

    /// The fraction bits per stage of the narrowest plan found within `maximumError`, or nil when even
    /// `ceiling` fraction bits everywhere miss it.
    public func search(maximumError limit: Double, ceiling: Int = 20) -> [Int]? {
        let count = stageNames.count
        func meets(_ bits: [Int]) -> Bool { (maximumError(bits) ?? .infinity) <= limit }
        guard meets(Array(repeating: ceiling, count: count)) else { return nil }
        // The smallest uniform count.
        var low = 1, high = ceiling
        while low < high {
            let middle = (low + high) / 2
            if meets(Array(repeating: middle, count: count)) { high = middle } else { low = middle + 1 }
        }
        var bits = Array(repeating: high, count: count)
        // Stage by stage, as few as still meet the limit.
        for stage in 0..<count {
            var low = -8, high = bits[stage]
            while low < high {
                let middle = (low + high) >> 1
                var trial = bits
                trial[stage] = middle
                if meets(trial) { high = middle } else { low = middle + 1 }
            }
            bits[stage] = high
        }
        return bits
    }
}
