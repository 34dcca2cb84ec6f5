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

    /// `state` as the JSON the store keeps for checkpoints (sorted keys; exact numbers; ±∞ and NaN as the
    /// strings `"inf"`, `"-inf"`, `"nan"`, which a plain `JSONEncoder` refuses), for
    /// ``RunStore/appendEvaluation(to:parameters:evaluation:wallTime:isFeasible:summary:checkpoint:)``;
    /// ``decode(_:)`` reads it back.
    public static func data<State: Encodable>(encoding state: State) throws -> Data {
        try StoredJSON.encoder().encode(state)
    }

    /// The state decoded from the JSON ``data(encoding:)`` or ``RunStore/saveCheckpoint(encoding:sequence:of:)``
    /// wrote.
    public func decode<State: Decodable>(_ type: State.Type) throws -> State {
        try StoredJSON.decoder().decode(type, from: state)
    }
}
