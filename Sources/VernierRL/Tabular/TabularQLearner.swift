import VernierMath

/// Tabular Q-learning with ε-greedy exploration (Watkins 1989; the learner of SCDL, Tracolli et al. 2020).
///
/// `Q(s, a) ← Q(s, a) + α (r + γ max_a′ Q(s′, a′) − Q(s, a))`; with `nextState == nil` (a reward that closes
/// the decision, as SCDL's delayed rewards do) the target is `r` alone. Knows nothing of what the states mean.
public struct TabularQLearner: Sendable, Hashable, Codable {
    /// Hyperparameters (defaults suit delayed, noisy, bandit-like rewards such as cache admission's).
    public struct Configuration: Sendable, Hashable, Codable {
        /// Learning rate α, in (0, 1].
        public var learningRate = 0.1
        /// Discount γ, in [0, 1].
        public var discount = 0.0
        /// Initial exploration rate ε, in [0, 1].
        public var initialEpsilon = 1.0
        /// Smallest exploration rate.
        public var minimumEpsilon = 0.1
        /// ε is multiplied by this after each decision, in (0, 1].
        public var epsilonDecay = 0.99995

        public init() {}
    }

    public let configuration: Configuration
    public let stateCount: Int
    public let actionCount: Int
    /// Q values, row-major `[state × actionCount + action]`.
    public private(set) var values: [Double]
    /// Updates per state.
    public private(set) var visits: [Int]
    /// The current exploration rate.
    public private(set) var epsilon: Double
    private var generator: SeededGenerator

    public init(stateCount: Int, actionCount: Int, configuration: Configuration = Configuration(), seed: UInt64) {
        self.configuration = configuration
        self.stateCount = stateCount
        self.actionCount = actionCount
        values = Array(repeating: 0, count: stateCount * actionCount)
        visits = Array(repeating: 0, count: stateCount)
        epsilon = configuration.initialEpsilon
        generator = SeededGenerator(seed: seed)
    }

    /// The action with the highest value in `state` (the lowest index among ties).
    public func greedyAction(_ state: Int) -> Int {
        var best = 0
        for action in 1..<actionCount where values[state * actionCount + action] > values[state * actionCount + best] {
            best = action
        }
        return best
    }

    /// An ε-greedy action in `state`; decays ε.
    public mutating func chooseAction(_ state: Int) -> Int {
        defer { epsilon = max(configuration.minimumEpsilon, epsilon * configuration.epsilonDecay) }
        if generator.nextUnit() < epsilon { return Int(generator.next() % UInt64(actionCount)) }
        return greedyAction(state)
    }

    /// One Q-learning update of `(state, action)` towards `reward` (+ γ max Q(nextState) when given).
    public mutating func update(state: Int, action: Int, reward: Double, nextState: Int? = nil) {
        let index = state * actionCount + action
        var target = reward
        if let nextState { target += configuration.discount * values[nextState * actionCount + greedyAction(nextState)] }
        values[index] += configuration.learningRate * (target - values[index])
        visits[state] += 1
    }
}
