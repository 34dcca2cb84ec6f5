import Foundation
import Testing
import VernierCore
@testable import VernierModbus

/// What happens when the device misbehaves: dropped links, slow answers, lost frames.
@Suite("Faults", .timeLimit(.minutes(1)))
struct FaultTests {
    @Test("a dropped link stops the run with a clear error; restore succeeds once the device is back")
    func disconnectAndRestore() throws {
        // The device answers 8 requests, then drops every link and refuses connections for 0.6 s.
        let faults = FaultInjection(disconnectAfter: 8, downtime: 0.6)
        let host = try InProcessServer(model: TwoCorrectorSteering(), yaml: TestMaps.steering, faults: faults)
        defer { host.stop() }
        var plant = try ModbusPlant(model: TwoCorrectorSteering(), device: try host.device())
        defer { try? plant.close() }
        let initial = try plant.initialParameters(seed: nil)
        var evaluations: [Evaluation] = []
        var failure: (any Error)?
        for step in 1...20 {
            do {
                evaluations.append(try plant.evaluate([0.05 * Double(step), -0.05 * Double(step)]))
            } catch {
                failure = error
                break
            }
        }
        let error = try #require(failure as? ModbusError)
        #expect(error.kind == .connectionLost)
        #expect("\(error)".contains("connection lost"))
        // One read for the initial point, then two requests (write, read) per evaluation: the 8th request, the
        // write of the 4th evaluation, was the last answered, so 3 evaluations completed and the 4th point was set.
        #expect(evaluations.count == 3)
        #expect(host.server.settings == [0.2, -0.2])

        let began = ContinuousClock.now
        let report = plant.restore(to: initial, within: 10)
        #expect(report.restored, "\(report.error ?? "")")
        #expect(ContinuousClock.now - began >= .milliseconds(300))
        #expect(host.server.settings == initial)
        #expect(try plant.currentSettings() == initial)
    }

    @Test("restore says plainly when the device never comes back")
    func restoreGivesUp() throws {
        let host = try InProcessServer(model: TwoCorrectorSteering(), yaml: TestMaps.steering)
        var plant = try ModbusPlant(model: TwoCorrectorSteering(), device: try host.device())
        defer { try? plant.close() }
        _ = try plant.evaluate([0.1, 0.1])
        host.stop()
        let report = plant.restore(to: [0, 0], within: 0.5)
        #expect(!report.restored)
        #expect(report.error?.contains("did not answer within 0.5 s") == true)
        #expect(report.error?.contains("cannot connect") == true)
    }

    @Test("latency beyond the timeout: retried, then a clear timeout error")
    func latencyBeyondTimeout() throws {
        let host = try InProcessServer(model: TwoCorrectorSteering(), yaml: TestMaps.steering,
                                       faults: FaultInjection(latency: 0.3))
        defer { host.stop() }
        var map = host.clientMap
        map.connection = ConnectionOptions(responseTimeout: 0.08, byteTimeout: 0.05, retries: 2, initialBackoff: 0.01)
        let device = ModbusDevice(map: map, connection: try ModbusConnection(transport: map.transport, unit: map.unit,
                                                                              options: map.connection))
        defer { device.close() }
        do {
            _ = try device.readReadings()
            Issue.record("a 300 ms answer arrived within an 80 ms timeout")
        } catch {
            #expect(error.kind == .timeout)
            #expect(error.attempts == 3)
            #expect(device.connection.statistics.retries == 2)
            #expect("\(error)".contains("after 3 attempts"))
            #expect("\(error)".contains("bpm_1"))
        }
    }

    @Test("a lost response is retried transparently on a fresh link")
    func droppedResponse() throws {
        let host = try InProcessServer(model: MeasuredKnobPlant(), yaml: TestMaps.measuredKnob,
                                       faults: FaultInjection(dropEvery: 3))
        defer { host.stop() }
        var map = host.clientMap
        map.connection = ConnectionOptions(responseTimeout: 0.15, retries: 2, initialBackoff: 0.001)
        let device = ModbusDevice(map: map, connection: try ModbusConnection(transport: map.transport, unit: map.unit,
                                                                              options: map.connection))
        var plant = try ModbusPlant(model: MeasuredKnobPlant(), device: device)
        defer { try? plant.close() }
        for step in 0..<5 {
            let point = [0.1 * Double(step), 0.2, -0.3]
            let evaluation = try plant.evaluate(point)
            let stored = point.map { Double(Float($0)) }
            #expect(evaluation.observables["m_1"] == Double(Float(stored[0] - 0.5)))
        }
        #expect(device.connection.statistics.retries >= 3)
        #expect(device.connection.statistics.reconnections >= 3)
    }
}
