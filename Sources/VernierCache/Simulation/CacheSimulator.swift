/// A trace-driven file cache: one eviction policy and one admission rule over a stream of requests, with the
/// tallies of the HEP cache metrics per day and overall.
///
/// Per request: a hit reads the file from the cache (`H`); a miss reads it through the link (`M`) and, if the
/// admission rule agrees and the file fits the cache at all, evicts files until it fits (`D`) and writes it
/// (`W`). A miss once `redirectFraction` of the day's bandwidth budget is spent is redirected: neither read
/// through the link nor stored. A request for a file larger than the cache is a miss that stores nothing
/// (libCacheSim's rule). Days are counted from the first request's time, 86 400 s each.
///
/// - Complexity: O(1) per request for LRU and FIFO (an intrusive list over dense object indices), O(log n) for
///   LFU, the size policies and Belady (an indexed heap), n the files in the cache; O(log d) for `dataset-crf`
///   (a heap of the d datasets with cached files). Per-file state lives in
///   flat arrays grown by doubling, so nothing is allocated per request once every file has been seen.
public struct CacheSimulator {
    public let policy: CachePolicy
    public let configuration: CacheConfiguration
    /// Bytes held now.
    public private(set) var occupied: Int64 = 0
    /// Files held now.
    public private(set) var cachedFiles = 0
    /// The whole run's counts so far (the sum of the days).
    public var total: CacheTally {
        var sum = CacheTally()
        for day in finishedDaily { sum.add(day) }
        return sum
    }
    private var requestsSoFar = 0, hitsSoFar = 0
    /// One tally per day that had requests, in order (the current day last).
    public private(set) var daily: [CacheTally] = []
    /// The day number (from the first request) of each entry of `daily`.
    public private(set) var dayNumbers: [Int] = []
    /// Bytes held at the end of each day of `daily` but the current one (whose end is ``occupied`` now).
    private var closedDaysOccupied: [Int64] = []
    /// Weight of the reward of a skip whose file came back too soon (−weight × size): below 1 a missed hit
    /// counts for less than a wasted write, which costs its write and later its deletion. Default 1 (SCDL).
    public var skipRegretWeight = 1.0
    /// Reward collected for `.external` decisions since the last ``collectReward()``.
    public private(set) var pendingReward = 0.0

    /// Per-file state, side by side so a request touches one cache line (it was six arrays, six misses).
    struct FileState {
        /// Bytes held in the cache, 0 when not cached.
        var storedSize: Int64 = 0
        /// The size at the last request.
        var lastSize: Int64 = 0
        /// Time of the last request, −∞ before the first.
        var lastRequest: Double = -.infinity
        /// Requests so far.
        var requestCount: Int32 = 0
        /// Neighbours in the eviction (LRU/FIFO) list, −1 at the ends or when not listed.
        var previous: Int32 = -1
        var following: Int32 = -1
    }

    // Per-file state, indexed by the dense object index.
    private var files: [FileState] = []
    private var frequency: [UInt64] = []
    // Pending admission decisions (learning and external only): state, whether stored, skip horizon (time).
    private var decisionState: [Int32] = []
    private var decisionStored: [Bool] = []
    private var decisionHorizon: [Double] = []
    private let tracksDecisions: Bool

    private var listHead: Int32 = -1, listTail: Int32 = -1
    private var heap = IndexedMinHeap()
    /// `dataset-crf` only: the files' datasets (``DatasetGroups``).
    private var groups = DatasetGroups()
    private var sequence: UInt64 = 0
    /// LFU-DA's age L: the key of the last file evicted.
    private var age: UInt64 = 0
    private var firstTime: Double?
    private var currentDay = Int.min
    private var today = CacheTally()
    private let bytesPerDay: Double?
    private let redirectBytes: Double
    private let encoder = AdmissionStateEncoder()
    // The miss between prepare and complete.
    private var preparedRequest: CacheRequest?
    private var preparedState = -1
    private var preparedPreviousTime = -Double.infinity
    // The current day's span [dayStart, dayEnd) in trace time (s).
    private var dayStart = Double.infinity, dayEnd = -Double.infinity

    public init(policy: CachePolicy, configuration: CacheConfiguration) {
        self.policy = policy
        self.configuration = configuration
        bytesPerDay = configuration.bandwidth?.bytesPerDay
        redirectBytes = (configuration.bandwidth?.bytesPerDay ?? .infinity) * configuration.redirectFraction
        switch policy.admission {
        case .learning, .external: tracksDecisions = true
        default: tracksDecisions = false
        }
    }

