import Foundation

/// tanh as a lookup table: the input range [−R, R) is cut into `size` equal bins, each holding tanh at its
/// midpoint rounded to the output format; inputs beyond the range use the end bins (tanh(±R) is within
/// 1 − tanh R of ±1: 6.7e-4 at R = 4).
///
/// Indexing is a shift, so hardware needs no multiplier: with `size` = 2^n and R = 2^r, the index of an input
/// code `x` at 2^−F is `(x >> (F − (n − r − 1))) + size/2` (arithmetic shift, i.e. ⌊·⌋), clamped to
/// 0…size−1. ``TanhTableStyle/hls4ml(entryFormat:)`` reproduces hls4ml 1.3's table instead: the shift rounds
/// toward zero and each bin holds its left edge's value (see ``style``).
public struct TanhTable: Sendable, Hashable, Codable {
    /// Number of entries, a power of two (8…65536).
    public var size: Int
    /// log₂ R: the table covers [−2^rangeExponent, 2^rangeExponent).
    public var rangeExponent: Int
    /// Format of the input (the layer's accumulator).
    public var inputFormat: FixedPointFormat
    /// Format of the entries (the layer's activation output).
    public var outputFormat: FixedPointFormat
    /// Vernier's midpoint table or hls4ml's.
    public var style: TanhTableStyle
    /// The codes, index 0 first.
    public var entries: [Int64]

    /// A table for inputs in `inputFormat`, entries in `outputFormat`; an hls4ml-style table always covers
    /// [−4, 4) (`rangeExponent` is then ignored and 2).
    public init(size: Int, rangeExponent: Int = 2, inputFormat: FixedPointFormat, outputFormat: FixedPointFormat,
                style: TanhTableStyle = .midpoint) {
        precondition(size >= 8 && size <= 65536 && size & (size - 1) == 0, "the tanh table size must be a power of two in 8…65536")
        self.size = size
        self.inputFormat = inputFormat
        self.outputFormat = outputFormat
        self.style = style
        switch style {
        case .midpoint:
            self.rangeExponent = rangeExponent
            let step = pow2(rangeExponent + 1) / Double(size)
            entries = (0..<size).map { index in
                outputFormat.quantize(tanh((Double(index - size / 2) + 0.5) * step)).raw
            }
        case .hls4ml(let entryFormat):
            self.rangeExponent = 2
            let step = 8 / Double(size)
            entries = (0..<size).map { index in
                // hls4ml computes the edge in double (exact here), stores it in a float and calls tanhf.
                let edge = Float(Double(index - size / 2) * step)
                let stored = entryFormat.quantize(Double(tanh(edge))).raw
                return outputFormat.quantize(raw: stored, fractionBits: entryFormat.fractionBits).raw
            }
        }
    }

    enum CodingKeys: String, CodingKey {
        case size, rangeExponent, inputFormat, outputFormat, style, entries
    }

    /// Decodes a table; one written before ``style`` existed is a midpoint table.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        size = try container.decode(Int.self, forKey: .size)
        rangeExponent = try container.decode(Int.self, forKey: .rangeExponent)
        inputFormat = try container.decode(FixedPointFormat.self, forKey: .inputFormat)
        outputFormat = try container.decode(FixedPointFormat.self, forKey: .outputFormat)
        style = try container.decodeIfPresent(TanhTableStyle.self, forKey: .style) ?? .midpoint
        entries = try container.decode([Int64].self, forKey: .entries)
    }

    /// log₂ of the table size.
    public var sizeExponent: Int { size.trailingZeroBitCount }

    /// How far right the input code is shifted to become an offset index (negative: shifted left).
    public var indexShift: Int { inputFormat.fractionBits - (sizeExponent - rangeExponent - 1) }

    /// Whether the index shift rounds toward zero (hls4ml's `int(·)`) rather than down.
    public var indexRoundsTowardZero: Bool {
        if case .hls4ml = style { return true }
        return false
    }

    /// The entry index for an input code.
    public func index(ofRaw raw: Int64) -> Int {
        let shift = indexShift
        let offset: Int64
        if shift >= 0 && indexRoundsTowardZero {
            // −((−x) >> s) for negative x: toward zero (|raw| ≤ 2^62, so the negation cannot overflow).
            offset = shift >= 63 ? 0 : (raw < 0 ? -((-raw) >> Int64(shift)) : raw >> Int64(shift))
        } else if shift >= 0 {
            offset = shift >= 63 ? (raw < 0 ? -1 : 0) : raw >> Int64(shift)
        } else {
            // Inputs coarser than the bins: the product can only leave the table when it is already far out.
            let limit = Int64(size)
            offset = raw > limit ? limit : (raw < -limit ? -limit : raw << Int64(-shift))
        }
        let index = offset + Int64(size / 2)
        return Int(min(max(index, 0), Int64(size - 1)))
    }

    /// The output code for an input code.
    public func lookup(raw: Int64) -> Int64 { entries[index(ofRaw: raw)] }

    /// The largest |tanh x − table(x)| over all real x (tanh is monotonic, so each bin's worst point is one of its
    /// ends; the end bins reach to ±∞ where tanh is ±1). With toward-zero indexing, offset k < 0 covers
    /// (k − 1, k] bins and offset 0 covers (−1, 1).
    public var maximumError: Double {
        let step = pow2(rangeExponent + 1) / Double(size)
        var worst = 0.0
        for index in 0..<size {
            let value = outputFormat.value(ofRaw: entries[index])
            let offset = index - size / 2
            let lowEdge = indexRoundsTowardZero && offset <= 0 ? offset - 1 : offset
            let highEdge = indexRoundsTowardZero && offset < 0 ? offset : offset + 1
            let low = index == 0 ? -1.0 : tanh(Double(lowEdge) * step)
            let high = index == size - 1 ? 1.0 : tanh(Double(highEdge) * step)
            worst = max(worst, abs(low - value), abs(high - value))
        }
        return worst
    }
}
