import VernierCore
import VernierMath

/// `grid/Cache-v1`: the RL view of the grid cache (SCDL). On each miss the agent chooses to store (1) or skip
/// (0) the file; LRU evicts. With `eviction_actions: true` (SCDL2) the action is `admission + 2 × eviction`,
/// 0…9, where eviction 0 keeps the cache, and 1, 2, 3, 4 delete the least recently used one, quarter, half or
/// all of the cached files in the missed file's category (its size bin, ``AdmissionStateEncoder/sizeBin(of:)``)
/// before the admission is applied.
///
/// Observation: the file's size (GB, ≤ 1000), its request count (≤ 10⁶), hours since its previous request
/// (≤ 10⁴, and 10⁴ on a first request), the cache's occupancy and its hit ratio so far. The reward of a
/// decision is delayed to the file's next request (or its eviction) and weighted by its size in GB: +size for
/// a stored file hit again, −size for one evicted unused; for a skipped file −size if it came back before the
/// LRU cache would have evicted it, +size if not. A step's reward is the sum of the rewards that fell due
/// during it. Each episode replays a synthetic trace (``SyntheticTraceGenerator``) drawn from the plant's
/// generator; the episode is truncated after `max_episode_steps` decisions or at the trace's end.
public struct CacheEnvironment: Environment {
    /// The options the registry passes (`environments/cache.yaml`).
    public struct Options: OptionKeyed, Sendable, Hashable {
        /// The synthetic workload; default drift.
        public var kind: SyntheticTraceKind = .drift
        /// Requests per episode's trace (≥ 100); default 20 000.
        public var requests = 20_000
        /// Cache capacity as a fraction of the trace's working set, in (0, 1]; default 0.1.
        public var capacityFraction = 0.1
        /// Decisions before truncation (≥ 1); default 2000.
        public var maxEpisodeSteps = 2_000
        /// Whether actions also evict a file category (SCDL2); default false.
        public var evictionActions = false

        public init() {}

        enum CodingKeys: String, CodingKey, CaseIterable {
            case kind, requests
            case capacityFraction = "capacity_fraction"
            case maxEpisodeSteps = "max_episode_steps"
            case evictionActions = "eviction_actions"
        }

        public static let optionKeys = CodingKeys.allCases.map(\.rawValue)

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            kind = try container.decode(.kind, default: .drift)
            requests = try container.decode(.requests, default: 20_000)
            capacityFraction = try container.decode(.capacityFraction, default: 0.1)
            maxEpisodeSteps = try container.decode(.maxEpisodeSteps, default: 2_000)
            evictionActions = try container.decode(.evictionActions, default: false)
            guard requests >= 100 else {
                throw DecodingError.dataCorruptedError(forKey: .requests, in: container,
                    debugDescription: "requests must be at least 100, got \(requests)")
            }
            guard capacityFraction > 0, capacityFraction <= 1 else {
                throw DecodingError.dataCorruptedError(forKey: .capacityFraction, in: container,
                    debugDescription: "capacity_fraction must be in (0, 1], got \(capacityFraction)")
            }
            guard maxEpisodeSteps >= 1 else {
                throw DecodingError.dataCorruptedError(forKey: .maxEpisodeSteps, in: container,
                    debugDescription: "max_episode_steps must be at least 1, got \(maxEpisodeSteps)")
            }
        }
    }

    public let options: Options
    private var generator = SeededGenerator(seed: 0)
    private var requests: [CacheRequest] = []
    private var position = 0
    private var simulator: CacheSimulator
    private var steps = 0
    private var observation = [Double](repeating: 0, count: 5)

    public init(options: Options = Options()) {
        self.options = options
        simulator = CacheSimulator(policy: CachePolicy(eviction: .lru, admission: .external),
                                   configuration: CacheConfiguration(capacity: 1))
    }

    public var metadata: PlantMetadata {
        PlantMetadata(renderModes: [.ansi], machine: "grid site file cache (synthetic CMS-like trace)",
                      isCancellable: false, isSimulated: true, maxEpisodeSteps: options.maxEpisodeSteps)
    }

    public var observationSpace: Space {
        .box(Box(low: [0, 1, 0, 0, 0], high: [1_000, 1e6, AdmissionObservation.hoursCap, 1, 1]))
    }

    public var actionSpace: Space { .discrete(Discrete(options.evictionActions ? 10 : 2)) }

    /// The shares of a category the eviction actions 1…4 delete (`nil`: one file).
    static let evictionShares: [Double?] = [nil, 0.25, 0.5, 1]

    private var currentSizeBin = 0

    public mutating func reset(seed: UInt64?, options _: ResetOptions?) throws -> Reset {
        if let seed { generator = SeededGenerator(seed: seed) }
        let traceSeed = generator.next()
        var trace: [CacheRequest] = []
        var table: [UInt64: Int32] = [:]
        var workingSet: Int64 = 0
        SyntheticTraceGenerator(kind: options.kind, requests: options.requests, seed: traceSeed).generate { row in
            let object: Int32
            if let known = table[row.file] { object = known } else {
                object = Int32(table.count)
                table[row.file] = object
                workingSet += row.size
            }
            trace.append(CacheRequest(time: Double(row.time), object: object, size: row.size, access: row.access,
                                      cpuTime: row.cpuTime, ioTime: row.ioTime, dataset: Int32(row.dataset)))
        }
        requests = trace
        position = 0
        steps = 0
        let capacity = max(1, Int64(Double(workingSet) * options.capacityFraction))
        simulator = CacheSimulator(policy: CachePolicy(eviction: .lru, admission: .external),
                                   configuration: CacheConfiguration(capacity: capacity))
        _ = advance()
        return Reset(observation: observation)
    }

    public mutating func step(_ action: [Double]) throws -> Step {
        guard action.count == 1 else { throw CacheEnvironmentError.wrongAction(action) }
        let choice = Int(action[0].rounded())
        guard choice >= 0, choice < (options.evictionActions ? 10 : 2) else { throw CacheEnvironmentError.wrongAction(action) }
        let eviction = choice / 2
        if eviction > 0 { simulator.evict(sizeBin: currentSizeBin, share: Self.evictionShares[eviction - 1]) }
        simulator.complete(admitting: choice % 2 == 1)
        steps += 1
        let more = advance()
        let reward = simulator.collectReward()
        var info = StepInfo()
        info.values["hit_ratio"] = simulator.metrics.hitRatio
        return Step(observation: observation, reward: reward, terminated: false,
                    truncated: !more || steps >= options.maxEpisodeSteps, info: info)
    }

    /// Plays requests until the next decision; `false` when the trace ended first.
    private mutating func advance() -> Bool {
        while position < requests.count {
            let request = requests[position]
            position += 1
            if let next = simulator.prepare(request) {
                currentSizeBin = AdmissionStateEncoder.sizeBin(of: next.size)
                next.vector(into: &observation)
                observation[0] = min(observation[0], 1_000)
                observation[1] = min(observation[1], 1e6)
                return true
            }
        }
        return false
    }
}

/// A malformed action for ``CacheEnvironment``.
public enum CacheEnvironmentError: Error, Sendable, Hashable, CustomStringConvertible {
    case wrongAction([Double])

    public var description: String {
        switch self {
        case let .wrongAction(action):
            "grid/Cache-v1 takes one action: 0 (skip) or 1 (store), plus 2 × 1…4 (evict one, a quarter, half, all of the file's category) with eviction_actions; got \(action)"
        }
    }
}
