import Foundation

/// A saved state of a run's optimiser or learner, from which the run resumes.
public struct Checkpoint: Sendable, Hashable {
    /// Where in the run the state was taken: the index of the last evaluation ingested (tune) or the training
    /// step (train). The checkpoint with the highest sequence is the run's latest.
    public var sequence: Int
    /// The state, as the optimiser or learner encoded it (JSON from ``RunStore/saveCheckpoint(encoding:sequence:of:)``
    /// or any bytes from ``RunStore/saveCheckpoint(_:sequence:of:)``).
    public var state: Data
    /// When the checkpoint was committed (to the millisecond, UTC).
    public var recordedAt: Date

    public init(sequence: Int, state: Data, recordedAt: Date) {
        self.sequence = sequence
        self.state = state
        self.recordedAt = recordedAt
    }

    /// The state decoded from the JSON ``RunStore/saveCheckpoint(encoding:sequence:of:)`` wrote.
    public func decode<State: Decodable>(_ type: State.Type) throws -> State {
        try StoredJSON.decoder().decode(type, from: state)
    }
}
