import Foundation
import VernierCore

/// A plant whose model is simulated code but whose I/O goes to a device through a register map: the `modbus`
/// backend of DESIGN.md.
///
/// The plant keeps the model's names, metadata and space (intersected with the map's bounds, so an optimiser
/// never proposes what cannot be written) and replaces its I/O:
/// - ``applySettings(_:)`` checks every value against the map's bounds and `max_step`, writes the setpoints,
///   waits the longest settle time of the parameters that changed, and verifies read-backs within tolerance;
/// - ``measure()`` reads the readings and computes the evaluation: with the model's ``MeasurementModel`` hook
///   when it has one, else with a ``ReadingsEvaluator`` given at creation, else from registers named
///   `objective` and after the constraints;
/// - ``initialParameters(seed:)`` is where the machine is now (the seed cannot move a real machine).
///
/// A model with a context (``VernierCore/ContextualMeasurementModel``, e.g. a JPA's target frequency) is
/// evaluated at the context the device holds: the map's `context` register when it has one (written by
/// ``setContext(_:)`` and by the contextual `evaluate(_:context:)`, read at creation), else the model's own
/// context, which the device must then be fixed at (a served device's `--context`).
///
/// Hosts drive it through a ``SafetyEnvelope`` as any plant; the backend's own checks are a second line that
/// refuses, and never clips, what the map forbids. On a lost link, a timeout beyond the retries or a read-back
/// mismatch it throws; ``restore(to:target:within:)`` then waits for the device to answer again and moves it
/// back (in steps no longer than `max_step`), or reports plainly that it could not.
public struct ModbusPlant<Model: SingleOptimizable>: SingleOptimizable {
    /// The plant model (names, space, the evaluation hook).
    public private(set) var model: Model
    /// The device and its register map.
    public let device: ModbusDevice
    /// Whether to verify read-backs the map asks for (on by default).
    public var verifiesReadback = true
    /// How many reads of the readings one evaluation (or measurement) averages; one by default.
    ///
    /// - Precondition: `averaging.problems()` is empty.
    public var averaging = ReadingAveraging()

    let binding: RegisterMap.Binding
    private var space: Box
    private let evaluator: Evaluator
    /// The context the device holds: as stored in the map's context register, or — without one — the model's
    /// context when the plant was made, which the device is assumed fixed at. Nil for a model without context.
    private var deviceContext: Double?
    /// What the device holds, in map order, when ``settingsKnown``: known after the first read or write, unknown
    /// when a failed write left it uncertain.
    private var deviceSettings: [Double]
    private var settingsKnown = false
    /// The map's parameters and readings, and the plausible range of each reading, kept apart so that the
    /// per-evaluation loops do not copy the whole map.
    private let setpoints: [Setpoint]
    private let readingPoints: [RegisterPoint]
    private let readingBounds: [ClosedRange<Double>?]
    /// The mapped readings to report as observables when the evaluation does not: for a model's hook those it
    /// does not take (which it reports by the MeasurementModel contract), for a caller's evaluator all.
    private let extraReadings: [Int]
    /// Scratch space, so that an evaluation allocates nothing of its own: the point in map order (as asked, and as
    /// the encoding stores it), the readings, the readings the evaluator needs, the settings in model order.
    private var mapOrder: [Double]
    private var quantizedSettings: [Double]
    private var readingValues: [Double]
    private var readingSums: [Double]
    private var neededReadings: [Double]
    private var modelSettings: [Double]

    private enum Evaluator {
        /// The model's own hook (``MeasurementModel`` or ``ContextualMeasurementModel``), opened once at creation:
        /// a protocol cast per evaluation would look the conformance up and box the model on the heap every time.
        case model(Hook)
        case custom(ReadingsEvaluator)
    }

    /// The model's evaluation from readings, parameters and the device's context (nil: the model's own).
    private typealias Hook = (Model, [Double], [Double], Double?) throws -> Evaluation

    private static func measurementHook<Measuring: MeasurementModel>(_ model: Measuring) -> Hook {
        { model, readings, parameters, _ in
            // Model and Measuring are one type: a cast between concrete types, no conformance lookup.
            guard let measuring = model as? Measuring else { preconditionFailure("the model changed type") }
            return try measuring.evaluation(readings: readings, parameters: parameters)
        }
    }