    /// The run's metrics so far (the current day included).
    public var metrics: CacheMetrics {
        CacheMetrics(total: total, daily: finishedDaily, capacity: configuration.capacity, bytesPerDay: bytesPerDay)
    }

    /// Each day's metrics so far, in order.
    public var dailyMetrics: [(day: Int, metrics: CacheMetrics)] {
        zip(dayNumbers, finishedDaily).map {
            ($0, CacheMetrics(tally: $1, capacity: configuration.capacity, bytesPerDay: bytesPerDay))
        }
    }

    /// The fraction of the capacity held at the end of each day of ``daily`` (the current day: now), in [0, 1]
    /// (a watermark or a full cache keeps it at or below 1); one value per entry of ``dailyMetrics``.
    public var dailyOccupancy: [Double] {
        guard !daily.isEmpty else { return [] }
        let capacity = Double(configuration.capacity)
        return (closedDaysOccupied + [occupied]).map { Double($0) / capacity }
    }

    private var finishedDaily: [CacheTally] {
        var days = daily
        if !days.isEmpty { days[days.count - 1] = today }
        return days
    }

    /// Whether the file with dense index `object` is in the cache.
    public func contains(_ object: Int32) -> Bool {
        Int(object) < files.count && files[Int(object)].storedSize > 0
    }

    /// Simulates one request, deciding admission by the policy's rule.
    public mutating func process(_ request: CacheRequest) {
        if case .always = policy.admission {
            // The common case needs no observation.
            if serve(request) { complete(admitting: true) }
            return
        }
        guard let observation = prepare(request) else { return }
        let admit: Bool
        switch policy.admission {
        case .always, .external: admit = true
        case let .secondHit(window):
            admit = observation.requestCount > 1 && observation.timeSinceLastRequest <= window
        case let .sizeAtMost(bytes): admit = request.size <= bytes
        case let .learned(table): admit = table.admits(observation)
        case let .learning(learner): admit = learner.admits(state: preparedState)
        }
        complete(admitting: admit)
    }

    /// Starts a request: counts it, serves a hit, and returns the observation when it is a miss that needs an
    /// admission decision (then call ``complete(admitting:)`` before the next request); `nil` when the request
    /// is done (a hit, a redirected miss, or a file larger than the cache).
    public mutating func prepare(_ request: CacheRequest) -> AdmissionObservation? {
        guard serve(request) else { return nil }
        let object = Int(request.object)
        let observation = AdmissionObservation(
            size: request.size, requestCount: files[object].requestCount,
            timeSinceLastRequest: preparedPreviousTime.isFinite ? request.time - preparedPreviousTime : .infinity,
            occupancy: Double(occupied) / Double(configuration.capacity),
            hitRate: Double(hitsSoFar) / Double(requestsSoFar))
        preparedState = tracksDecisions ? encoder.state(of: observation) : -1
        return observation
    }

    /// Counts `request` and serves it if it hits; `true` for a miss that could be stored (then `preparedRequest`
    /// holds it until ``complete(admitting:)``).
    private mutating func serve(_ request: CacheRequest) -> Bool {
        precondition(preparedRequest == nil, "complete(admitting:) the previous miss first")
        let object = Int(request.object)
        grow(to: object + 1)
        if !(request.time >= dayStart && request.time < dayEnd) { enterDay(of: request.time) }
        var file = files[object]
        let previousTime = file.lastRequest
        file.requestCount &+= 1
        file.lastRequest = request.time
        file.lastSize = request.size
        files[object] = file
        if policy.eviction == .datasetCRF {
            groups.request(object: request.object, dataset: request.dataset, at: request.time,
                           timescale: policy.datasetTimescale, cached: file.storedSize > 0)
        }
        today.requests += 1
        today.bytesRequested += request.size
        requestsSoFar += 1
        let hasCPU = request.cpuTime + request.ioTime > 0
        let isHit = file.storedSize > 0
        if tracksDecisions, decisionState[object] >= 0 { resolveDecision(object, at: request.time, hit: isHit) }

        if isHit {
            today.hits += 1
            today.bytesHit += request.size
            today.readOnHit += request.size
            if hasCPU {
                today.cpuRequests += 1
                today.cpuEfficiencySum += 100 * request.cpuTime / (request.cpuTime + request.ioTime)
                    + (request.access == .remote ? configuration.cpuEfficiencyDelta : 0)
            }
            touch(Int32(object), nextAccess: request.nextAccess)
            hitsSoFar += 1
            return false
        }
        if hasCPU {
            today.cpuRequests += 1
            today.cpuEfficiencySum += 100 * request.cpuTime / (request.cpuTime + request.ioTime)
                - (request.access == .local ? configuration.cpuEfficiencyDelta : 0)
        }
        if Double(today.readOnMiss) >= redirectBytes {
            today.redirected += 1
            return false
        }
        today.readOnMiss += request.size
        guard request.size <= configuration.capacity else { return false }
        preparedRequest = request
        preparedPreviousTime = previousTime
        return true
    }

