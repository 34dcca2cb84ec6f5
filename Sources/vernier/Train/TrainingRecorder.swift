import Foundation
import VernierCore
import VernierRL
import VernierStore

/// What a training run writes to the run store as it goes: each completed episode (in one commit per update)
/// and the trainer's checkpoint, at least every ``checkpointInterval`` seconds (keeping the latest three).
final class TrainingRecorder<Env: Environment> {
    private let trainer: PPOTrainer<Env>
    private let run: RunID
    private let store: RunStore
    private var recordedEpisodes: Int
    private var lastCheckpoint = Date()

    /// Seconds between checkpoints while training.
    let checkpointInterval: TimeInterval = 10

    init(trainer: PPOTrainer<Env>, run: RunID, store: RunStore) {
        self.trainer = trainer
        self.run = run
        self.store = store
        self.recordedEpisodes = trainer.episodes.completedEpisodes
    }

    /// Records the episodes completed since the last call, in one commit.
    func recordEpisodes() throws {
        let statistics = trainer.episodes
        let fresh = min(statistics.completedEpisodes - recordedEpisodes, statistics.recentReturns.count)
        guard fresh > 0 else { return }
        let results = zip(statistics.recentReturns.suffix(fresh), statistics.recentLengths.suffix(fresh)).map {
            EpisodeResult(episodeReturn: $0, length: $1)
        }
        try store.appendEpisodes(results, to: run)
        recordedEpisodes = statistics.completedEpisodes
    }

    /// Saves a checkpoint when ``checkpointInterval`` has passed since the last one.
    func checkpointIfDue() throws {
        guard Date().timeIntervalSince(lastCheckpoint) >= checkpointInterval else { return }
        try saveCheckpoint()
    }

    /// Saves the trainer's state as the run's latest checkpoint (keeping the last three).
    func saveCheckpoint() throws {
        try store.saveCheckpoint(try trainer.checkpoint().encoded(), sequence: trainer.steps, of: run)
        try store.pruneCheckpoints(of: run, keepingLatest: 3)
        lastCheckpoint = Date()
    }
}
