import Foundation
import VernierCore
import VernierModbus

/// A ``DeviceServer`` on its own thread on a free loopback port, for tests that need no separate process.
/// Always ``stop()`` it (in a `defer`).
final class InProcessServer: @unchecked Sendable {
    let server: DeviceServer
    let map: RegisterMap
    private let finished = DispatchSemaphore(value: 0)

    init(model: any SingleOptimizable, map: RegisterMap, seed: UInt64? = nil, faults: FaultInjection = .none,
         bindAddress: String = "127.0.0.1", context: Double? = nil, freshReadings: Bool = false) throws {
        let device = try SimulatedDevice(model: model, map: map, seed: seed, context: context)
        server = try DeviceServer(device: device, options: .init(bindAddress: bindAddress, port: 0, faults: faults,
                                                                 freshReadings: freshReadings))
        self.map = map
        let server = server, finished = finished
        let thread = Thread {
            try? server.run()
            finished.signal()
        }
        thread.start()
    }

    convenience init(model: any SingleOptimizable, yaml: String, seed: UInt64? = nil, faults: FaultInjection = .none,
                     bindAddress: String = "127.0.0.1", context: Double? = nil) throws {
        try self.init(model: model, map: try RegisterMap(yaml: yaml, source: "test-map.yaml"), seed: seed, faults: faults,
                      bindAddress: bindAddress, context: context)
    }

    /// The map, pointed at this server.
    var clientMap: RegisterMap { map.reached(at: server.bindAddress, port: server.port) }

    /// A device client connected to this server.
    func device(map override: RegisterMap? = nil) throws -> ModbusDevice {
        let chosen = (override ?? map).reached(at: server.bindAddress, port: server.port)
        return try ModbusDevice.open(chosen)
    }

    /// Stops the server and waits (at most 5 s) for its thread.
    func stop() {
        server.stop()
        _ = finished.wait(timeout: .now() + 5)
        server.close()
    }
}
