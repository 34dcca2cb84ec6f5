import VernierCore

/// `count` copies of an environment stepped in lockstep with automatic reset: SB3's `DummyVecEnv` (and
/// Gymnasium's `SyncVectorEnv` in its same-step autoreset mode).
///
/// After ``step(_:)``, ``observations`` holds each copy's next observation — the first observation of a new
/// episode where the copy's episode just ended — and ``finalObservations`` keeps the last observation of the
/// ended episode, which a learner needs to bootstrap a truncated episode's value. Everything lives in flat
/// buffers made once; a step allocates nothing beyond what the plants themselves do.
///
/// Generic over the environment type so that the hot loop calls the plant directly, without an existential.
public struct VectorEnvironment<Env: Environment> {
    /// The copies.
    public private(set) var environments: [Env]
    /// Number of copies.
    public var count: Int { environments.count }
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
    /// Last observation of the episode that ended at the last step (valid where ``isDone`` is true).
    public private(set) var finalObservations: [Double]
    /// Reward of each copy at the last step.
    public private(set) var rewards: [Double]
    /// Whether each copy's episode terminated at the last step.
    public private(set) var terminated: [Bool]
    /// Whether each copy's episode was truncated at the last step.
    public private(set) var truncated: [Bool]
    /// The info of each copy's last step (before any automatic reset).
    public private(set) var infos: [StepInfo]
    /// Recent finished episodes (raw rewards).
    public var episodes = EpisodeStatistics()

    private var actionBuffers: [[Double]]
    private var runningReturns: [Double]
    private var runningLengths: [Int]
    /// Whether each copy's running episode has reported success (`nil` while its plant reported none).
    private var runningSuccesses: [Bool?]

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
        self.environments = environments
        observationSpace = first.observationSpace
        actionSpace = first.actionSpace
        observationCount = first.observationSpace.elementCount
        actionCount = first.actionSpace.elementCount
        let n = environments.count
        observations = Array(repeating: 0, count: n * observationCount)
        finalObservations = Array(repeating: 0, count: n * observationCount)
        rewards = Array(repeating: 0, count: n)
        terminated = Array(repeating: false, count: n)
        truncated = Array(repeating: false, count: n)
        infos = Array(repeating: StepInfo(), count: n)
        actionBuffers = Array(repeating: Array(repeating: 0, count: actionCount), count: n)
        runningReturns = Array(repeating: 0, count: n)
        runningLengths = Array(repeating: 0, count: n)
        runningSuccesses = Array(repeating: nil, count: n)
    }

    /// Whether copy `index`'s episode ended at the last step.
    public func isDone(_ index: Int) -> Bool { terminated[index] || truncated[index] }

    /// Resets every copy: copy `i` with `seed + i` (SB3's `VecEnv.seed` convention), or unseeded for `nil`.
    public mutating func reset(seed: UInt64?) throws {
        for index in 0..<count {
            let observation = try environments[index].reset(seed: seed.map { $0 &+ UInt64(index) }, options: nil).observation
            try Self.store(observation, at: index, into: &observations, observationCount: observationCount)
            runningReturns[index] = 0
            runningLengths[index] = 0
            runningSuccesses[index] = nil
            terminated[index] = false
            truncated[index] = false
        }
    }

    /// Steps every copy with its action (`count × actionCount`, row-major, already inside the action space),
    /// resetting each copy whose episode ends.
    public mutating func step(_ actions: UnsafePointer<Double>) throws {
        for index in 0..<count {
            for element in 0..<actionCount {
                actionBuffers[index][element] = actions[index * actionCount + element]
            }
            // The step's observation may share the plant's own buffer: let go of it (end of this `do`) before
            // the reset writes that buffer, or the plant would copy it (copy-on-write) at every episode end.
            let isDone: Bool
            do {
                let step = try environments[index].step(actionBuffers[index])
                rewards[index] = step.reward
                terminated[index] = step.terminated
                truncated[index] = step.truncated
                infos[index] = step.info
                runningReturns[index] += step.reward
                runningLengths[index] += 1
                if let success = step.info.isSuccess { runningSuccesses[index] = (runningSuccesses[index] ?? false) || success }
                isDone = step.isDone
                if isDone {
                    try Self.store(step.observation, at: index, into: &finalObservations, observationCount: observationCount)
                } else {
                    try Self.store(step.observation, at: index, into: &observations, observationCount: observationCount)
                }
            }
            if isDone {
                episodes.record(return: runningReturns[index], length: runningLengths[index],
                                success: runningSuccesses[index])
                runningReturns[index] = 0
                runningLengths[index] = 0
                runningSuccesses[index] = nil
                let observation = try environments[index].reset(seed: nil, options: nil).observation
                try Self.store(observation, at: index, into: &observations, observationCount: observationCount)
            }
        }
    }

    /// Closes every copy.
    public mutating func close() throws {
        for index in 0..<count { try environments[index].close() }
    }

    /// Copies `observation` into row `index` of `buffer`. Static on purpose: a method on `self` would hold a
    /// copy of `self` — and so a second reference to `buffer` — for the call, and the write would copy the
    /// whole buffer (copy-on-write) on every step.
    private static func store(
        _ observation: [Double], at index: Int, into buffer: inout [Double], observationCount: Int
    ) throws(VectorEnvironmentError) {
        guard observation.count == observationCount else {
            throw .wrongObservationCount(expected: observationCount, got: observation.count)
        }
        let base = index * observationCount
        for element in 0..<observationCount { buffer[base + element] = observation[element] }
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
