import VernierCore
import VernierExpressions

/// The plant model of a device definition: names, space, constraints, and the evaluation computed from the
/// readings and parameters by the definition's expressions. ``DevicePlant`` puts it behind the device.
///
/// It has no simulation: ``evaluate(_:)`` throws. Its values vector is the readings then the parameters (map
/// order), assembled in temporary storage, so an evaluation allocates only its result.
struct DeviceModel: MeasurementModel {
    let definition: DeviceDefinition

    var metadata: PlantMetadata {
        PlantMetadata(renderModes: [.ansi], machine: definition.map.device, isCancellable: true, isSimulated: false,
                      maxEpisodeSteps: definition.reinforcementLearning?.maxEpisodeSteps,
                      successObjective: definition.successObjective, levelSet: definition.levelSet)
    }

    var optimizationSpace: Box { definition.parameterSpace }
    var parameterNames: [String] { definition.map.parameters.map(\.name) }
    var objectiveName: String { definition.objectiveName }
    var constraints: [Constraint] { definition.optimizerConstraints }
    var readingNames: [String] { definition.map.readings.map(\.name) }

    mutating func initialParameters(seed: UInt64?) throws -> [Double] {
        throw DevicePlantError.needsDevice(definition.map.device)
    }

    mutating func evaluate(_ parameters: [Double]) throws -> Evaluation {
        throw DevicePlantError.needsDevice(definition.map.device)
    }

    func evaluation(readings: [Double], parameters: [Double]) throws -> Evaluation {
        let count = readings.count + parameters.count
        return withUnsafeTemporaryAllocation(of: Double.self, capacity: max(1, count)) { storage in
            for index in readings.indices { storage[index] = readings[index] }
            for index in parameters.indices { storage[readings.count + index] = parameters[index] }
            let values = UnsafeBufferPointer(rebasing: storage[0..<count])
            let value = definition.objective.evaluate(values)
            var constraintValues: [Double] = []
            constraintValues.reserveCapacity(definition.constraints.count)
            for constraint in definition.constraints { constraintValues.append(constraint.quantity.evaluate(values)) }
            // The readings are observables, as the MeasurementModel contract has it (they go to the run store).
            var observables: [String: Double] = [:]
            observables.reserveCapacity(readings.count)
            for (name, reading) in zip(definition.map.readings, readings) { observables[name.name] = reading }
            return Evaluation(objective: definition.maximizes ? -value : value, constraints: constraintValues,
                              observables: observables)
        }
    }
}
