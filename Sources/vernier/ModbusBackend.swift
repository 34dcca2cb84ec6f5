import ArgumentParser
import Foundation
import VernierCore
import VernierModbus

/// The `modbus` backend for commands that drive plants (`tune`, `run`, `device bench`): loads a register map,
/// connects to the device, and wraps a plant model from the registry so its I/O goes over Modbus.
///
/// `vernier tune ID --backend modbus --map FILE [--endpoint HOST:PORT]` calls ``map(path:endpoint:)`` and
/// ``plant(model:map:)`` with the plant the registry built, and gets back a ``ModbusBackedPlant`` of the same
/// capabilities (a `SingleOptimizable`, and an `Environment` when the model is a `SettingsDrivenEnvironment`) to
/// open into a generic function and drive through a `SafetyEnvelope` with `plant.safetyLimits(…)`; after an
/// `AbortedRun` whose restore failed, `plant.restore(to: envelope.initialPoint, target: .initial, within: …)`
/// waits for the device and tries again. A contextual plant (jpa/Tuning-v1) is at the device's context
/// (`plant.context`); `plant.setContext(c)` retunes it through the map's context register, after which the
/// envelope is built (the box follows the context). `vernier run` opens the same plant as an `Environment`
/// (`plant as any Plant as? any Environment`) when the model is a `SettingsDrivenEnvironment`.
enum ModbusBackend {
    /// Loads and checks the map at `path`; `endpoint` overrides the map's transport with TCP at that address.
    ///
    /// - Throws: `ValidationError` naming the file, line and column for a bad map (exit status 64).
    static func map(path: String, endpoint: Endpoint?) throws -> RegisterMap {
        guard FileManager.default.fileExists(atPath: path) else {
            throw ValidationError("register map '\(path)' does not exist (maps live in hardware/, e.g. hardware/quadratic.yaml)")
        }
        return try mapOrDefinition(path: path, endpoint: endpoint).map
    }

    /// Loads the file at `path` as a register map, and as a `modbus/Device-v1` definition too when it has any
    /// definition key (`objective:`, `constraints:` …), checking its expressions; `endpoint` overrides the
    /// transport of both.
    ///
    /// - Throws: `ValidationError` naming the file, line and column for a bad map or definition (exit status 64).
    static func mapOrDefinition(path: String, endpoint: Endpoint?) throws -> (map: RegisterMap, definition: DeviceDefinition?) {
        guard FileManager.default.fileExists(atPath: path) else {
            throw ValidationError("register map '\(path)' does not exist (maps live in hardware/, e.g. hardware/quadratic.yaml)")
        }
        do {
            var (map, definition) = try DeviceDefinition.mapOrDefinition(contentsOf: URL(fileURLWithPath: path))
            guard let endpoint else { return (map, definition) }
            map = map.reached(at: endpoint.host, port: endpoint.port)
            definition = definition?.reached(at: endpoint.host, port: endpoint.port)
            return (map, definition)
        } catch {
            throw ValidationError("\(error)")
        }
    }

    /// How a run's safety envelope meets a device, when `plant` is Modbus-backed (`nil` for a simulation): the
    /// operator's `limits` tightened by the map's bounds and `max_step` (see `ModbusBackedPlant.limits(within:)`),
    /// where the device is now (what a failed or cancelled run restores), and each write described in register
    /// terms (names, physical values, raw values, register words) for a dry run.
    ///
    /// - Throws: ``ModbusError`` when the device cannot be read.
    static func deviceSetup(
        for plant: any SingleOptimizable, limits: SafetyLimits
    ) throws -> (limits: SafetyLimits, here: [Double], describe: (WriteRecord) -> String)? {
        guard var device = plant as? any ModbusBackedPlant else { return nil }
        let here = try device.currentSettings()
        let previewer = WritePreviewer(device)
        return (device.limits(within: limits), here, { previewer.describe($0) })
    }

