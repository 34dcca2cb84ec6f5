import Testing
@testable import VernierRL

/// Tabular Q-learning updates, checked by hand.
struct TabularQLearnerTests {
    // α = 0.1: one reward of 1 moves Q from 0 to 0.1; a second to 0.19.
    @Test func updateMovesTowardsTheReward() {
        var learner = TabularQLearner(stateCount: 3, actionCount: 2, seed: 1)
        learner.update(state: 1, action: 1, reward: 1)
        #expect(learner.values == [0, 0, 0, 0.1, 0, 0])
        learner.update(state: 1, action: 1, reward: 1)
        #expect(abs(learner.values[3] - 0.19) < 1e-15)
        #expect(learner.visits == [0, 2, 0])
        #expect(learner.greedyAction(1) == 1)
        #expect(learner.greedyAction(0) == 0)
    }

    // With γ = 0.5 the target adds half the next state's best value: Q(2, ·) = [0, 1] → target r + 0.5.
    @Test func bootstrapsFromTheNextState() {
        var configuration = TabularQLearner.Configuration()
        configuration.learningRate = 1
        configuration.discount = 0.5
        var learner = TabularQLearner(stateCount: 3, actionCount: 2, configuration: configuration, seed: 1)
        learner.update(state: 2, action: 1, reward: 1)
        learner.update(state: 0, action: 0, reward: 2, nextState: 2)
        #expect(learner.values[0] == 2.5)
    }

    // ε decays geometrically to its floor; with ε at the floor 0, choices are greedy.
    @Test func explorationDecaysToGreedy() {
        var configuration = TabularQLearner.Configuration()
        configuration.initialEpsilon = 1
        configuration.minimumEpsilon = 0
        configuration.epsilonDecay = 0.5
        var learner = TabularQLearner(stateCount: 1, actionCount: 2, configuration: configuration, seed: 7)
        learner.update(state: 0, action: 1, reward: 1)
        for _ in 0..<60 { _ = learner.chooseAction(0) }
        #expect(learner.epsilon < 1e-15)
        #expect((0..<100).allSatisfy { _ in learner.chooseAction(0) == 1 })
    }
}