    private static func contextualHook<Measuring: ContextualMeasurementModel>(_ model: Measuring) -> Hook {
        { model, readings, parameters, context in
            guard let measuring = model as? Measuring else { preconditionFailure("the model changed type") }
            return try measuring.evaluation(readings: readings, parameters: parameters, context: context ?? measuring.context)
        }
    }

    /// Wraps `model` around `device`.
    ///
    /// When the map has a context register, the device's context is read here (one request), and the space is
    /// the model's at that context.
    ///
    /// - Parameter evaluator: how to turn readings into an evaluation when the model is not a
    ///   ``MeasurementModel``; nil reads the objective and constraints from registers named `objective` and
    ///   after the constraints.
    /// - Throws: ``RegisterMapError`` when the map does not fit the model (a parameter unmapped, a needed
    ///   reading missing, a context register for a model without context), ``ModbusPlantError/noWritableRange``
    ///   when a parameter could never be written, ``ModbusPlantError/contextOutOfRange`` when the device holds a
    ///   context the model does not accept, ``ModbusError`` when the context cannot be read.
    public init(model: Model, device: ModbusDevice, evaluator: ReadingsEvaluator? = nil) throws {
        let map = device.map
        let readingNames: [String]
        let contextual = model as? any ContextualMeasurementModel
        if let contextPoint = map.context, contextual == nil || evaluator != nil {
            throw RegisterMapError(
                source: map.source, location: contextPoint.point.location,
                message: "the map has a context register '\(contextPoint.name)', but \(model.metadata.machine) "
                    + (evaluator == nil ? "has no context" : "is evaluated by a caller-supplied function, which takes none")
                    + "; remove the 'context:' entry")
        }
        if let evaluator {
            self.evaluator = .custom(evaluator)
            readingNames = evaluator.readingNames
        } else if let contextual {
            self.evaluator = .model(Self.contextualHook(contextual))
            readingNames = contextual.readingNames
        } else if let measuring = model as? any MeasurementModel {
            self.evaluator = .model(Self.measurementHook(measuring))
            readingNames = measuring.readingNames
        } else {
            let generic = ReadingsEvaluator.fromRegisters(constraints: model.constraints.map(\.name))
            self.evaluator = .custom(generic)
            readingNames = generic.readingNames
        }
        let binding = try map.binding(parameterNames: model.parameterNames, requiredReadings: readingNames)
        self.binding = binding
        var modelSpace = model.optimizationSpace
        if let contextual, map.context != nil {
            let context = try device.readContext()
            guard contextual.contextRange.contains(context) else {
                throw ModbusPlantError.contextOutOfRange(context: context, range: contextual.contextRange,
                                                         name: contextual.contextName)
            }
            modelSpace = try contextual.optimizationSpace(context: context)
            deviceContext = context
        } else {
            deviceContext = contextual?.context
        }
        space = try Self.writableSpace(modelSpace, map: map, binding: binding)
        self.model = model
        self.device = device
        setpoints = map.parameters
        readingPoints = map.readings
        readingBounds = map.readings.map(\.bounds)
        if case .model = self.evaluator {
            extraReadings = map.readings.indices.filter { !binding.readingIndices.contains($0) }
        } else {
            extraReadings = Array(map.readings.indices)
        }
        mapOrder = [Double](repeating: 0, count: map.parameters.count)
        quantizedSettings = mapOrder
        deviceSettings = mapOrder
        readingValues = [Double](repeating: 0, count: map.readings.count)
        readingSums = readingValues
        neededReadings = [Double](repeating: 0, count: binding.readingIndices.count)
        modelSettings = [Double](repeating: .nan, count: binding.setpointIndices.count)
    }

    // MARK: - SingleOptimizable

    public var metadata: PlantMetadata {
        var metadata = model.metadata
        metadata.isSimulated = false
        metadata.machine = "\(metadata.machine) over Modbus (\(device.map.transport.endpoint))"
        return metadata
    }

    /// The model's box intersected with the map's bounds.
    public var optimizationSpace: Box { space }
    public var parameterNames: [String] { model.parameterNames }
    public var objectiveName: String { model.objectiveName }
    public var constraints: [Constraint] { model.constraints }

