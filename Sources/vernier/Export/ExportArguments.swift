import ArgumentParser
import VernierFPGA

/// `--precision W,I` or `--precision auto`.
enum PrecisionChoice: ExpressibleByArgument, Equatable {
    /// Every value and weight in `ap_fixed<W, I>`.
    case uniform(width: Int, integerBits: Int)
    /// The quantiser picks per-stage formats within `--max-error`.
    case automatic

    init?(argument: String) {
        if argument == "auto" {
            self = .automatic
            return
        }
        let parts = argument.split(separator: ",")
        guard parts.count == 2, let width = Int(parts[0]), let integerBits = Int(parts[1]),
              (2...32).contains(width), (-16...32).contains(integerBits) else { return nil }
        self = .uniform(width: width, integerBits: integerBits)
    }

    static var defaultCompletionKind: CompletionKind { .list(["auto", "16,6"]) }
}

/// `--target`.
enum ExportTarget: String, ExpressibleByArgument, CaseIterable {
    case verilog
    case hls
}


extension ToolCompatibility: ExpressibleByArgument {}
extension Quantization: ExpressibleByArgument {}
extension Overflow: ExpressibleByArgument {}
