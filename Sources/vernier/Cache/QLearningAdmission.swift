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

    /// The greedy table: store where Q(store) ≥ Q(skip). A state never visited in training (a cache condition
    /// training did not reach, such as a hit ratio above anything seen) takes the decision of its file group —
    /// the visit-weighted mean Q over the states with the same file features — and stores when the group was
    /// never visited either, as LRU does.
    var trainedPolicy: LearnedAdmission {
        let states = learner.stateCount, group = AdmissionStateEncoder.statesPerFileGroup
        var admit = [Bool](repeating: true, count: states)
        for first in stride(from: 0, to: states, by: group) {
            var store = 0.0, skip = 0.0, visits = 0
            for state in first..<(first + group) {
                let weight = Double(learner.visits[state])
                store += weight * learner.values[state * 2 + 1]
                skip += weight * learner.values[state * 2]
                visits += learner.visits[state]
            }
            for state in first..<(first + group) {
                admit[state] = learner.visits[state] > 0
                    ? learner.values[state * 2 + 1] >= learner.values[state * 2]
                    : visits == 0 || store >= skip
            }
        }
        return LearnedAdmission(admit: admit, visits: learner.visits)
    }
}
