import VernierCache
import VernierRL

/// Wires VernierRL's tabular Q-learner to the cache's admission decisions (action 1 = store, 0 = skip): the
/// one place the learner meets the plant. Used from one thread only.
final class QLearningAdmission: AdmissionLearner, @unchecked Sendable {
    private(set) var learner: TabularQLearner

    init(seed: UInt64) {
        learner = TabularQLearner(stateCount: AdmissionStateEncoder().stateCount, actionCount: 2, seed: seed)
    }

    func admits(state: Int) -> Bool { learner.chooseAction(state) == 1 }

    func learn(state: Int, admitted: Bool, reward: Double) {
        learner.update(state: state, action: admitted ? 1 : 0, reward: reward)
    }

    /// The greedy table: store where Q(store) ≥ Q(skip) (so unvisited states store, as LRU does).
    var trainedPolicy: LearnedAdmission {
        let states = learner.stateCount
        let admit = (0..<states).map { state in learner.values[state * 2 + 1] >= learner.values[state * 2] }
        return LearnedAdmission(admit: admit, visits: learner.visits)
    }
}
