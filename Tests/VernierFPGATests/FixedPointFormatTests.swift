import Testing
@testable import VernierFPGA

/// `ap_fixed` assignment semantics, checked exhaustively on small widths against a direct rational computation:
/// value = raw / 2^f, scaled to the target's resolution as the fraction num/den, rounded by integer division,
/// then brought into range by the mathematical definitions (modulo for wrap, clamp for saturation).
@Suite struct FixedPointFormatTests {
    /// ⌊a / b⌋ for b > 0.
    static func floorDivide(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && a < 0) ? q - 1 : q
    }

    /// The oracle: the code ap_fixed<width, integerBits> (signedness, modes) assigns to raw · 2^−f.
    static func expected(raw: Int64, fractionBits f: Int, format: FixedPointFormat) -> (Int64, Bool) {
        let shift = format.fractionBits - f
        let numerator = raw * (Int64(1) << Int64(max(0, shift)))
        let denominator = Int64(1) << Int64(max(0, -shift))
        let q = floorDivide(numerator, denominator)
        let twiceRemainder = 2 * (numerator - q * denominator)
        var rounded = q
        switch format.quantization {
        case .truncate: break
        case .roundHalfUp: if twiceRemainder >= denominator { rounded += 1 }
        case .roundHalfEven:
            if twiceRemainder > denominator || (twiceRemainder == denominator && q % 2 != 0) { rounded += 1 }
        }
        let modulus = Int64(1) << Int64(format.width)
        let low: Int64 = format.isSigned ? -modulus / 2 : 0
        let high: Int64 = format.isSigned ? modulus / 2 - 1 : modulus - 1
        let symmetricLow = format.isSigned && format.overflow == .saturateSymmetric ? -high : low
        if rounded >= symmetricLow && rounded <= high { return (rounded, false) }
        switch format.overflow {
        case .wrap:
            let offset = rounded - low
            let modulo = ((offset % modulus) + modulus) % modulus
            return (modulo + low, true)
        case .saturate, .saturateSymmetric:
            return (rounded > high ? high : symmetricLow, true)
        }
    }

    static let formats: [FixedPointFormat] = {
        var formats: [FixedPointFormat] = []
        for width in 1...6 {
            for integerBits in -2...8 {
                for isSigned in [true, false] {
                    for quantization in Quantization.allCases {
                        for overflow in Overflow.allCases where !(isSigned && width == 1 && overflow == .saturateSymmetric) {
                            formats.append(FixedPointFormat(width: width, integerBits: integerBits, isSigned: isSigned,
                                                            quantization: quantization, overflow: overflow))
                        }
                    }
                }
            }
        }
        return formats
    }()

    /// Every 8-bit source code at every source resolution 2^−f (f = −3…8) into every small format.
    @Test func everySmallConversionMatchesTheRationalDefinition() {
        var checked = 0
        var mismatches = 0
        for format in Self.formats {
            for f in -3...8 {
                for raw in Int64(-128)...127 {
                    let got = format.quantize(raw: raw, fractionBits: f)
                    let (want, overflowed) = Self.expected(raw: raw, fractionBits: f, format: format)
                    if got.raw != want || got.overflowed != overflowed { mismatches += 1 }
                    checked += 1
                }
            }
        }
        #expect(checked == Self.formats.count * 12 * 256)
        #expect(mismatches == 0)
    }

    /// A Double converts exactly as its binary value does: k / 2^j through the Double path equals the raw path.
    @Test func doublesConvertAsTheirExactValue() {
        var mismatches = 0
        for format in Self.formats where format.width >= 4 {
            for j in 0...7 {
                for k in Int64(-300)...300 {
                    let value = Double(k) / Double(1 << j)
                    if format.quantize(value) != format.quantize(raw: k, fractionBits: j) { mismatches += 1 }
                }
            }
        }
        #expect(mismatches == 0)
    }

    /// The examples of UG1399 ("Overflow Modes"): ap_fixed<4,4,AP_RND,…> and ap_ufixed<4,4,AP_RND,…> of ±19.
    @Test func vendorDocumentedExamples() {
        func code(_ value: Double, signed: Bool, _ overflow: Overflow) -> Int64 {
            FixedPointFormat(width: 4, integerBits: 4, isSigned: signed, quantization: .roundHalfUp, overflow: overflow)
                .quantize(value).raw
        }
        #expect(code(19, signed: true, .saturate) == 7)
        #expect(code(-19, signed: true, .saturate) == -8)
        #expect(code(19, signed: false, .saturate) == 15)
        #expect(code(-19, signed: false, .saturate) == 0)
        #expect(code(19, signed: true, .saturateSymmetric) == 7)
        #expect(code(-19, signed: true, .saturateSymmetric) == -7)
        // 19 = 0b10011: the low four bits are 0b0011 = 3; −19 wraps to −19 + 16 = −3.
        #expect(code(19, signed: true, .wrap) == 3)
        #expect(code(-19, signed: true, .wrap) == -3)
    }

    /// Ties: AP_RND goes toward +∞, AP_RND_CONV to even, AP_TRN toward −∞ (ap_fixed<8,4>: LSB 1/16).
    static let ties: [(Double, Int64, Int64, Int64)] = [
        (1.0 / 32, 1, 0, 0), (-1.0 / 32, 0, 0, -1), (3.0 / 32, 2, 2, 1), (-3.0 / 32, -1, -2, -2),
    ]

    @Test(arguments: ties)
    func tiesRoundByTheMode(value: Double, halfUp: Int64, halfEven: Int64, truncated: Int64) {
        func code(_ quantization: Quantization) -> Int64 {
            FixedPointFormat(width: 8, integerBits: 4, quantization: quantization).quantize(value).raw
        }
        #expect(code(.roundHalfUp) == halfUp)
        #expect(code(.roundHalfEven) == halfEven)
        #expect(code(.truncate) == truncated)
    }

    /// Extreme inputs: huge and tiny Doubles, shifts past 64 bits, the widest format.
    @Test func extremesStayExact() {
        let wide = FixedPointFormat(width: 62, integerBits: 30)
        #expect(wide.quantize(1e300) == Quantized(raw: wide.maximumRaw, overflowed: true))
        #expect(wide.quantize(-1e300) == Quantized(raw: wide.minimumRaw, overflowed: true))
        let truncating = FixedPointFormat(width: 16, integerBits: 6, quantization: .truncate)
        #expect(truncating.quantize(-1e-300).raw == -1)
        #expect(truncating.quantize(1e-300).raw == 0)
        #expect(FixedPointFormat(width: 16, integerBits: 6).quantize(-1e-300).raw == 0)
        #expect(truncating.quantize(raw: Int64.min, fractionBits: 200).raw == -1)
        #expect(FixedPointFormat(width: 16, integerBits: 6, overflow: .wrap).quantize(raw: 3, fractionBits: -100).raw == 0)
        #expect(wide.quantize(raw: Int64.max, fractionBits: 0).raw == wide.maximumRaw)
        #expect(wide.value(ofRaw: wide.quantize(0.1).raw) == (0.1 * 4294967296).rounded() / 4294967296)
    }
}