    /// Finishes the miss ``prepare(_:)`` returned an observation for: stores the file (evicting as needed) or
    /// skips it.
    public mutating func complete(admitting admit: Bool) {
        guard let request = preparedRequest else { return }
        preparedRequest = nil
        let object = Int(request.object)
        if tracksDecisions {
            decisionState[object] = Int32(preparedState)
            decisionStored[object] = admit
            // A skip was right if the file does not come back before the cache would have evicted it: the LRU
            // list's age (time since its oldest file was last requested), or forever while the cache has room.
            let full = Double(occupied + request.size) > Double(configuration.capacity)
            decisionHorizon[object] = full && listHead >= 0
                ? request.time + (request.time - files[Int(listHead)].lastRequest) : .infinity
        }
        guard admit else { return }
        while occupied + request.size > configuration.capacity { evictOne() }
        insert(request)
        if let high = configuration.highWatermark, let low = configuration.lowWatermark,
           Double(occupied) > high * Double(configuration.capacity) {
            while Double(occupied) > low * Double(configuration.capacity) && cachedFiles > 0 { evictOne() }
        }
    }

    /// Returns and clears the reward earned by `.external` decisions since the last call.
    public mutating func collectReward() -> Double {
        defer { pendingReward = 0 }
        return pendingReward
    }

    /// Ends learning: every skip still pending was right (the file did not come back), and earns its reward.
    public mutating func resolvePendingSkips() {
        guard tracksDecisions else { return }
        for object in decisionState.indices where decisionState[object] >= 0 && !decisionStored[object] {
            reward(object, Double(storedSizeOrRequested(object)) / 1e9)
            decisionState[object] = -1
        }
    }

    // MARK: - Decisions and their delayed, size-weighted rewards (SCDL)

    private mutating func resolveDecision(_ object: Int, at time: Double, hit: Bool) {
        let gigabytes = Double(storedSizeOrRequested(object)) / 1e9
        if decisionStored[object] {
            // Stored and requested again while still held: the write paid off.
            reward(object, hit ? gigabytes : -gigabytes)
        } else {
            reward(object, time <= decisionHorizon[object] ? -skipRegretWeight * gigabytes : gigabytes)
        }
        decisionState[object] = -1
    }

    private func storedSizeOrRequested(_ object: Int) -> Int64 {
        files[object].storedSize > 0 ? files[object].storedSize : files[object].lastSize
    }

    private mutating func reward(_ object: Int, _ value: Double) {
        let state = Int(decisionState[object])
        switch policy.admission {
        case let .learning(learner): learner.learn(state: state, admitted: decisionStored[object], reward: value)
        default: pendingReward += value
        }
    }


    // MARK: - Days

    private mutating func enterDay(of time: Double) {
        let origin = firstTime ?? time
        if firstTime == nil { firstTime = time }
        let day = Int(((time - origin) / 86_400).rounded(.down))
        dayStart = origin + Double(day) * 86_400
        dayEnd = dayStart + 86_400
        guard day != currentDay else { return }
        if !daily.isEmpty {
            daily[daily.count - 1] = today
            // The request that starts the new day is not served yet: the cache is as the last day left it.
            closedDaysOccupied.append(occupied)
        }
        today = CacheTally()
        daily.append(today)
        dayNumbers.append(day)
        currentDay = day
    }

    private mutating func grow(to count: Int) {
        guard files.count < count else { return }
        let grown = max(count, files.count * 2, 1024)
        let extra = grown - files.count
        files.append(contentsOf: repeatElement(FileState(), count: extra))
        if policy.eviction.usesFileHeap {
            heap.reserve(objects: grown)
            if policy.eviction == .lfu || policy.eviction == .lfuda { frequency.append(contentsOf: repeatElement(0, count: extra)) }
        }
        if policy.eviction == .datasetCRF { groups.reserve(files: grown) }
        if tracksDecisions {
            decisionState.append(contentsOf: repeatElement(-1, count: extra))
            decisionStored.append(contentsOf: repeatElement(false, count: extra))
            decisionHorizon.append(contentsOf: repeatElement(.infinity, count: extra))
        }
    }

    // MARK: - Eviction structures

    private var keepsList: Bool { policy.eviction.usesList || tracksDecisions }

