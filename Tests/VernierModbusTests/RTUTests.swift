import Foundation
import Testing
import VernierCore
@testable import VernierModbus
import VernierTestSupport

/// Modbus RTU for real, over a virtual serial line (Debian's `socat`, two ptys): the device server answers over
/// RTU exactly as over TCP, and a line that corrupts bytes gives retries, then a clear error, a safe stop and a
/// restore.
@Suite("Modbus RTU over a virtual serial line", .serialized, .timeLimit(.minutes(1)))
struct RTUTests {
    /// TestMaps.steering (float64) on a serial line at `device`, unit 1.
    static func serialMap(device: String, responseTimeoutMs: Int = 500) throws -> RegisterMap {
        let yaml = TestMaps.steering
            .replacingOccurrences(of: "  tcp: {host: 127.0.0.1, port: 1502}\n",
                                  with: "  rtu: {device: \(device), baud: 115200, parity: none, stop_bits: 1}\nunit_id: 1\n")
            .replacingOccurrences(of: "connection: {response_timeout_ms: 2000, retries: 1, backoff_ms: 5}",
                                  with: "connection: {response_timeout_ms: \(responseTimeoutMs), retries: 2, backoff_ms: 5}")
        return try RegisterMap(yaml: yaml, source: "steering-rtu.yaml")
    }

    /// A device server on `line`'s first end, on its own thread.
    final class SerialServer: @unchecked Sendable {
        let server: DeviceServer
        private let finished = DispatchSemaphore(value: 0)
        private let box = WriteBox()

        init(map: RegisterMap, device: String) throws {
            var line: SerialLine?
            if case .rtu(var mapLine) = map.transport {
                mapLine.device = device
                line = mapLine
            }
            let simulated = try SimulatedDevice(model: TwoCorrectorSteering(), map: map, seed: nil)
            let box = box
            let server = try DeviceServer(device: simulated, options: .init(serialLine: line), writeLog: { box.append($0) })
            self.server = server
            let finished = finished
            Thread { try? server.run(); finished.signal() }.start()
        }

        var writes: [ReceivedWrite] { box.all }

        func stop() {
            server.stop()
            _ = finished.wait(timeout: .now() + 5)
            server.close()
        }
    }

    final class WriteBox: @unchecked Sendable {
        private let lock = NSLock()
        private var writes: [ReceivedWrite] = []
        func append(_ write: ReceivedWrite) { lock.withLock { writes.append(write) } }
        var all: [ReceivedWrite] { lock.withLock { writes } }
    }

    static let points: [[Double]] = [[0.1, -0.2], [0.35, 0.05], [-0.2, 0.3], [0.123456789012345, -0.987654321]]

    @Test("the same evaluations over RTU as over TCP, bit for bit (float64)")
    func rtuEqualsTCP() throws {
        let line = try VirtualSerialLine()
        defer { line.stop() }
        let served = try SerialServer(map: try Self.serialMap(device: line.endA), device: line.endA)
        defer { served.stop() }
        let rtuDevice = try ModbusDevice.open(try Self.serialMap(device: line.endB))
        var overRTU = try ModbusPlant(model: TwoCorrectorSteering(), device: rtuDevice)
        defer { try? overRTU.close() }

        let tcp = try InProcessServer(model: TwoCorrectorSteering(), yaml: TestMaps.steering)
        defer { tcp.stop() }
        var overTCP = try ModbusPlant(model: TwoCorrectorSteering(), device: try tcp.device())
        defer { try? overTCP.close() }

        #expect(served.server.endpoint == "rtu \(line.endA) 115200 8N1")
        var moves = 0
        for point in Self.points {
            // Steps within max_step 0.3, as the envelope would split them.
            try overRTU.move(to: point)
            try overTCP.move(to: point)
            moves += 1
            let rtu = try overRTU.measure(), tcpEvaluation = try overTCP.measure()
            #expect(rtu.objective.bitPattern == tcpEvaluation.objective.bitPattern)
            #expect(rtu.observables == tcpEvaluation.observables)
            #expect(served.server.settings == tcp.server.settings)
        }
        #expect(moves == Self.points.count)
        #expect(served.server.settings == Self.points.last)
        #expect(served.server.counters.badFrames == 0)
        #expect(served.writes.allSatisfy { $0.accepted })
        #expect(served.writes.count == tcp.server.counters.appliedWrites)
    }

