import VernierCore

/// A Modbus-backed plant whose model has a context (a JPA's target frequency) is contextual too: the context is
/// the map's `context` register (see ``ModbusPlant/setContext(_:)``), the box at each context the model's
/// intersected with the map's bounds.
extension ModbusPlant: ContextualOptimizable where Model: ContextualMeasurementModel {
    public var contextName: String { model.contextName }

    /// The model's context range, within the context register's bounds when the map has one.
    public var contextRange: ClosedRange<Double> {
        let range = model.contextRange
        guard let bounds = device.map.context?.bounds else { return range }
        let low = Swift.max(range.lowerBound, bounds.lowerBound), high = Swift.min(range.upperBound, bounds.upperBound)
        return low <= high ? low...high : range.lowerBound...range.lowerBound
    }

    /// The model's box at `context`, intersected with the map's bounds.
    public func optimizationSpace(context: Double) throws -> Box {
        try Self.writableSpace(try model.optimizationSpace(context: context), map: device.map, binding: binding)
    }

    /// Moves the device to `context` and returns where its settings are now: a real machine starts where it is
    /// (`seed` is ignored). A host that wants the model's safe start at the new context moves there itself,
    /// through its safety envelope.
    public mutating func initialParameters(context: Double, seed: UInt64?) throws -> [Double] {
        try setContext(context)
        return try currentSettings()
    }

    /// Moves the device to `context` when it is elsewhere, then writes `parameters` and measures.
    public mutating func evaluate(_ parameters: [Double], context: Double) throws -> Evaluation {
        try setContext(context)
        return try evaluate(parameters)
    }
}
