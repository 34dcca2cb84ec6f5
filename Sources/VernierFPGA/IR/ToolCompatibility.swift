/// Whose arithmetic a fixed-point design reproduces, when not Vernier's own (`vernier export --compat`).
public enum ToolCompatibility: String, Sendable, Hashable, Codable, CaseIterable {
    /// hls4ml 1.3.0's defaults, for the network alone (see ``Hls4mlLowering``).
    case hls4ml
}
