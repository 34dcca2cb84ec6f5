/// The result of bringing a value into a format: the code, and whether the value lay outside the format's
/// range (the overflow mode then decided the code).
public struct Quantized: Sendable, Hashable {
    /// The code in the target format.
    public var raw: Int64
    /// Whether the value (after quantisation) was beyond the range: saturated or wrapped.
    public var overflowed: Bool

    public init(raw: Int64, overflowed: Bool) {
        self.raw = raw
        self.overflowed = overflowed
    }
}

extension FixedPointFormat {
    /// The code for the exact value `raw · 2^−fractionBits`, as an assignment to `ap_fixed<W, I, Q, O>` yields:
    /// first quantised to 2^−F by ``quantization``, then brought into range by ``overflow``.
    ///
    /// - Parameters:
    ///   - raw: any 64-bit integer.
    ///   - fractionBits: the source's fraction bits, any value (e.g. `fa + fb` for a product).
    /// - Complexity: O(1), no allocation.

    public func quantize(raw: Int64, fractionBits: Int) -> Quantized {
        let shift = fractionBits - self.fractionBits
        if shift > 0 {
            return fitIntoRange(Self.shiftRight(raw, by: shift, quantization: quantization))
        }
        return shiftLeftIntoRange(raw, by: -shift)
    }

    /// The code for a finite Double, exactly as for its exact binary value (no intermediate rounding).
    /// Infinities saturate (or wrap to 0 under `AP_WRAP`'s modulo of an unbounded value: avoid them); NaN gives 0.
    public func quantize(_ value: Double) -> Quantized {
        guard value.isFinite else {
            if value.isNaN { return Quantized(raw: 0, overflowed: true) }
            return Quantized(raw: value > 0 ? maximumRaw : (overflow == .saturateSymmetric && isSigned ? -maximumRaw : minimumRaw),
                             overflowed: true)
        }
        if value == 0 { return Quantized(raw: 0, overflowed: false) }
        // value = m · 2^(exponent − 52) with m an integer of at most 53 bits (subnormals included).
        let mantissa = Double(sign: value.sign, exponent: 52, significand: value.significand)
        return quantize(raw: Int64(mantissa), fractionBits: 52 - Int(value.exponent))
    }

    /// ⌊raw / 2^shift⌉ under `quantization` (shift ≥ 1), exact for every Int64 and shift.

    static func shiftRight(_ raw: Int64, by shift: Int, quantization: Quantization) -> Int64 {
        if shift >= 64 {
            // |raw / 2^shift| ≤ 1/2: truncation gives −1 for negatives; both roundings give 0 (the one tie,
            // −2^63 / 2^64 = −1/2, goes up to 0 and to the even 0).
            return quantization == .truncate && raw < 0 ? -1 : 0
        }
        let floor = raw >> Int64(shift)
        if quantization == .truncate { return floor }
        let mask = (UInt64(1) << UInt64(shift)) &- 1
        let remainder = UInt64(bitPattern: raw) & mask
        let half = UInt64(1) << UInt64(shift - 1)
        switch quantization {
        case .truncate:
            return floor
        case .roundHalfUp:
            return remainder >= half ? floor + 1 : floor
        case .roundHalfEven:
            if remainder > half || (remainder == half && floor & 1 == 1) { return floor + 1 }
            return floor
        }
    }

    /// The overflow mode applied to an integer already at this format's resolution.

    func fitIntoRange(_ value: Int64) -> Quantized {
        let lowest = isSigned && overflow == .saturateSymmetric ? -maximumRaw : minimumRaw
        if value >= lowest && value <= maximumRaw { return Quantized(raw: value, overflowed: false) }
        switch overflow {
        case .wrap:
            return Quantized(raw: wrapped(UInt64(bitPattern: value)), overflowed: true)
        case .saturate, .saturateSymmetric:
            return Quantized(raw: value > maximumRaw ? maximumRaw : lowest, overflowed: true)
        }
    }

    /// `raw · 2^shift` (shift ≥ 0) brought into range, without overflowing Int64 on the way.

    func shiftLeftIntoRange(_ raw: Int64, by shift: Int) -> Quantized {
        if raw == 0 { return Quantized(raw: 0, overflowed: false) }
        if shift < 63 && raw.magnitude <= (UInt64(Int64.max) >> UInt64(shift)) {
            return fitIntoRange(raw << Int64(shift))
        }
        // Beyond Int64, hence beyond any format (width ≤ 62).
        switch overflow {
        case .wrap:
            let bits = shift >= 64 ? 0 : UInt64(bitPattern: raw) << UInt64(shift)
            return Quantized(raw: wrapped(bits), overflowed: true)
        case .saturate, .saturateSymmetric:
            let lowest = isSigned && overflow == .saturateSymmetric ? -maximumRaw : minimumRaw
            return Quantized(raw: raw > 0 ? maximumRaw : lowest, overflowed: true)
        }
    }

    /// The low `width` bits of a two's-complement pattern, sign-extended when signed.

    func wrapped(_ bits: UInt64) -> Int64 {
        let mask = (UInt64(1) << UInt64(width)) &- 1
        let low = bits & mask
        if isSigned && low >> UInt64(width - 1) & 1 == 1 {
            return Int64(bitPattern: low | ~mask)
        }
        return Int64(bitPattern: low)
    }
}
