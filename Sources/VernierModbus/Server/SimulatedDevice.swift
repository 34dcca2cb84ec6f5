import VernierCore

/// A simulated instrument: a plant model held at the settings clients write, with the readings the model
/// computes there — what `vernier device serve` puts behind a register map.
///
/// Settings live in the order of ``RegisterMap/writablePoints`` (the parameters in map order, then the context
/// when the map has one) and are stored as the registers hold them (quantised by the encoding), so the model is
/// evaluated exactly at what a client would read back. Each map reading comes from the model's evaluation at the
/// present settings: an observable of the same name, the objective (reading `objective`), a constraint value
/// (reading named after the constraint), or — for a reading that a writable point's `readback.reading` names —
/// the applied value.
///
/// A map with a `context` register needs a ``VernierCore/ContextualOptimizable`` model: the device evaluates it
/// at the context clients last wrote (a JPA readout's centre frequency), so a client changes the target by
/// writing that register.
public struct SimulatedDevice {
    /// Where each reading's value comes from.
    public enum ReadingSource: Sendable, Hashable {
        case observable(String)
        case objective
        case constraint(Int)
        case appliedSetting(Int)
    }

    /// The register map served.
    public let map: RegisterMap
    /// The model's metadata, for logs.
    public let metadata: PlantMetadata
    /// Present settings as stored in the registers: the parameters in map order, then the context if mapped.
    public private(set) var settings: [Double]
    /// Present readings, map order.
    public private(set) var readings: [Double]
    /// Where each reading comes from, map order.
    public let readingSources: [ReadingSource]
    /// Evaluations made so far (one at start, one per accepted write, one per ``refresh()``).
    public private(set) var evaluationCount = 0

    private var model: any SingleOptimizable
    /// For each map parameter, its index in the model's parameter vector.
    private let modelIndexOfSetpoint: [Int]
    private var modelParameters: [Double]
    private var candidate: [Double]

    /// Puts `model` behind `map`, at the model's initial parameters for `seed`.
    ///
    /// - Parameters:
    ///   - context: for a map with a `context` register, the context to start at (stored as the register holds
    ///     it); nil takes the model's own (``VernierCore/ContextualMeasurementModel/context``), or the middle of
    ///     its range.
    /// - Throws: ``RegisterMapError`` when the map does not fit the model (a parameter unmapped or unknown, a
    ///   reading the model does not produce, a context register for a model without context, with the map
    ///   line), ``RegisterValueError`` when the initial point or context cannot be stored within the map's
    ///   bounds, or the model's own error.
    public init(model: any SingleOptimizable, map: RegisterMap, seed: UInt64?, context: Double? = nil) throws {
        var model = model
        let binding = try map.binding(parameterNames: model.parameterNames)
        var modelIndexOfSetpoint = [Int](repeating: 0, count: map.parameters.count)
        for (modelIndex, setpointIndex) in binding.setpointIndices.enumerated() {
            modelIndexOfSetpoint[setpointIndex] = modelIndex
        }
        var storedContext: Double?
        let initial: [Double]
        if let contextPoint = map.context {
            guard var contextual = model as? any ContextualOptimizable else {
                throw RegisterMapError(
                    source: map.source, location: contextPoint.point.location,
                    message: "the map has a context register '\(contextPoint.name)', but \(model.metadata.machine) "
                        + "has no context; remove the 'context:' entry")
            }
            let wanted = context ?? (model as? any ContextualMeasurementModel)?.context
                ?? (contextual.contextRange.lowerBound + contextual.contextRange.upperBound) / 2
            let stored = try contextPoint.point.quantized(wanted).get()
            initial = try contextual.initialParameters(context: stored, seed: seed)
            if let updated = contextual as? any SingleOptimizable { model = updated }
            storedContext = stored
        } else {
            initial = try model.initialParameters(seed: seed)
        }
        let writable = map.writablePoints
        var settings = [Double](repeating: 0, count: writable.count)
        for (index, setpoint) in map.parameters.enumerated() {
            settings[index] = try setpoint.point.quantized(initial[modelIndexOfSetpoint[index]]).get()
        }
        if let storedContext { settings[map.parameters.count] = storedContext }
        var parameters = initial
        for (index, modelIndex) in modelIndexOfSetpoint.enumerated() { parameters[modelIndex] = settings[index] }
        let evaluation = try Self.evaluate(&model, at: parameters, context: storedContext)

        let constraintNames = model.constraints.map(\.name)
        var sources: [ReadingSource] = []
        for reading in map.readings {
            if let mirrored = writable.firstIndex(where: { $0.readback?.reading == reading.name }) {
                sources.append(.appliedSetting(mirrored))
            } else if evaluation.observables[reading.name] != nil {
                sources.append(.observable(reading.name))
            } else if reading.name == "objective" {
                sources.append(.objective)
            } else if let index = constraintNames.firstIndex(of: reading.name) {
                sources.append(.constraint(index))
            } else {
                let known = evaluation.observables.keys.sorted() + ["objective"] + constraintNames
                throw RegisterMapError(
                    source: map.source, location: reading.location,
                    message: "the plant does not produce a reading called '\(reading.name)'"
                        + NearMatchHint.hint(reading.name, among: known)
                        + "; it reports \(RegisterMap.quoted(known))")
            }
        }
        self.map = map
        self.metadata = model.metadata
        self.model = model
        self.modelIndexOfSetpoint = modelIndexOfSetpoint
        self.modelParameters = parameters
        self.candidate = parameters
        self.settings = settings
        self.readingSources = sources
        self.readings = [Double](repeating: 0, count: map.readings.count)
        self.evaluationCount = 1
        record(evaluation)
    }