    /// Sets up a run on a Modbus-backed plant (`modbus/Device-v1`, or a model over `--map`) as `vernier tune`
    /// does (see ``deviceSetup(for:limits:)``): the envelope starts where the device is, and with `dryRun` nothing
    /// is written and each would-be write goes to `output` in register terms. Returns the envelope and the point
    /// the optimiser starts from (a definition's `initial:`; where the device is otherwise).
    ///
    /// - Throws: ``ModbusError`` when the device cannot be read; ``SafetyError`` when the limits are unusable or
    ///   the device sits outside them.
    static func prepareRun<Plant: ModbusBackedPlant>(
        _ plant: Plant, limits requested: SafetyLimits? = nil, dryRun: Bool,
        output: @escaping (String) -> Void = { print($0) }
    ) throws -> (envelope: SafetyEnvelope<Plant>, start: [Double]) {
        var plant = plant
        let start = try plant.initialParameters(seed: nil)
        var limits = requested
            ?? plant.safetyLimits(outOfBounds: .clip, onAbort: .initial, onCompletion: .best, dryRun: dryRun)
        limits.dryRun = dryRun
        guard let setup = try deviceSetup(for: plant, limits: limits) else {
            throw ValidationError("\(plant.metadata.machine) is not Modbus-backed")
        }
        var envelope = try SafetyEnvelope(plant: plant, limits: setup.limits, initialPoint: setup.here)
        if dryRun { envelope.onWrite = { output(setup.describe($0)) } }
        return (envelope, start)
    }

    /// Wraps `model` (a plant built by the registry) around the device of `map`, connecting to it.
    ///
    /// - Throws: `ValidationError` when the model cannot be driven over Modbus or the map does not fit it
    ///   (exit 64); ``ModbusError`` when the device cannot be reached (a failed run, exit 1).
    static func plant(model: any Plant, map: RegisterMap) throws -> any ModbusBackedPlant {
        guard let problem = model as? any SingleOptimizable else {
            throw ValidationError("\(model.metadata.machine) is not an optimisation problem (it has no setpoints to "
                                  + "write), so it cannot be driven over Modbus")
        }
        let device = try ModbusDevice.open(map)
        do {
            return try wrap(problem, device: device)
        } catch let error as RegisterMapError {
            device.close()
            throw ValidationError("\(error)")
        } catch let error as ModbusPlantError {
            device.close()
            throw ValidationError("\(error)")
        } catch {
            device.close()
            throw error
        }
    }

    /// Convenience: the registry's plant `id` with `optionsText`, over the map at `mapPath`.
    static func plant(id: String, optionsText: String?, mapPath: String, endpoint: Endpoint?) throws -> any ModbusBackedPlant {
        let map = try map(path: mapPath, endpoint: endpoint)
        return try plant(model: try PlantFactory.make(id: id, optionsText: optionsText), map: map)
    }

    private static func wrap<Model: SingleOptimizable>(_ model: Model, device: ModbusDevice) throws -> any ModbusBackedPlant {
        try ModbusPlant(model: model, device: device)
    }

    /// Where a run that aborted left the machine, once more: when the envelope's restoring move did not reach a
    /// Modbus device (it dropped out), waits up to `timeout` seconds for it to answer and restores it then;
    /// otherwise (restored, or not a device) the envelope's own report. `note` says what it is waiting for.
    static func restoreAfterAbort(
        _ aborted: AbortedRun, machine: Any, timeout: Double, note: (String) -> Void
    ) -> RestoreReport {
        guard !aborted.restore.restored, var device = machine as? any ModbusBackedPlant else { return aborted.restore }
        note("the device did not take the restoring move (\(aborted.restore.error ?? "no answer")); waiting up to \(Int(timeout)) s for it to answer…")
        return device.restore(to: aborted.restore.point, target: aborted.restore.target, within: timeout)
    }
}