    /// Largest move per write of each parameter (model order) from the map's `max_step`, for the host's
    /// ``SafetyLimits``; parameters without one get their full range. Nil when no parameter has one.
    public var maxStep: [Double]? {
        let map = device.map
        let steps = binding.setpointIndices.map { map.parameters[$0].maxStep }
        guard steps.contains(where: { $0 != nil }) else { return nil }
        return steps.enumerated().map { index, step in
            step ?? max(space.high[index] - space.low[index], .leastNormalMagnitude)
        }
    }

    /// Safety limits that match the map: hard limits = ``optimizationSpace``, max step = ``maxStep``.
    public func safetyLimits(
        outOfBounds: OutOfBoundsPolicy = .clip, onAbort: RestoreTarget = .initial,
        onCompletion: RestoreTarget = .best, dryRun: Bool = false
    ) -> SafetyLimits {
        SafetyLimits(hardLimits: space, maxStep: maxStep, outOfBounds: outOfBounds, onAbort: onAbort,
                     onCompletion: onCompletion, dryRun: dryRun)
    }

    /// The device's present settings (model order): a real machine starts where it is; `seed` is ignored.
    public mutating func initialParameters(seed: UInt64?) throws -> [Double] {
        try currentSettings()
    }

    /// Reads the device's present settings from the setpoint registers (model order).
    public mutating func currentSettings() throws -> [Double] {
        let values = try device.readSetpoints()
        deviceSettings = values
        settingsKnown = true
        return binding.setpointIndices.map { values[$0] }
    }

    /// Writes `parameters` and measures: ``applySettings(_:)`` then ``measure()``, or — when the map asks for
    /// `combined_write_read` — one function-23 transaction that does both.
    public mutating func evaluate(_ parameters: [Double]) throws -> Evaluation {
        guard device.canExchange else {
            try applySettings(parameters)
            return try measure()
        }
        try write(parameters, exchangingReadings: true)
        try completeReadings()
        return try evaluationFromReadings()
    }

    /// Writes `parameters` (model order), waits the settle time, and verifies read-backs.
    ///
    /// - Throws: ``RegisterValueError`` (outside the map's bounds, not storable), ``ModbusPlantError``
    ///   (`stepTooLarge`, `readbackMismatch`), ``ModbusError`` (the device did not take the write). Nothing is
    ///   written when a value is refused.
    public mutating func applySettings(_ parameters: [Double]) throws {
        try write(parameters, exchangingReadings: false)
    }

    /// The checks and the write of ``applySettings(_:)``; with `exchangingReadings`, the readings come back in
    /// the same transaction (the map allows no settle time or read-back then).
    private mutating func write(_ parameters: [Double], exchangingReadings: Bool) throws {
        guard parameters.count == binding.setpointIndices.count else {
            throw ModbusPlantError.wrongParameterCount(expected: binding.setpointIndices.count, got: parameters.count)
        }
        for (index, setpointIndex) in binding.setpointIndices.enumerated() {
            mapOrder[setpointIndex] = parameters[index]
        }
        if !settingsKnown {
            deviceSettings = try device.readSetpoints()
            settingsKnown = true
        }
        var settleTime = 0.0
        for index in setpoints.indices {
            let value = mapOrder[index]
            let previous = deviceSettings[index]
            // Bounds and encoding first: the error names the bounds, which is the operator's first question.
            let written = try setpoints[index].point.quantized(value).get()
            quantizedSettings[index] = written
            // The device holds `previous` rounded to its encoding, so a move of exactly max_step may appear up
            // to one quantum longer.
            if let maxStep = setpoints[index].maxStep,
               abs(value - previous) > maxStep * (1 + 1e-9) + setpoints[index].point.resolution(near: value) {
                throw ModbusPlantError.stepTooLarge(parameter: setpoints[index].name, from: previous, to: value,
                                                    maxStep: maxStep, location: setpoints[index].point.location)
            }
            if written != previous { settleTime = max(settleTime, setpoints[index].settleTime) }
        }
        // Until the write is confirmed the device's state is uncertain: a failure leaves it unknown, so the
        // next write first reads where the device is.
        settingsKnown = false
        if exchangingReadings {
            try device.exchange(mapOrder, readingsInto: &readingValues)
        } else {
            try device.writeSetpoints(mapOrder)
        }
        for index in quantizedSettings.indices { deviceSettings[index] = quantizedSettings[index] }
        settingsKnown = true
        Pause.sleep(seconds: settleTime)
        if verifiesReadback { try verifyReadback(deviceSettings) }
    }

