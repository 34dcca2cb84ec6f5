/// Typed auxiliary information returned with an observation (Gymnasium's `info` dict, with the keys
/// every Vernier plant shares given types).
public struct StepInfo: Sendable, Hashable, Codable {
    /// Whether the task was achieved (Gymnasium's conventional `is_success`); `nil` when the plant can't tell.
    public var isSuccess: Bool?
    /// Further named quantities for logs (e.g. "rms_mm", "pump_dbm").
    public var values: [String: Double]

    public init(isSuccess: Bool? = nil, values: [String: Double] = [:]) {
        self.isSuccess = isSuccess
        self.values = values
    }
}
