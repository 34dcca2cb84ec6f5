/// Everything needed to open a trace file again (a pre-pass for Belady reads it twice).
public struct TraceOpener: Sendable, Hashable {
    public var path: String
    public var format: TraceFormat
    /// Role → column overrides for CSV (`--columns`).
    public var columns: [String: String]
    /// The unit of a CSV trace's size column.
    public var sizeUnit: SizeUnit

    public init(path: String, format: TraceFormat? = nil, columns: [String: String] = [:], sizeUnit: SizeUnit = .bytes) {
        self.path = path
        self.format = format ?? TraceFormat.guess(path: path)
        self.columns = columns
        self.sizeUnit = sizeUnit
    }

    /// A fresh reader at the start of the trace.
    public func open() throws(TraceError) -> any TraceSource {
        switch format {
        case .csv: try CSVTraceReader(path: path, columns: columns, sizeUnit: sizeUnit)
        case .oracleGeneral: try OracleGeneralReader(path: path)
        }
    }

    /// A reader whose requests carry next-access times: the trace's own (oracleGeneral), or from a pre-pass
    /// that keeps one 32-bit object index per request (4 bytes a request; the one place memory grows with the
    /// trace, and only when Belady is asked for).
    public func openWithNextAccess() throws -> any TraceSource {
        let source = try open()
        if source.providesNextAccess { return source }
        return try NextAccessAnnotator(first: source, second: try open())
    }
}
