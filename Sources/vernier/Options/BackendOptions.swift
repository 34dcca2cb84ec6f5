import ArgumentParser
import Foundation

/// Where a plant's I/O goes, as a typed value stored in run recipes.
enum PlantBackend: Codable, Hashable, Sendable {
    /// The plant's model, in-process.
    case simulated
    /// A device through a register map (absolute path), at the map's address or at `endpoint`.
    case modbus(map: String, endpoint: Endpoint?)

    /// The name used on the command line and in run listings.
    var name: String {
        switch self {
        case .simulated: "simulated"
        case .modbus: "modbus"
        }
    }
}

/// `--backend`, `--map`, `--endpoint`: shared by every command that drives a plant, validated once.
struct BackendOptions: ParsableArguments {
    /// The backend's name on the command line.
    enum Kind: String, ExpressibleByArgument, CaseIterable {
        case simulated, modbus
    }

    @Option(help: "Where the plant's I/O goes: simulated (in-process model) or modbus (a device through --map).")
    var backend: Kind = .simulated

    @Option(help: "With --backend modbus: the device's register map (e.g. hardware/awake.yaml).")
    var map: String?

    @Option(help: "With --backend modbus: HOST:PORT overriding the map's TCP address.")
    var endpoint: Endpoint?

    func validate() throws {
        switch backend {
        case .modbus:
            guard map != nil else {
                throw ValidationError("--backend modbus needs --map FILE (the device's register map, e.g. hardware/awake.yaml)")
            }
        case .simulated:
            guard map == nil, endpoint == nil else {
                throw ValidationError("--map and --endpoint go with --backend modbus")
            }
        }
    }

    /// The typed backend (the map's path made absolute, so a resumed run finds it from any directory).
    var value: PlantBackend {
        guard backend == .modbus, let map else { return .simulated }
        return .modbus(map: URL(fileURLWithPath: map).standardizedFileURL.path, endpoint: endpoint)
    }
}
