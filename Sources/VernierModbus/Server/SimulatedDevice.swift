import VernierCore

/// A simulated instrument: a plant model held at the settings clients write, with the readings the model
/// computes there — what `vernier device serve` puts behind a register map.
///
/// Settings live in map order and are stored as the registers hold them (quantised by the encoding), so the
/// model is evaluated exactly at what a client would read back. Each map reading comes from the model's
/// evaluation at the present settings: an observable of the same name, the objective (reading `objective`),
/// a constraint value (reading named after the constraint), or — for a reading that a parameter's
/// `readback.reading` names — the parameter's applied value.
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
    /// Present settings, map order, as stored in the registers.
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
    /// - Throws: ``RegisterMapError`` when the map does not fit the model (a parameter unmapped or unknown, a
    ///   reading the model does not produce, with the map line), ``RegisterValueError`` when the initial point
    ///   cannot be stored within the map's bounds, or the model's own error.
    public init(model: any SingleOptimizable, map: RegisterMap, seed: UInt64?) throws {
        var model = model
        let binding = try map.binding(parameterNames: model.parameterNames)
        var modelIndexOfSetpoint = [Int](repeating: 0, count: map.parameters.count)
        for (modelIndex, setpointIndex) in binding.setpointIndices.enumerated() {
            modelIndexOfSetpoint[setpointIndex] = modelIndex
        }
        let initial = try model.initialParameters(seed: seed)
        var settings = [Double](repeating: 0, count: map.parameters.count)
        for (index, setpoint) in map.parameters.enumerated() {
            settings[index] = try setpoint.point.quantized(initial[modelIndexOfSetpoint[index]]).get()
        }
        var parameters = initial
        for (index, modelIndex) in modelIndexOfSetpoint.enumerated() { parameters[modelIndex] = settings[index] }
        let evaluation = try model.evaluate(parameters)

        let constraintNames = model.constraints.map(\.name)
        var sources: [ReadingSource] = []
        for reading in map.readings {
            if let mirrored = map.parameters.firstIndex(where: { $0.readback?.reading == reading.name }) {
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

    /// Sets the device to `newSettings` (map order, already checked against the map) and evaluates the model.
    ///
    /// On a model error the settings and readings stay as they were.
    public mutating func apply(_ newSettings: [Double]) throws {
        for (index, modelIndex) in modelIndexOfSetpoint.enumerated() { candidate[modelIndex] = newSettings[index] }
        let evaluation = try model.evaluate(candidate)
        evaluationCount += 1
        for index in newSettings.indices { settings[index] = newSettings[index] }
        swap(&modelParameters, &candidate)
        record(evaluation)
    }

    /// Evaluates the model again at the present settings, as a live instrument takes a new sample: a noisy
    /// model gives fresh noise. On a model error the readings stay as they were.
    public mutating func refresh() throws {
        let evaluation = try model.evaluate(modelParameters)
        evaluationCount += 1
        record(evaluation)
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
