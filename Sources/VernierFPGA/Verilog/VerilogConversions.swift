/// The fixed-point conversions a design needs, each emitted once as a Verilog function
/// (`input code at 2^−F_in` → `output format`): the shift with the format's rounding, then its overflow mode —
/// the same steps as ``FixedPointFormat/quantize(raw:fractionBits:)``, in hardware.
struct VerilogConversions {
    struct Conversion: Hashable {
        /// Width of the signed input code.
        var inputWidth: Int
        /// Right shift `F_in − F_out` (negative: left).
        var shift: Int
        /// The target (signed).
        var output: FixedPointFormat
    }

    private(set) var names: [Conversion: String] = [:]
    private(set) var order: [Conversion] = []
    let prefix: String

    init(prefix: String) {
        self.prefix = prefix
    }

    /// The function name for a conversion (registering it on first use).
    mutating func name(inputWidth: Int, inputFractionBits: Int, to output: FixedPointFormat) -> String {
        let conversion = Conversion(inputWidth: inputWidth, shift: inputFractionBits - output.fractionBits, output: output)
        if let name = names[conversion] { return name }
        let name = "\(prefix)_q\(order.count)"
        names[conversion] = name
        order.append(conversion)
        return name
    }

    /// Whether converting can change the value (rounding or overflow): if not, callers may skip the function.
    static func isIdentity(inputWidth: Int, inputFractionBits: Int, to output: FixedPointFormat) -> Bool {
        inputFractionBits == output.fractionBits && inputWidth < output.width
    }

    /// Writes every registered function.
    func emit(into writer: inout CodeWriter) {
        for conversion in order {
            emit(conversion, name: names[conversion] ?? "", into: &writer)
        }
    }

    private func emit(_ conversion: Conversion, name: String, into writer: inout CodeWriter) {
        let output = conversion.output
        let shift = conversion.shift
        let inputWidth = shift > 0 ? max(conversion.inputWidth, shift + 2) : conversion.inputWidth
        let shiftedWidth = shift > 0 ? inputWidth - shift + 1 : inputWidth - shift
        let quantization = shift > 0 ? output.quantization.hlsName : "exact"
        writer.line("// \(conversion.inputWidth)-bit code at 2^-\(conversion.shift + output.fractionBits) -> \(output) (\(quantization))")
        writer.block("function \(VerilogLiteral.signedRange(output.width)) \(name);", "endfunction") { w in
            w.line("input \(VerilogLiteral.signedRange(inputWidth)) x;")
            w.line("reg \(VerilogLiteral.signedRange(shiftedWidth)) t;")
            w.block("begin", "end") { w in
                if shift > 0 {
                    w.line("t = x >>> \(shift);")
                    switch output.quantization {
                    case .truncate:
                        break
                    case .roundHalfUp:
                        w.line("if (x[\(shift - 1)]) t = t + 1;")
                    case .roundHalfEven:
                        let rest = shift >= 2 ? "(|x[\(shift - 2):0])" : "1'b0"
                        w.line("if (x[\(shift - 1)] && (\(rest) || x[\(shift)])) t = t + 1;")
                    }
                } else {
                    w.line("t = x;")
                    if shift < 0 { w.line("t = t <<< \(-shift);") }
                }
                let symmetric = output.overflow == .saturateSymmetric
                let lowest = symmetric ? -output.maximumRaw : output.minimumRaw
                if shiftedWidth < output.width || (shiftedWidth == output.width && !symmetric) {
                    w.line("\(name) = t;")
                } else if output.overflow == .wrap {
                    w.line("\(name) = t[\(output.width - 1):0];")
                } else {
                    let high = VerilogLiteral.signed(output.maximumRaw, width: shiftedWidth)
                    let low = VerilogLiteral.signed(lowest, width: shiftedWidth)
                    w.line("if (t > \(high)) \(name) = \(VerilogLiteral.signed(output.maximumRaw, width: output.width));")
                    w.line("else if (t < \(low)) \(name) = \(VerilogLiteral.signed(lowest, width: output.width));")
                    w.line("else \(name) = t[\(output.width - 1):0];")
                }
            }
        }
    }
}
