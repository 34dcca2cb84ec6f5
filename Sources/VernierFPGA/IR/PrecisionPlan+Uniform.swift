import VernierNN

extension PrecisionPlan {
    /// Every value and weight in `ap_fixed<width, integerBits>` (hls4ml's one default precision), products and
    /// sums exact. The normalisation and action-scaling constants (not weights) get `width` bits with as many
    /// integer bits as their largest value needs.
    public static func uniform(
        for file: PolicyFile, width: Int, integerBits: Int, quantization: Quantization = .roundHalfEven,
        overflow: Overflow = .saturate, tanhTableSize: Int = 1024
    ) -> PrecisionPlan {
        let format = FixedPointFormat(width: width, integerBits: integerBits, quantization: quantization, overflow: overflow)
        let layer = LayerPrecision(weight: format, bias: format, output: format)
        let scales = file.observationNormalization.map { statistics in
            zip(statistics.variance, statistics.variance.map { _ in statistics.epsilon }).map { 1 / ($0 + $1).squareRoot() }
        } ?? [1]
        return PrecisionPlan(
            input: format, normalizationScale: format.fitting(scales), normalized: format,
            layers: Array(repeating: layer, count: file.layers.count),
            actionScale: format.fitting(file.actionScaling.scale.isEmpty ? [1] : file.actionScaling.scale),
            action: format, tanhTableSize: tanhTableSize)
    }
}

extension FixedPointFormat {
    /// The fewest integer bits that hold every value of `values` (rounded) at this width; the width is kept.
    public func fitting(_ values: [Double]) -> FixedPointFormat {
        let largest = values.map(abs).max() ?? 0
        return fitting(magnitude: largest, width: width)
    }

    /// This format's modes at `width` bits, with the fewest integer bits that hold ±`magnitude`.
    public func fitting(magnitude: Double, width: Int) -> FixedPointFormat {
        var integerBits = -40
        while integerBits < 62 {
            let candidate = with(width: width, integerBits: integerBits)
            if !candidate.quantize(magnitude).overflowed && !candidate.quantize(-magnitude).overflowed { return candidate }
            integerBits += 1
        }
        return with(width: width, integerBits: integerBits)
    }

    /// This format's modes with `fractionBits` fraction bits and the fewest integer bits holding ±`magnitude`
    /// (at least 2 bits wide).
    public func fitting(magnitude: Double, fractionBits: Int) -> FixedPointFormat {
        var integerBits = 2 - fractionBits
        while integerBits + fractionBits < FixedPointFormat.maximumWidth {
            let candidate = with(width: integerBits + fractionBits, integerBits: integerBits)
            if !candidate.quantize(magnitude).overflowed && !candidate.quantize(-magnitude).overflowed { return candidate }
            integerBits += 1
        }
        return with(width: FixedPointFormat.maximumWidth, integerBits: FixedPointFormat.maximumWidth - fractionBits)
    }
}