    public var canMeasureWithoutWriting: Bool { true }

    /// Reads every reading (``averaging``'s count of times, averaged) and computes the evaluation.
    ///
    /// - Throws: ``ModbusError`` when the device does not answer, ``ModbusPlantError/readingOutOfBounds`` for
    ///   a reading outside the range the map states, or the model's error.
    public mutating func measure() throws -> Evaluation {
        try device.readReadings(into: &readingValues)
        try completeReadings()
        return try evaluationFromReadings()
    }

    /// The readings the last evaluation or measurement used (map order, physical units): the means of
    /// ``averaging``'s reads.
    public var latestReadings: [Double] { readingValues }

    /// The first read is in `readingValues`: checks it against the bounds, then makes the further reads averaging
    /// asks for and leaves the means in `readingValues`.
    private mutating func completeReadings() throws {
        try checkReadingBounds()
        let count = averaging.count
        guard count > 1 else { return }
        for index in readingSums.indices { readingSums[index] = readingValues[index] }
        for _ in 1..<count {
            Pause.sleep(seconds: averaging.interval)
            try device.readReadings(into: &readingValues)
            try checkReadingBounds()
            for index in readingSums.indices { readingSums[index] += readingValues[index] }
        }
        for index in readingValues.indices { readingValues[index] = readingSums[index] / Double(count) }
    }

    /// Refuses a read with a reading outside the range the map states. NaN, a float reading's "no value" (a JPA's
    /// gain while it oscillates), is left for the model to judge.
    private func checkReadingBounds() throws {
        for index in readingBounds.indices {
            if let bounds = readingBounds[index], !readingValues[index].isNaN, !bounds.contains(readingValues[index]) {
                let point = readingPoints[index]
                throw ModbusPlantError.readingOutOfBounds(reading: point.name, value: readingValues[index],
                                                          bounds: bounds, location: point.location)
            }
        }
    }

    /// The evaluation from the readings in `readingValues`.
    private mutating func evaluationFromReadings() throws -> Evaluation {
        for (position, index) in binding.readingIndices.enumerated() { neededReadings[position] = readingValues[index] }
        for (position, index) in binding.setpointIndices.enumerated() {
            modelSettings[position] = settingsKnown ? deviceSettings[index] : .nan
        }
        var evaluation: Evaluation
        switch evaluator {
        case .model(let hook):
            evaluation = try hook(model, neededReadings, modelSettings, try knownDeviceContext())
        case .custom(let custom):
            evaluation = try custom.evaluate(neededReadings, modelSettings)
        }
        try refuseNonFinite(evaluation)
        // Mapped readings the evaluation does not report are added, for logs; a NaN one is a reading with no value
        // now (a JPA's passive resonance while the pump is on) and is left out, as the model leaves it out.
        for index in extraReadings where evaluation.observables[readingPoints[index].name] == nil && !readingValues[index].isNaN {
            evaluation.observables[readingPoints[index].name] = readingValues[index]
        }
        return evaluation
    }

    /// Refuses an evaluation whose objective is NaN or infinite, or with an infinite constraint value: a float
    /// register holding NaN or ±infinity (a faulty readout, a hostile device) must never pass for a measurement —
    /// an optimiser would take −∞ as the best point ever seen, and +∞ as a constraint met by any margin.
    ///
    /// A NaN *constraint* value stays what it is, a constraint not met (``VernierCore/Constraint`` scores it
    /// infeasible): a model reports "no value" that way (a JPA's gain while its SQUID is trapped). NaN or infinite
    /// readings the model does not turn into the objective (a JPA trace point beyond an unstable edge) are
    /// reported as observables, as read.
    private func refuseNonFinite(_ evaluation: Evaluation) throws {
        let objective = evaluation.objective
        if !objective.isFinite {
            throw ModbusPlantError.nonFiniteMeasurement(quantity: "objective (\(model.objectiveName))", value: objective,
                                                        readings: nonFiniteReadings())
        }
        for (index, value) in evaluation.constraints.enumerated() where value.isInfinite {
            let name = index < model.constraints.count ? model.constraints[index].name : "constraint \(index)"
            throw ModbusPlantError.nonFiniteMeasurement(quantity: "constraint \(name)", value: value,
                                                        readings: nonFiniteReadings())
        }
    }

