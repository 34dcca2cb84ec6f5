/// Verilog-2001 spellings of fixed-point codes and types.
enum VerilogLiteral {
    /// A sized signed hexadecimal literal holding `value`'s two's complement in `width` bits: `16'shfff0`.
    static func signed(_ value: Int64, width: Int) -> String {
        let mask = width >= 64 ? UInt64.max : (UInt64(1) << UInt64(width)) &- 1
        return "\(width)'sh" + String(UInt64(bitPattern: value) & mask, radix: 16)
    }

    /// `signed [width-1:0]`.
    static func signedRange(_ width: Int) -> String { "signed [\(width - 1):0]" }
}
