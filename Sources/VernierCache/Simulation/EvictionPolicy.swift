/// Which cached file to delete to make room.
///
/// Tie-breaking, documented because exactness tests compare against libCacheSim:
/// - `lru`, `fifo`: a list; the least recently used (resp. first inserted) file goes first. No ties.
/// - `lfu`: fewest requests since the file entered the cache (the count starts at 1 on insertion and is lost on
///   eviction, as libCacheSim's `LFU`); among equals, the file that reached that count first goes first
///   (libCacheSim appends to its frequency bucket's tail and evicts from its head).
/// - `lfuda`: the smallest key (count + age at its last request), the earliest to reach it among equals.
/// - `sizeBig` / `sizeSmall`: the largest (resp. smallest) file; among equals, the earliest inserted.
/// - `datasetCRF`: the least recently requested file of the dataset with the lowest score (below); among datasets
///   of equal score, the one requested least recently.
/// - `belady`: the file requested again furthest in the future (never again first) — the offline optimum for
///   equal sizes and the upper bound here; among files never requested again, the earliest inserted (the order
///   cannot change any hit, since no such file is hit again).
public enum EvictionPolicy: String, Sendable, Hashable, Codable, CaseIterable {
    case lru, lfu, fifo
    /// LFU with dynamic aging (Arlitt et al. 2000): key = requests while cached + L, L the key of the last
    /// eviction, so files that were popular long ago age out — LFU that follows drift.
    case lfuda
    case sizeBig = "size-big"
    case sizeSmall = "size-small"
    /// Dataset-level combined recency and frequency (LRFU over datasets): each dataset's score is
    /// log Σ exp(tⱼ / τ) over the times tⱼ its jobs started (a request counts as a job's start when the dataset
    /// had no counted request in the previous ``CachePolicy/jobGap`` seconds), τ = ``CachePolicy/datasetTimescale``;
    /// the dataset with the lowest score gives up its least recently requested file. A grid dataset is read in
    /// bursts of jobs while it is in fashion: every file of a dataset shares its future, whichever file a job read
    /// last, and a dataset whose jobs have stopped decays. Files without a dataset (``CacheRequest/noDataset``)
    /// are each their own dataset. Only online information is used.
    case datasetCRF = "dataset-crf"
    case belady

    /// The name in tables (as in the SCDL papers).
    public var displayName: String {
        switch self {
        case .lru: "LRU"
        case .lfu: "LFU"
        case .lfuda: "LFU-DA"
        case .fifo: "FIFO"
        case .sizeBig: "Size Big"
        case .sizeSmall: "Size Small"
        case .datasetCRF: "Dataset CRF"
        case .belady: "Belady"
        }
    }

    /// Whether the policy keeps files in a list (O(1)) rather than a heap (O(log n)).
    var usesList: Bool { self == .lru || self == .fifo }
    /// Whether the policy keeps a heap of files (the others keep a list, or datasets).
    var usesFileHeap: Bool { !usesList && self != .datasetCRF }
}