    /// The readings of the last read that are NaN or infinite, needed ones (those the evaluation takes) first.
    private func nonFiniteReadings() -> [NonFiniteReading] {
        let needed = binding.readingIndices.filter { !readingValues[$0].isFinite }
        let others = readingValues.indices.filter { !readingValues[$0].isFinite && !needed.contains($0) }
        return (needed + others).map {
            NonFiniteReading(name: readingPoints[$0].name, value: readingValues[$0], location: readingPoints[$0].location)
        }
    }

    /// Closes the connection. Safe to call twice.
    public mutating func close() throws {
        device.close()
    }

    // MARK: - Context

    /// The context the plant is evaluated at: the device's (map register) when mapped, else the model's when
    /// the plant was made; nil for a model without context.
    public var context: Double? { deviceContext }

    /// Moves the device to `value` (the model's context unit, e.g. GHz): writes the map's context register when
    /// the device does not already hold it, waits its settle time, verifies its read-back, and makes the
    /// parameter box the model's at that context (intersected with the map's bounds).
    ///
    /// The box changes with the context: a host builds a new ``VernierCore/SafetyEnvelope`` (with
    /// ``safetyLimits(outOfBounds:onAbort:onCompletion:dryRun:)``) for each context.
    ///
    /// - Throws: ``ModbusPlantError/noContext`` for a model without context, ``ModbusPlantError/contextOutOfRange``
    ///   outside the model's range, ``RegisterValueError`` outside the register's bounds,
    ///   ``ModbusPlantError/contextFixed`` when the map has no context register and the model is at another
    ///   context, ``ModbusPlantError/readbackMismatch`` or ``ModbusError`` from the device.
    public mutating func setContext(_ value: Double) throws {
        guard let contextual = model as? any ContextualMeasurementModel else { throw ModbusPlantError.noContext }
        guard contextual.contextRange.contains(value) else {
            throw ModbusPlantError.contextOutOfRange(context: value, range: contextual.contextRange,
                                                     name: contextual.contextName)
        }
        guard let contextPoint = device.map.context else {
            guard value == deviceContext else {
                throw ModbusPlantError.contextFixed(device: deviceContext ?? contextual.context, requested: value,
                                                    name: contextual.contextName)
            }
            return
        }
        let stored = try contextPoint.point.quantized(value).get()
        guard contextual.contextRange.contains(stored) else {
            throw ModbusPlantError.contextOutOfRange(context: stored, range: contextual.contextRange,
                                                     name: contextual.contextName)
        }
        let newSpace = try Self.writableSpace(try contextual.optimizationSpace(context: stored), map: device.map,
                                              binding: binding)
        if stored != deviceContext {
            // Unknown until confirmed: after a failed write the device's context is read again before use.
            deviceContext = nil
            try device.writeContext(value)
            Pause.sleep(seconds: contextPoint.settleTime)
            if let readback = contextPoint.readback, verifiesReadback {
                let read: Double
                if let name = readback.reading, let reading = device.map.reading(named: name) {
                    read = try device.read([reading])[0]
                } else {
                    read = try device.readContext()
                }
                guard abs(read - stored) <= readback.tolerance else {
                    throw ModbusPlantError.readbackMismatch(parameter: contextPoint.name, written: stored, read: read,
                                                            tolerance: readback.tolerance, location: contextPoint.point.location)
                }
            }
            deviceContext = stored
        }
        space = newSpace
    }

    /// The device's context: the register's (read again when a failed write left it unknown), else the one
    /// assumed fixed; nil for a model without context.
    private mutating func knownDeviceContext() throws -> Double? {
        guard device.map.context != nil else { return deviceContext }
        if let deviceContext { return deviceContext }
        let read = try device.readContext()
        deviceContext = read
        return read
    }

    /// The model's box intersected with the map's bounds, parameter by parameter.
    static func writableSpace(_ modelSpace: Box, map: RegisterMap, binding: RegisterMap.Binding) throws -> Box {
        var low = modelSpace.low, high = modelSpace.high
        for (index, setpointIndex) in binding.setpointIndices.enumerated() {
            let setpoint = map.parameters[setpointIndex]
            let bounds = setpoint.bounds
            low[index] = max(low[index], bounds.lowerBound)
            high[index] = min(high[index], bounds.upperBound)
            guard low[index] <= high[index] else {
                throw ModbusPlantError.noWritableRange(
                    parameter: setpoint.name, model: modelSpace.low[index]...modelSpace.high[index], map: bounds,
                    location: setpoint.point.location)
            }
        }
        return Box(low: low, high: high, shape: modelSpace.shape)
    }

