/// An eviction policy with an admission rule: one column of the advisor's table.
public struct CachePolicy: Sendable {
    public var eviction: EvictionPolicy
    public var admission: AdmissionRule
    /// The name shown in tables and JSON (`lru`, `lfu`, `learned`, `lru+second-hit`).
    public var name: String

    public init(eviction: EvictionPolicy, admission: AdmissionRule = .always, name: String? = nil) {
        self.eviction = eviction
        self.admission = admission
        self.name = name ?? eviction.rawValue
    }

    /// Parses a policy without a learned table: an eviction name (`lru`, `lfu`, `lfuda`, `fifo`, `size-big`,
    /// `size-small`, `belady`), optionally followed by `+second-hit[:SECONDS]` (default one day) or
    /// `+size:SIZE` (`+size:10GB`). `nil` when the text is none of these.
    public init?(parsing text: String) {
        let parts = text.split(separator: "+", maxSplits: 1).map(String.init)
        guard let first = parts.first, let eviction = EvictionPolicy(rawValue: first.lowercased()) else { return nil }
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
    public static let syntax = "lru, lfu, lfuda, fifo, size-big, size-small, belady, each optionally +second-hit[:SECONDS] or +size:SIZE; learned:FILE"
}
