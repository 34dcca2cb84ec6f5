/// A policy as synthesizable Verilog-2001: the files, the top module's name and ports, and its timing.
public struct VerilogDesign: Sendable, Hashable {
    /// `design.v` (the top module, its conversion functions and tanh ROM modules).
    public var files: [GeneratedFile]
    /// Name of the top module.
    public var topModule: String
    /// Clock cycles from a sample of `in_valid` to the matching `out_valid`.
    public var latencyCycles: Int
    /// Cycles between accepted inputs (1: a new input every clock; N with `reuse` N).
    public var initiationInterval: Int
    /// Width of each input code.
    public var inputWidth: Int
    /// Width of each output code.
    public var outputWidth: Int
    /// Number of input codes (`in_data` is `inputCount × inputWidth` bits, element 0 in the low bits).
    public var inputCount: Int
    /// Number of output codes.
    public var outputCount: Int
    /// Multipliers instantiated: one per non-zero weight at II = 1, ⌈non-zero weights / N⌉ per layer with
    /// reuse N, plus one per input for the normalisation and one per action for a non-trivial action scaling.
    public var multiplierCount: Int
}
