import Foundation
import Testing
import VernierCore
@testable import VernierModbus

/// The server's random faults (for soak runs) and its write log (what the device received, for checking bounds
/// and steps from the device's side).
@Suite("Random faults and the write log", .serialized, .timeLimit(.minutes(1)))
struct FaultInjectionTests {
    final class Received: @unchecked Sendable {
        private let lock = NSLock()
        private var writes: [ReceivedWrite] = []
        func append(_ write: ReceivedWrite) { lock.withLock { writes.append(write) } }
        var all: [ReceivedWrite] { lock.withLock { writes } }
    }

    /// Serves TwoCorrectorSteering behind TestMaps.steering with `faults`, runs `body` against it, stops it.
    static func serve<T>(_ faults: FaultInjection, received: Received? = nil,
                         _ body: (DeviceServer, RegisterMap) throws -> T) throws -> T {
        let map = try RegisterMap(yaml: TestMaps.steering, source: "steering.yaml")
        var record: (@Sendable (ReceivedWrite) -> Void)?
        if let received { record = { received.append($0) } }
        let device = try SimulatedDevice(model: TwoCorrectorSteering(), map: map, seed: nil)
        let server = try DeviceServer(device: device, options: DeviceServer.Options(faults: faults), writeLog: record)
        let finished = DispatchSemaphore(value: 0)
        Thread { try? server.run(); finished.signal() }.start()
        defer {
            server.stop()
            _ = finished.wait(timeout: .now() + 5)
            server.close()
        }
        return try body(server, map.reached(at: server.bindAddress, port: server.port))
    }

    @Test("random drops are seeded: the same seed drops the same requests, and every read still succeeds on a retry")
    func seededDrops() throws {
        func dropped(seed: UInt64) throws -> (Int, Int) {
            try Self.serve(FaultInjection(dropProbability: 0.3, seed: seed)) { server, map in
                let options = ConnectionOptions(responseTimeout: 0.03, retries: 8, initialBackoff: 0.001)
                let connection = try ModbusConnection.open(map.transport, unit: map.unit, options: options)
                defer { connection.close() }
                for _ in 0..<25 { _ = try connection.readRegisters(.input, address: 0, count: 8) }
                return (server.counters.dropped, connection.statistics.retries)
            }
        }
        let first = try dropped(seed: 7), again = try dropped(seed: 7)
        #expect(first.0 > 0)
        #expect(first.0 == first.1, "each dropped request was retried once")
        #expect(again == first)
    }

    @Test("a random disconnection closes every link; the client reconnects on its next request")
    func randomDisconnect() throws {
        try Self.serve(FaultInjection(disconnectProbability: 1, seed: 3)) { server, map in
            let connection = try ModbusConnection.open(map.transport, unit: map.unit,
                                                       options: ConnectionOptions(responseTimeout: 0.2, retries: 0))
            defer { connection.close() }
            _ = try connection.readRegisters(.input, address: 0, count: 8)
            do {
                _ = try connection.readRegisters(.input, address: 0, count: 8)
                Issue.record("the link survived a disconnection")
            } catch let error as ModbusError {
                #expect(error.kind == .connectionLost, "\(error)")
            }
            _ = try connection.readRegisters(.input, address: 0, count: 8)
            // Two requests reached the server (the second read found the link already closed), each followed by
            // a disconnection.
            #expect(server.counters.requests == 2)
            // The server closes the links just after answering: wait (at most 1 s) for it to have done so.
            let deadline = Date().addingTimeInterval(1)
            while server.counters.disconnections < 2, Date() < deadline { Thread.sleep(forTimeInterval: 0.005) }
            #expect(server.counters.disconnections == 2)
        }
    }

    @Test("the write log holds every write received: accepted ones with the settings, refused ones with the reason")
    func writeLog() throws {
        let received = Received()
        try Self.serve(.none, received: received) { server, map in
            let device = try ModbusDevice.open(map)
            defer { device.close() }
            try device.writeSetpoints([0.5, -0.25])
            // 1.5 as float64 words, past the client's own bounds check: the device refuses it.
            let bits = (1.5).bitPattern
            let words = (0..<4).map { UInt16(truncatingIfNeeded: bits >> (48 - 16 * UInt64($0))) }
            do {
                try device.connection.writeRegisters(address: 0, values: words)
                Issue.record("an out-of-bounds write was accepted")
            } catch let error as ModbusError {
                #expect(error.kind == .illegalValue)
            }
            #expect(server.settings == [0.5, -0.25])
        }
        let log = received.all
        #expect(log.count == 2)
        #expect(log.first == ReceivedWrite(request: 1, accepted: true, settings: [0.5, -0.25], reason: nil))
        #expect(log.last?.accepted == false)
        #expect(log.last?.settings == [1.5, -0.25])
        #expect(log.last?.reason?.contains("k_1 = 1.5 lies outside its bounds [-1.0, 1.0]") == true, "\(log)")
    }
}
