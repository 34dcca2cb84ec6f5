/// What happens to a value beyond the format's range: the `O` parameter of `ap_fixed<W, I, Q, O>`
/// (Vitis HLS UG1399, "Overflow Modes").
public enum Overflow: String, Sendable, Hashable, Codable, CaseIterable {
    /// `AP_WRAP`: keep the low `W` bits (two's complement modulo 2^W). hls4ml's default; dangerous on an actuator.
    case wrap
    /// `AP_SAT`: clamp to the largest or smallest code.
    case saturate = "sat"
    /// `AP_SAT_SYM`: clamp to ±(largest code); a signed format never produces its most negative code
    /// (−2^(W−1)), so the range is symmetric. Unsigned formats clamp as `AP_SAT` does.
    case saturateSymmetric = "sat_sym"

    /// The `ap_fixed` template argument.
    public var hlsName: String {
        switch self {
        case .wrap: "AP_WRAP"
        case .saturate: "AP_SAT"
        case .saturateSymmetric: "AP_SAT_SYM"
        }
    }
}
