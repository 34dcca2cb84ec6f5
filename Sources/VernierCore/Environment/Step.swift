/// The result of one `Environment.step`, with Gymnasium 1.x's five fields.
public struct Step: Sendable, Hashable, Codable {
    /// The observation after the action.
    public var observation: [Double]
    /// The reward for the transition.
    public var reward: Double
    /// The task reached a terminal state (success or failure): there is no future to bootstrap from.
    public var terminated: Bool
    /// Something outside the task (a time limit) cut the episode: the state is not terminal, and a learner
    /// must bootstrap from it.
    public var truncated: Bool
    /// Auxiliary information about the step.
    public var info: StepInfo

    public init(observation: [Double], reward: Double, terminated: Bool, truncated: Bool, info: StepInfo = StepInfo()) {
        self.observation = observation
        self.reward = reward
        self.terminated = terminated
        self.truncated = truncated
        self.info = info
    }

    /// Whether the episode is over, for either reason.
    public var isDone: Bool { terminated || truncated }
}

/// The result of `Environment.reset`: the first observation and its information.
public struct Reset: Sendable, Hashable, Codable {
    public var observation: [Double]
    public var info: StepInfo

    public init(observation: [Double], info: StepInfo = StepInfo()) {
        self.observation = observation
        self.info = info
    }
}
