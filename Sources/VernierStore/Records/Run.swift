import Foundation

/// A run as stored: what it is, how it stands, and what it found.
public struct Run: Sendable, Hashable {
    /// The run's id in its store, e.g. `r12`.
    public var id: RunID
    /// Tune, train, evaluate or run.
    public var kind: RunKind
    /// The plant's id, e.g. `awake/Steering-v1`.
    public var plant: String
    /// The optimiser or algorithm, e.g. `bo`.
    public var algorithm: String
    /// The whole configuration as JSON text, exactly as recorded.
    public var configuration: String
    /// The seed, if the run has one.
    public var seed: UInt64?
    /// Running, completed, cancelled or failed.
    public var status: RunStatus
    /// Why the run ended as it did (the error of a failed run, who cancelled), if anything was said.
    public var statusMessage: String?
    /// The best point so far and free figures.
    public var summary: RunSummary
    /// When the run was created (stored to the millisecond, UTC).
    public var createdAt: Date
    /// When anything was last recorded for the run (stored to the millisecond, UTC): its heartbeat.
    public var updatedAt: Date
    /// The process recording the run (the last one to start or resume it); `nil` for runs recorded before
    /// stores kept it.
    public var owner: RunOwner?

    public init(
        id: RunID, kind: RunKind, plant: String, algorithm: String, configuration: String, seed: UInt64?,
        status: RunStatus, statusMessage: String?, summary: RunSummary, createdAt: Date, updatedAt: Date,
        owner: RunOwner? = nil
    ) {
        self.id = id
        self.kind = kind
        self.plant = plant
        self.algorithm = algorithm
        self.configuration = configuration
        self.seed = seed
        self.status = status
        self.statusMessage = statusMessage
        self.summary = summary
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.owner = owner
    }

    /// The configuration decoded as `type` (the inverse of ``NewRun/init(kind:plant:algorithm:configuration:seed:)``).
    public func configuration<Configuration: Decodable>(as type: Configuration.Type) throws -> Configuration {
        try StoredJSON.decoder().decode(type, from: Data(configuration.utf8))
    }
}
