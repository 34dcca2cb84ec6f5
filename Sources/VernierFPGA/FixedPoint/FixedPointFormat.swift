/// A binary fixed-point number format with the semantics of Xilinx's `ap_fixed<W, I, Q, O>` /
/// `ap_ufixed<W, I, Q, O>`: a value is an integer code `c` (its *raw* value, `W` bits, two's complement when
/// signed) standing for `c · 2^−F`, where `F = W − I` is the number of fraction bits.
///
/// `I` counts the integer bits including the sign bit, and may be negative or larger than `W` (then `F` is
/// negative: the codes step by a power of two above 1), as in `ap_fixed<2, 0>` or `ap_ufixed<1, -7>`.
/// Raw values are held in `Int64`, so `width` is limited to 1…62, which leaves room for exact intermediate
/// sums in this module's arithmetic.
public struct FixedPointFormat: Sendable, Hashable, Codable, CustomStringConvertible {
    /// `W`: total bits, 1…62.
    public var width: Int
    /// `I`: integer bits including the sign bit; any value (`F = W − I` fraction bits).
    public var integerBits: Int
    /// Two's complement (`ap_fixed`) or unsigned (`ap_ufixed`).
    public var isSigned: Bool
    /// How extra fraction bits are removed.
    public var quantization: Quantization
    /// What happens beyond the range.
    public var overflow: Overflow

    /// The largest width this module handles.
    public static let maximumWidth = 62

    /// A format; `width` must be 1…62 (and at least 2 when signed with symmetric saturation).
    public init(width: Int, integerBits: Int, isSigned: Bool = true, quantization: Quantization = .roundHalfEven,
                overflow: Overflow = .saturate) {
        precondition((1...Self.maximumWidth).contains(width), "fixed-point width \(width) is outside 1…\(Self.maximumWidth)")
        self.width = width
        self.integerBits = integerBits
        self.isSigned = isSigned
        self.quantization = quantization
        self.overflow = overflow
    }

    /// `F = W − I`: the number of fraction bits (negative when the LSB weighs more than 1).
    public var fractionBits: Int { width - integerBits }

    /// The smallest code: −2^(W−1) signed, 0 unsigned.
    public var minimumRaw: Int64 { isSigned ? -(Int64(1) << Int64(width - 1)) : 0 }
    /// The largest code: 2^(W−1) − 1 signed, 2^W − 1 unsigned.
    public var maximumRaw: Int64 { isSigned ? (Int64(1) << Int64(width - 1)) - 1 : (Int64(1) << Int64(width)) - 1 }

    /// The weight of one LSB, 2^−F.
    public var resolution: Double { pow2(-fractionBits) }
    /// The largest value, `maximumRaw · 2^−F`.
    public var maximumValue: Double { Double(maximumRaw) * resolution }
    /// The smallest value, `minimumRaw · 2^−F`.
    public var minimumValue: Double { Double(minimumRaw) * resolution }

    /// The value a code stands for, `raw · 2^−F` (exact for |raw| < 2^53).
    public func value(ofRaw raw: Int64) -> Double { Double(raw) * resolution }

    /// The same format with another width and integer bits, the same signedness and modes.
    public func with(width: Int, integerBits: Int) -> FixedPointFormat {
        FixedPointFormat(width: width, integerBits: integerBits, isSigned: isSigned, quantization: quantization,
                         overflow: overflow)
    }

    /// `ap_fixed<16,6,AP_RND_CONV,AP_SAT>` (the C++ type spelling; `ap_ufixed` when unsigned).
    public var hlsType: String {
        "\(isSigned ? "ap_fixed" : "ap_ufixed")<\(width),\(integerBits),\(quantization.hlsName),\(overflow.hlsName)>"
    }

    public var description: String { hlsType }
}

/// 2^exponent as a Double, exact for exponents in −1074…1023.
@inline(__always)
func pow2(_ exponent: Int) -> Double {
    Double(sign: .plus, exponent: exponent, significand: 1)
}
