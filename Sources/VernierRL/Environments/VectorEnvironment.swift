import VernierCore

/// `count` copies of an environment stepped in lockstep with automatic reset: SB3's `DummyVecEnv` (and
/// Gymnasium's `SyncVectorEnv` in its same-step autoreset mode), optionally on several threads.
///
/// After ``step(_:)``, ``observations`` holds each copy's next observation — the first observation of a new
/// episode where the copy's episode just ended — and ``finalObservations`` keeps the last observation of the
/// ended episode, which a learner needs to bootstrap a truncated episode's value. Everything lives in buffers
/// made once; a step on one thread allocates nothing beyond what the plants themselves do.
///
/// With ``threadCount`` above one, contiguous slices of the copies step at the same time on different threads.
/// Each copy owns its plant, its generator and its buffers (``VectorEnvironmentCopy``), its results go to its own
/// slot, and the shared results (the flat buffers, the episode statistics) are filled afterwards in copy order:
/// the results are the same, bit for bit, whatever the thread count. The copies must not share mutable state
/// (the plant registry's factories make independent plants).
///
/// Generic over the environment type so that the hot loop calls the plant directly, without an existential.
public struct VectorEnvironment<Env: Environment> {
    /// The copies, each with its buffers.
    private var copies: [VectorEnvironmentCopy<Env>]
    /// The plants.
    public var environments: [Env] { copies.map(\.environment) }
    /// Number of copies.
    public var count: Int { copies.count }
    /// Threads that step the copies (≥ 1; more than ``count`` are not used). Does not change any result.
    public var threadCount = 1 {
        didSet { threadCount = max(1, threadCount) }
    }
    /// Elements of one observation.
    public let observationCount: Int
    /// Elements of one action.
    public let actionCount: Int
    /// The copies' common action space.
    public let actionSpace: Space
    /// The copies' common observation space.
    public let observationSpace: Space
    /// Current observation of each copy, `count × observationCount`, row-major.
    public private(set) var observations: [Double]
    /// Last observation of the episode that ended at the last step (valid where ``isDone(_:)`` is true).
    public private(set) var finalObservations: [Double]
    /// Reward of each copy at the last step.
    public private(set) var rewards: [Double]
    /// Whether each copy's episode terminated at the last step.
    public private(set) var terminated: [Bool]
    /// Whether each copy's episode was truncated at the last step.
    public private(set) var truncated: [Bool]
    /// The info of each copy's last step (before any automatic reset).
    public private(set) var infos: [StepInfo]
    /// Recent finished episodes (raw rewards), recorded in copy order at each step.
    public var episodes = EpisodeStatistics()

    /// Wraps `environments` (at least one), which must share observation and action spaces.
    ///
    /// - Throws: ``VectorEnvironmentError`` when there are none or their spaces differ.
    public init(_ environments: [Env]) throws(VectorEnvironmentError) {
        guard let first = environments.first else { throw .empty }
        for (index, environment) in environments.enumerated().dropFirst() {
            guard environment.observationSpace == first.observationSpace, environment.actionSpace == first.actionSpace else {
                throw .spacesDiffer(index: index)
            }
        }
        observationSpace = first.observationSpace
        actionSpace = first.actionSpace
        let observationCount = first.observationSpace.elementCount
        let actionCount = first.actionSpace.elementCount
        self.observationCount = observationCount
        self.actionCount = actionCount
        copies = environments.map { VectorEnvironmentCopy($0, observationCount: observationCount, actionCount: actionCount) }
        let n = environments.count
        observations = Array(repeating: 0, count: n * observationCount)
        finalObservations = Array(repeating: 0, count: n * observationCount)
        rewards = Array(repeating: 0, count: n)
        terminated = Array(repeating: false, count: n)
        truncated = Array(repeating: false, count: n)
        infos = Array(repeating: StepInfo(), count: n)
    }

    /// Whether copy `index`'s episode ended at the last step.
    public func isDone(_ index: Int) -> Bool { terminated[index] || truncated[index] }

    /// Resets every copy: copy `i` with `seed + i` (SB3's `VecEnv.seed` convention), or unseeded for `nil`.
    public mutating func reset(seed: UInt64?) throws {
        for index in 0..<count {
            try copies[index].reset(seed: seed.map { $0 &+ UInt64(index) })
            Self.copyRow(copies[index].observation, row: index, into: &observations)
            terminated[index] = false
            truncated[index] = false
        }
    }

    /// Steps every copy with its action (`count × actionCount`, row-major, already inside the action space),
    /// resetting each copy whose episode ends; on ``threadCount`` threads.
    ///
    /// - Throws: the error of the lowest-numbered copy that failed (the others have stepped; the vector's
    ///   results are then not to be used).
    public mutating func step(_ actions: UnsafePointer<Double>) throws {
        let n = count
        for index in 0..<n {
            for element in 0..<actionCount {
                copies[index].action[element] = actions[index * actionCount + element]
            }
        }
        let threads = threadCount
        copies.withUnsafeMutableBufferPointer { buffer in
            let slots = DisjointSlots(buffer)
            ParallelSlices.run(count: slots.count, threads: threads) { range in
                for index in range { slots[index].step() }
            }
        }
        // The shared results, in copy order: the same whatever the thread count.
        for index in 0..<n {
            if let failure = copies[index].failure {
                copies[index].failure = nil
                throw failure
            }
            rewards[index] = copies[index].reward
            terminated[index] = copies[index].terminated
            truncated[index] = copies[index].truncated
            infos[index] = copies[index].info
            if copies[index].isDone {
                Self.copyRow(copies[index].finalObservation, row: index, into: &finalObservations)
            }
            Self.copyRow(copies[index].observation, row: index, into: &observations)
            if let episode = copies[index].finishedEpisode {
                episodes.record(return: episode.return, length: episode.length, success: episode.success)
            }
        }
    }

    /// Closes every copy.
    public mutating func close() throws {
        for index in 0..<count { try copies[index].environment.close() }
    }

    /// Copies `row` (of ``observationCount`` elements, checked when the copy stored it) into row `index` of
    /// `buffer`. Static on purpose: a method on `self` would hold a copy of `self` — and so a second reference to
    /// `buffer` — for the call, and the write would copy the whole buffer (copy-on-write) on every step.
    private static func copyRow(_ row: [Double], row index: Int, into buffer: inout [Double]) {
        let base = index * row.count
        for element in 0..<row.count { buffer[base + element] = row[element] }
    }
}

/// Environments that cannot be vectorised.
public enum VectorEnvironmentError: Error, Equatable, CustomStringConvertible {
    /// No environment was given.
    case empty
    /// Copy `index` has other spaces than copy 0.
    case spacesDiffer(index: Int)
    /// A plant returned an observation of the wrong size.
    case wrongObservationCount(expected: Int, got: Int)

    public var description: String {
        switch self {
        case .empty: "a vector environment needs at least one copy"
        case .spacesDiffer(let index): "environment copy \(index) has other observation or action spaces than copy 0"
        case .wrongObservationCount(let expected, let got):
            "the plant returned an observation of \(got) elements; its observation space has \(expected)"
        }
    }
}