    @Test("CRC errors: retried transparently, then a clear error after the retries, a safe stop and a restore")
    func corruptedLine() async throws {
        let relay = try CorruptingSerialRelay()
        defer { relay.stop() }
        let served = try SerialServer(map: try Self.serialMap(device: relay.deviceEnd), device: relay.deviceEnd)
        defer { served.stop() }
        let device = try ModbusDevice.open(try Self.serialMap(device: relay.clientEnd, responseTimeoutMs: 300))
        var plant = try ModbusPlant(model: TwoCorrectorSteering(), device: device)
        // Response 1 answers the read of the initial point; each evaluation is a write and a read.
        // Request 2 (the first write) reaches the device garbled: it stays silent, the client times out and retries.
        relay.corruptRequests([2])
        // Responses 4 and 5 (the second evaluation's write, twice): two CRC errors, the third attempt passes.
        relay.corruptResponses([4, 5])
        // Responses 10, 11, 12 (the fourth evaluation's write, three times): the retries run out.
        relay.corruptResponses([10, 11, 12])
        let initial = try plant.currentSettings()
        #expect(initial == [0, 0])
        var envelope = try SafetyEnvelope(plant: plant, limits: plant.safetyLimits(), initialPoint: initial)
        let proposals: [[Double]] = [[0.1, 0.1], [0.2, -0.1], [0.15, 0.15], [0.25, 0.25], [0.1, 0.1]]
        var evaluated = 0
        var report: RestoreReport?
        do {
            _ = try await envelope.run { envelope in
                for proposal in proposals {
                    _ = try envelope.evaluate(proposal)
                    evaluated += 1
                }
            }
            Issue.record("the run survived three CRC errors in a row")
        } catch let aborted as AbortedRun {
            let error = try #require(aborted.underlying as? ModbusError)
            #expect(error.kind == .badCRC)
            #expect(error.attempts == 3)
            #expect("\(aborted)".contains("bad CRC"), "\(aborted)")
            #expect("\(aborted)".contains("after 3 attempts"), "\(aborted)")
            #expect("\(aborted)".contains("baud rate, parity and wiring"), "\(aborted)")
            report = aborted.restore
        }
        #expect(evaluated == 3, "responses \(relay.responseCount), requests \(relay.requestCount), retries \(device.connection.statistics.retries), bad frames \(served.server.counters.badFrames), writes \(served.writes.count)")
        // The garbled request and two garbled responses were retried without the run noticing.
        #expect(device.connection.statistics.retries >= 3 + 2)
        #expect(served.server.counters.badFrames >= 1)
        #expect(relay.corruptedCount == 6)
        // The device took the fourth write (only its answer was garbled), so the envelope's restoring move —
        // planned from the last confirmed point — is refused by the plant's own max_step check if it is too long;
        // the host then restores from where the device really is (what `vernier tune` does).
        plant = envelope.plant
        if report?.restored != true {
            let again = plant.restore(to: initial, target: .initial, within: 5)
            #expect(again.restored, "\(again)")
        }
        #expect(served.server.settings == initial)
        try plant.close()
        // From the device's side: every write within bounds and max_step.
        var previous = initial
        for write in served.writes {
            #expect(write.accepted, "\(write)")
            let settings = try #require(write.settings)
            #expect(settings.allSatisfy { abs($0) <= 1 })
            #expect(zip(settings, previous).allSatisfy { abs($0 - $1) <= 0.3 + 1e-12 }, "\(previous) → \(settings)")
            previous = settings
        }
    }
}
