import VernierCore

/// One copy of a ``VectorEnvironment`` with everything its step reads and writes — the plant, its action, its
/// observations, its flags and its running episode — so that copies can step on different threads without
/// sharing anything. ``step()`` never throws: a failure is kept in ``failure`` for the vector to raise.
struct VectorEnvironmentCopy<Env: Environment> {
    /// The plant.
    var environment: Env
    /// The action for the next step (`actionCount` elements), written by the vector before the step.
    var action: [Double]
    /// The observation after the last step: the first of a new episode where the episode just ended.
    var observation: [Double]
    /// The last observation of the episode that ended at the last step (valid where ``isDone`` is true).
    var finalObservation: [Double]
    /// Reward of the last step.
    var reward = 0.0
    /// Whether the episode terminated at the last step.
    var terminated = false
    /// Whether the episode was truncated at the last step.
    var truncated = false
    /// The info of the last step (before any automatic reset).
    var info = StepInfo()
    /// Undiscounted raw return of the running episode.
    var runningReturn = 0.0
    /// Steps of the running episode.
    var runningLength = 0
    /// Whether the running episode has reported success (`nil` while the plant reported none).
    var runningSuccess: Bool?
    /// The episode that ended at the last step, for the vector to record in copy order.
    var finishedEpisode: (return: Double, length: Int, success: Bool?)?
    /// What went wrong in the last step or reset, for the vector to throw.
    var failure: (any Error)?

    /// A copy around `environment` with buffers for observations of `observationCount` and actions of
    /// `actionCount` elements.
    init(_ environment: Env, observationCount: Int, actionCount: Int) {
        self.environment = environment
        action = Array(repeating: 0, count: actionCount)
        observation = Array(repeating: 0, count: observationCount)
        finalObservation = Array(repeating: 0, count: observationCount)
    }

    /// Whether the episode ended at the last step.
    var isDone: Bool { terminated || truncated }

    /// Resets the plant (with `seed`, or continuing its stream for `nil`) and starts a new running episode.
    mutating func reset(seed: UInt64?) throws {
        let observation = try environment.reset(seed: seed, options: nil).observation
        try Self.store(observation, into: &self.observation)
        runningReturn = 0
        runningLength = 0
        runningSuccess = nil
        terminated = false
        truncated = false
        finishedEpisode = nil
    }

    /// Steps the plant with ``action`` and resets it where the episode ends, keeping any error in ``failure``.
    /// Touches nothing outside this copy, so copies may step at the same time on different threads.
    mutating func step() {
        finishedEpisode = nil
        do {
            // The step's observation may share the plant's own buffer: let go of it (end of this `do`) before
            // the reset writes that buffer, or the plant would copy it (copy-on-write) at every episode end.
            let isDone: Bool
            do {
                let step = try environment.step(action)
                reward = step.reward
                terminated = step.terminated
                truncated = step.truncated
                info = step.info
                runningReturn += step.reward
                runningLength += 1
                if let success = step.info.isSuccess { runningSuccess = (runningSuccess ?? false) || success }
                isDone = step.isDone
                if isDone {
                    try Self.store(step.observation, into: &finalObservation)
                } else {
                    try Self.store(step.observation, into: &observation)
                }
            }
            if isDone {
                finishedEpisode = (runningReturn, runningLength, runningSuccess)
                runningReturn = 0
                runningLength = 0
                runningSuccess = nil
                let observation = try environment.reset(seed: nil, options: nil).observation
                try Self.store(observation, into: &self.observation)
            }
        } catch {
            failure = error
        }
    }

    /// Copies `observation` into `buffer` (same size, or an error naming both sizes).
    private static func store(_ observation: [Double], into buffer: inout [Double]) throws(VectorEnvironmentError) {
        guard observation.count == buffer.count else {
            throw .wrongObservationCount(expected: buffer.count, got: observation.count)
        }
        for element in 0..<buffer.count { buffer[element] = observation[element] }
    }
}
