import Foundation

/// A run about to be created: what it is, on which plant, with which algorithm and configuration.
public struct NewRun: Sendable, Hashable {
    /// Tune, train, evaluate or run.
    public var kind: RunKind
    /// The plant's id (`namespace/Name-vN`, e.g. `awake/Steering-v1`), or a short description of an external
    /// evaluator (e.g. `objective-cmd`).
    public var plant: String
    /// The optimiser or learning algorithm, as the command line names it (`bo`, `nelder-mead`, `ppo`, …).
    public var algorithm: String
    /// The run's whole configuration as JSON text (one object), enough to repeat or resume the run.
    public var configuration: String
    /// The seed of the run's randomness, if it has one.
    public var seed: UInt64?

    /// A run whose configuration is already JSON text; ``RunStore/createRun(_:)`` checks that it parses.
    public init(kind: RunKind, plant: String, algorithm: String, configurationJSON: String, seed: UInt64?) {
        self.kind = kind
        self.plant = plant
        self.algorithm = algorithm
        self.configuration = configurationJSON
        self.seed = seed
    }

    /// A run whose configuration is a `Codable` value, stored as JSON with its own coding keys (sorted, with
    /// non-finite numbers as the strings `inf`, `-inf`, `nan`) so that ``Run/configuration(as:)`` reads it
    /// back exactly.
    public init<Configuration: Encodable>(
        kind: RunKind, plant: String, algorithm: String, configuration: Configuration, seed: UInt64?
    ) throws {
        let data = try StoredJSON.encoder().encode(configuration)
        self.init(kind: kind, plant: plant, algorithm: algorithm,
                  configurationJSON: String(decoding: data, as: UTF8.self), seed: seed)
    }
}
