/// How a value with more fraction bits than the format holds is brought to the format's resolution: the
/// `Q` parameter of `ap_fixed<W, I, Q, O>` (Vitis HLS UG1399, "Quantization Modes").
public enum Quantization: String, Sendable, Hashable, Codable, CaseIterable {
    /// `AP_TRN`: toward minus infinity (drop the low bits). hls4ml's default.
    case truncate = "trn"
    /// `AP_RND`: to the nearest code, a tie toward plus infinity (add half an LSB, then truncate).
    case roundHalfUp = "rnd"
    /// `AP_RND_CONV`: to the nearest code, a tie to the even code (convergent rounding; no bias).
    case roundHalfEven = "even"

    /// The `ap_fixed` template argument.
    public var hlsName: String {
        switch self {
        case .truncate: "AP_TRN"
        case .roundHalfUp: "AP_RND"
        case .roundHalfEven: "AP_RND_CONV"
        }
    }
}