    /// The context the device is at (as stored), or nil when the map has no context register.
    public var context: Double? {
        map.context == nil ? nil : settings[map.parameters.count]
    }

    /// Sets the device to `newSettings` (``settings`` order, already checked against the map) and evaluates the
    /// model there.
    ///
    /// On a model error the settings and readings stay as they were.
    public mutating func apply(_ newSettings: [Double]) throws {
        for (index, modelIndex) in modelIndexOfSetpoint.enumerated() { candidate[modelIndex] = newSettings[index] }
        let context = map.context == nil ? nil : newSettings[map.parameters.count]
        let evaluation = try Self.evaluate(&model, at: candidate, context: context)
        evaluationCount += 1
        for index in newSettings.indices { settings[index] = newSettings[index] }
        swap(&modelParameters, &candidate)
        record(evaluation)
    }

    /// Evaluates the model again at the present settings (and context), as a live instrument takes a new
    /// sample: a noisy model gives fresh noise. On a model error the readings stay as they were.
    public mutating func refresh() throws {
        let evaluation = try Self.evaluate(&model, at: modelParameters, context: context)
        evaluationCount += 1
        record(evaluation)
    }

    /// Evaluates `model` at `parameters`, at `context` when one is given (the model is then contextual).
    private static func evaluate<Model: SingleOptimizable>(
        _ model: inout Model, at parameters: [Double], context: Double?
    ) throws -> Evaluation {
        guard let context, var contextual = model as? any ContextualOptimizable else {
            return try model.evaluate(parameters)
        }
        let evaluation = try contextual.evaluate(parameters, context: context)
        if let updated = contextual as? Model { model = updated }
        return evaluation
    }

    private mutating func record(_ evaluation: Evaluation) {
        for (index, source) in readingSources.enumerated() {
            switch source {
            case .observable(let name): readings[index] = evaluation.observables[name] ?? .nan
            case .objective: readings[index] = evaluation.objective
            case .constraint(let position):
                readings[index] = position < evaluation.constraints.count ? evaluation.constraints[position] : .nan
            case .appliedSetting(let setpoint): readings[index] = settings[setpoint]
            }
        }
    }
}
