/// How a ``TanhTable`` is indexed and what its entries hold.
public enum TanhTableStyle: Sendable, Hashable, Codable {
    /// Vernier's table: the index is ⌊x · size / 2R⌋ + size/2 (an arithmetic shift), each entry tanh at its
    /// bin's midpoint rounded to the output format (half the error of a left-edge sample).
    case midpoint
    /// hls4ml 1.3's `nnet::tanh` (`nnet_activation.h`): the index is `int(x · size / 8) + size/2` — toward zero,
    /// so the bin of index size/2 covers (−8/size, 8/size) — clamped to 0…size−1; entry i holds the single-
    /// precision `tanh` of its bin's left edge 8 · (i − size/2) / size, converted to `entryFormat` (hls4ml's
    /// `table_t`, `ap_fixed<18,8>` by default: truncated) and then to the output format. R is 4.
    case hls4ml(entryFormat: FixedPointFormat)

    /// hls4ml 1.3's default `table_t`, `ap_fixed<18,8>` (AP_TRN, AP_WRAP).
    public static let hls4mlDefault = TanhTableStyle.hls4ml(
        entryFormat: FixedPointFormat(width: 18, integerBits: 8, quantization: .truncate, overflow: .wrap))
}