    // MARK: - Restoring after a fault

    /// Waits until the device answers again (reconnecting with back-off), then moves it to `point` (model
    /// order) in steps no longer than `max_step` from wherever it is, verifying each write.
    ///
    /// Never throws: the report says whether the machine is back at `point`, or why not.
    ///
    /// - Parameters:
    ///   - point: the settings to restore, usually the run's initial point.
    ///   - target: which point this is, for the report.
    ///   - timeout: how long to keep trying (s).
    public mutating func restore(to point: [Double], target: RestoreTarget = .initial, within timeout: Double) -> RestoreReport {
        let deadline = ContinuousClock.now + .seconds(timeout)
        var lastError: (any Error)?
        while ContinuousClock.now < deadline {
            do {
                try device.connection.reconnect(until: deadline)
                settingsKnown = false
                try move(to: point)
                return RestoreReport(target: target, point: point, restored: true, error: nil)
            } catch let error as ModbusError where error.kind == .connectionLost || error.kind == .timeout
                        || error.kind == .cannotConnect {
                lastError = error
                Pause.sleep(seconds: device.map.connection.backoff(beforeAttempt: 2))
            } catch {
                return RestoreReport(target: target, point: point, restored: false, error: "\(error)")
            }
        }
        let reason = lastError.map { "\($0)" } ?? "no attempt could be made"
        return RestoreReport(target: target, point: point, restored: false,
                             error: "the device did not answer within \(timeout) s: \(reason)")
    }

    /// Moves the device to `target` (model order) from where it is (read from the device unless `start` is
    /// given), in equal steps no longer than `max_step`.
    public mutating func move(to target: [Double], from start: [Double]? = nil) throws {
        let start = try start ?? currentSettings()
        let count = SafetyEnvelope<Self>.stepCount(from: start, to: target, maxStep: maxStep)
        for step in 1...count {
            let fraction = Double(step) / Double(count)
            let point = step == count ? target : zip(start, target).map { $0 + ($1 - $0) * fraction }
            try applySettings(point)
        }
    }

    // MARK: - Implementation

    /// The settings last written or read (model order), reading the device when they are not known.
    mutating func lastSettings() throws -> [Double] {
        guard settingsKnown else { return try currentSettings() }
        return binding.setpointIndices.map { deviceSettings[$0] }
    }

    /// The model's episode calls, made on the stored model (an extension outside this file cannot mutate it).
    mutating func modelEpisodeStart(seed: UInt64?, options: ResetOptions?, from settings: [Double]) throws -> [Double]
    where Model: SettingsDrivenEnvironment {
        try model.episodeStart(seed: seed, options: options, from: settings)
    }

    mutating func modelBeginEpisode(at settings: [Double], measured: Evaluation) throws -> Reset
    where Model: SettingsDrivenEnvironment {
        try model.beginEpisode(at: settings, measured: measured)
    }

    mutating func modelTransition(to settings: [Double], measured: Evaluation) throws -> Step
    where Model: SettingsDrivenEnvironment {
        try model.transition(to: settings, measured: measured)
    }

    private func verifyReadback(_ written: [Double]) throws {
        let map = device.map
        guard map.parameters.contains(where: { $0.readback != nil }) else { return }
        let ownRegisters = map.parameters.contains { $0.readback != nil && $0.readback?.reading == nil }
            ? try device.readSetpoints() : []
        let readings = map.parameters.contains { $0.readback?.reading != nil } ? try device.readReadings() : []
        for (index, setpoint) in map.parameters.enumerated() {
            guard let readback = setpoint.readback else { continue }
            let read: Double
            if let source = readback.reading, let readingIndex = map.readings.firstIndex(where: { $0.name == source }) {
                read = readings[readingIndex]
            } else {
                read = ownRegisters[index]
            }
            guard abs(read - written[index]) <= readback.tolerance else {
                throw ModbusPlantError.readbackMismatch(parameter: setpoint.name, written: written[index], read: read,
                                                        tolerance: readback.tolerance, location: setpoint.point.location)
            }
        }
    }
}
