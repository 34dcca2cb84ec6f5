import ArgumentParser
import Foundation
import VernierCore
import VernierYAML
import VernierCache
import VernierModbus
import VernierPlants

/// The registry of every plant Vernier ships: the command-line tool is the one place that assembles it.
enum PlantCatalogs {
    static func registry() throws -> PlantRegistry {
        var registry = PlantRegistry()
        try VernierPlants.PlantCatalog.register(into: &registry)
        try VernierModbus.ModbusCatalog.register(into: &registry)
        try VernierCache.CacheCatalog.register(into: &registry)
        return registry
    }
}

/// Selecting a plant and its options on the command line: shared by every command that builds one.
struct PlantSelection: ParsableArguments {
    @Argument(help: "The plant id, e.g. classic/Pendulum-v1 (see `vernier envs`).")
    var id: String

    @Option(name: .customLong("options"),
            help: "The plant's options: a YAML file path, or inline YAML/JSON such as '{g: 9.81}'.")
    var optionsText: String?

    /// Builds the selected plant (see ``PlantFactory/make(id:optionsText:)``).
    func makePlant() throws -> any Plant {
        try PlantFactory.make(id: id, optionsText: optionsText)
    }
}

/// Builds plants from command-line text, turning every kind of bad input into a `ValidationError` that says
/// what to do.
enum PlantFactory {
    static func make(id: String, optionsText: String?) throws -> any Plant {
        try make(id: id, options: try parsedOptions(optionsText))
    }

    static func make(id: String, options: PlantOptions) throws -> any Plant {
        let registry = try PlantCatalogs.registry()
        let spec: PlantSpec
        do {
            spec = try registry.spec(for: id)
        } catch {
            throw ValidationError("\(error)")
        }
        do {
            return try spec.make(options)
        } catch let error as OptionsError {
            throw ValidationError("\(error)")
        } catch let error as DevicePlantError {
            // A device that does not answer is a failed run (exit 1), not bad input.
            throw error
        } catch let error as ModbusError {
            throw error
        } catch {
            throw ValidationError("options for \(id): \(error)")
        }
    }

    /// Options a run stored as text (the file's contents, or the inline text), parsed again relative to the
    /// directory of the file they came from, so paths inside them (an `optics_file:`) still resolve.
    static func storedOptions(text: String?, source: String?) throws -> PlantOptions {
        guard let text else { return .none }
        let source = source ?? "--options"
        let directory = FileManager.default.fileExists(atPath: source)
            ? URL(fileURLWithPath: source).deletingLastPathComponent() : nil
        do {
            return try PlantOptions(yaml: text, source: source, directory: directory)
        } catch {
            throw ValidationError("\(error)")
        }
    }

    /// The text of an options argument: a file's contents, or the inline text itself.
    static func text(of optionsText: String) -> String {
        (try? String(contentsOfFile: optionsText, encoding: .utf8)) ?? optionsText
    }

    /// Options from a file path, or from inline YAML/JSON text.
    static func parsedOptions(_ text: String?) throws -> PlantOptions {
        guard let text else { return .none }
        do {
            if FileManager.default.fileExists(atPath: text) {
                return try PlantOptions(contentsOf: URL(fileURLWithPath: text))
            }
            if text.hasSuffix(".yaml") || text.hasSuffix(".yml") || text.hasSuffix(".json") {
                throw ValidationError("options file '\(text)' does not exist")
            }
            return try PlantOptions(yaml: text, source: "--options")
        } catch let error as OptionsError {
            throw ValidationError("\(error)")
        }
    }
}
