/// A ``ContextualOptimizable`` problem held at one context value, seen as a ``SingleOptimizable``: what
/// `vernier tune ID --context VALUE` tunes (e.g. a JPA at one target frequency).
///
/// Measuring without writing is not available through the adapter (a dry run needs the plant's own
/// single-problem view); intermediate moves of the safety envelope evaluate and discard.
public struct FixedContext<Base: ContextualOptimizable>: SingleOptimizable {
    /// The contextual plant.
    public private(set) var base: Base
    /// The context value, in the unit of `base.contextName`.
    public let context: Double
    /// The parameter box at ``context``, fixed when the adapter is made.
    public let optimizationSpace: Box

    /// Holds `base` at `context`.
    ///
    /// - Throws: ``PlantError``-like errors of the plant, or `ContextError.outOfRange` when `context` lies
    ///   outside `base.contextRange`.
    public init(_ base: Base, context: Double) throws {
        guard base.contextRange.contains(context) else {
            throw ContextError.outOfRange(context: context, range: base.contextRange, name: base.contextName)
        }
        self.base = base
        self.context = context
        self.optimizationSpace = try base.optimizationSpace(context: context)
    }

    public var metadata: PlantMetadata { base.metadata }
    public var parameterNames: [String] { base.parameterNames }
    public var objectiveName: String { base.objectiveName }
    public var constraints: [Constraint] { base.constraints }

    public mutating func initialParameters(seed: UInt64?) throws -> [Double] {
        try base.initialParameters(context: context, seed: seed)
    }

    public mutating func evaluate(_ parameters: [Double]) throws -> Evaluation {
        try base.evaluate(parameters, context: context)
    }

    public mutating func close() throws {
        try base.close()
    }
}
