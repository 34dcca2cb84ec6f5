/// An eviction policy with an admission rule: one column of the advisor's table.
public struct CachePolicy: Sendable {
    public var eviction: EvictionPolicy
    public var admission: AdmissionRule
    /// The name shown in tables and JSON (`lru`, `lfu`, `learned`, `lru+second-hit`).
    public var name: String
    /// τ of the `dataset-crf` eviction, in seconds, > 0 and finite: a dataset's past jobs weigh exp(−age / τ).
    /// Default one day (the advisor picks it on the training part).
    public var datasetTimescale: Double = 86_400

    /// Requests of one dataset less than this many seconds after its last counted request belong to the same
    /// job and do not count again (`dataset-crf`): the synthetic jobs read one file a second.
    public static let jobGap = 60.0

    public init(eviction: EvictionPolicy, admission: AdmissionRule = .always, name: String? = nil,
                datasetTimescale: Double = 86_400) {
        self.eviction = eviction
        self.admission = admission
        self.name = name ?? eviction.rawValue
        self.datasetTimescale = datasetTimescale
    }

    /// Parses a policy without a learned table: an eviction name (`lru`, `lfu`, `lfuda`, `fifo`, `size-big`,
    /// `size-small`, `dataset-crf[:SECONDS]` (τ, default one day), `belady`), optionally followed by
    /// `+second-hit[:SECONDS]` (default one day) or `+size:SIZE` (`+size:10GB`). `nil` when the text is none of these.
    public init?(parsing text: String) {
        let parts = text.split(separator: "+", maxSplits: 1).map(String.init)
        guard let first = parts.first else { return nil }
        let evictionParts = first.split(separator: ":", maxSplits: 1).map(String.init)
        guard let evictionName = evictionParts.first, let eviction = EvictionPolicy(rawValue: evictionName.lowercased())
        else { return nil }
        if evictionParts.count == 2 {
            guard eviction == .datasetCRF, let timescale = Double(evictionParts[1]), timescale > 0, timescale.isFinite
            else { return nil }
            datasetTimescale = timescale
        }
        self.eviction = eviction
        self.name = text.lowercased()
        guard parts.count == 2 else { admission = .always; return }
        let rule = parts[1].split(separator: ":", maxSplits: 1).map(String.init)
        switch rule[0].lowercased() {
        case "second-hit":
            let window = rule.count == 2 ? Double(rule[1]) : 86_400
            guard let window, window > 0, window.isFinite else { return nil }
            admission = .secondHit(window: window)
        case "size":
            guard rule.count == 2, let bytes = ByteCount(parsing: rule[1]), bytes.bytes > 0 else { return nil }
            admission = .sizeAtMost(bytes: bytes.bytes)
        default:
            return nil
        }
    }

    /// The spellings `--policy` accepts, for help and errors.
    public static let syntax = "lru, lfu, lfuda, fifo, size-big, size-small, dataset-crf[:SECONDS], belady, each optionally +second-hit[:SECONDS] or +size:SIZE; learned:FILE"
}
