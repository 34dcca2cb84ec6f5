/// The formats a trace file can be in.
public enum TraceFormat: String, Sendable, Hashable, Codable, CaseIterable {
    /// CSV with a header row (``CSVTraceReader``).
    case csv
    /// libCacheSim's 24-byte binary records (``OracleGeneralReader``).
    case oracleGeneral = "oracle-general"

    /// The format of `path` from its name: `.bin` or a name containing `oracleGeneral` is binary, else CSV.
    public static func guess(path: String) -> TraceFormat {
        path.hasSuffix(".bin") || path.lowercased().contains("oraclegeneral") ? .oracleGeneral : .csv
    }
}