    private mutating func insert(_ request: CacheRequest) {
        let object = request.object
        files[Int(object)].storedSize = request.size
        files[Int(object)].lastSize = request.size
        occupied += request.size
        cachedFiles += 1
        today.written += request.size
        if keepsList { append(object) }
        sequence &+= 1
        switch policy.eviction {
        case .lru, .fifo: break
        case .lfu:
            frequency[Int(object)] = 1
            heap.insert(object, primary: 1, secondary: sequence)
        case .lfuda:
            frequency[Int(object)] = 1
            heap.insert(object, primary: age + 1, secondary: sequence)
        case .sizeBig: heap.insert(object, primary: UInt64.max - UInt64(request.size), secondary: sequence)
        case .sizeSmall: heap.insert(object, primary: UInt64(request.size), secondary: sequence)
        case .belady: heap.insert(object, primary: Self.beladyKey(request.nextAccess), secondary: sequence)
        case .datasetCRF: groups.insert(object)
        }
    }

    /// Belady evicts the furthest next access first: the heap's minimum is the largest next-access time.
    private static func beladyKey(_ nextAccess: Int64) -> UInt64 {
        precondition(nextAccess != CacheRequest.unknownNextAccess, "Belady needs next-access times (annotate the trace)")
        return UInt64(Int64.max - nextAccess)
    }

    private mutating func touch(_ object: Int32, nextAccess: Int64) {
        if policy.eviction == .lru || (tracksDecisions && policy.eviction != .fifo) {
            unlink(object)
            append(object)
        }
        switch policy.eviction {
        case .lfu:
            sequence &+= 1
            frequency[Int(object)] += 1
            heap.update(object, primary: frequency[Int(object)], secondary: sequence)
        case .lfuda:
            sequence &+= 1
            frequency[Int(object)] += 1
            heap.update(object, primary: frequency[Int(object)] + age, secondary: sequence)
        case .belady:
            sequence &+= 1
            heap.update(object, primary: Self.beladyKey(nextAccess), secondary: sequence)
        default: break
        }
    }

    private mutating func evictOne() {
        let victim: Int32
        if policy.eviction.usesList {
            victim = listHead
        } else if policy.eviction == .datasetCRF {
            guard let file = groups.victim else { return }
            victim = file
        } else {
            guard let minimum = heap.minimum else { return }
            victim = minimum
            if policy.eviction == .lfuda { age = heap.primaryKey(of: minimum) }
        }
        guard victim >= 0 else { return }
        remove(victim)
    }

    /// Deletes the least recently used cached files whose size falls in ``AdmissionStateEncoder`` size bin
    /// `sizeBin`: one of them (`share == nil`) or the given share of them, rounded up (SCDL2's eviction actions:
    /// delete one, a quarter, half, all of a file category). Needs the LRU list (LRU eviction, or a learning or
    /// external admission). Returns the number of files deleted.
    /// - Complexity: O(files in the cache).
    @discardableResult
    public mutating func evict(sizeBin: Int, share: Double?) -> Int {
        guard keepsList else { return 0 }
        var members: [Int32] = []
        var cursor = listHead
        while cursor >= 0 {
            if AdmissionStateEncoder.sizeBin(of: files[Int(cursor)].storedSize) == sizeBin { members.append(cursor) }
            cursor = files[Int(cursor)].following
        }
        let count = share.map { min(members.count, Int((Double(members.count) * $0).rounded(.up))) } ?? min(1, members.count)
        for object in members.prefix(count) { remove(object) }
        return count
    }

    /// Removes a cached file from every structure, counting it as deleted.
    private mutating func remove(_ victim: Int32) {
        if policy.eviction.usesFileHeap { heap.remove(victim) }
        if policy.eviction == .datasetCRF { groups.remove(victim) }
        if keepsList { unlink(victim) }
        let object = Int(victim)
        let size = files[object].storedSize
        files[object].storedSize = 0
        occupied -= size
        cachedFiles -= 1
        today.deleted += size
        if tracksDecisions, decisionState[object] >= 0, decisionStored[object] {
            // Evicted before it was requested again: the write was wasted.
            reward(object, -Double(size) / 1e9)
            decisionState[object] = -1
        }
    }

    private mutating func append(_ object: Int32) {
        let o = Int(object)
        files[o].previous = listTail
        files[o].following = -1
        if listTail >= 0 { files[Int(listTail)].following = object } else { listHead = object }
        listTail = object
    }

    private mutating func unlink(_ object: Int32) {
        let o = Int(object)
        let before = files[o].previous, after = files[o].following
        if before >= 0 { files[Int(before)].following = after } else { listHead = after }
        if after >= 0 { files[Int(after)].previous = before } else { listTail = before }
        files[o].previous = -1
        files[o].following = -1
    }
}
