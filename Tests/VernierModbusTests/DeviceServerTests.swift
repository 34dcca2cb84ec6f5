import Foundation
import Testing
import VernierCore
@testable import VernierModbus

/// The device server as any Modbus client sees it: reads, writes, and the exceptions for what the map forbids.
@Suite("Device server", .timeLimit(.minutes(1)))
struct DeviceServerTests {
    static func connection(_ host: InProcessServer, unit: Int? = nil) throws -> ModbusConnection {
        try .open(.tcp(host: "127.0.0.1", port: host.server.port), unit: unit ?? host.map.unit,
                  options: ConnectionOptions(responseTimeout: 2, retries: 0))
    }

    @Test("reads return the plant's settings and readings; an accepted write re-evaluates the plant")
    func readAndWrite() throws {
        let host = try InProcessServer(model: ThreeKnobPlant(), yaml: TestMaps.threeKnob)
        defer { host.stop() }
        let device = try host.device()
        defer { device.close() }
        #expect(try device.readSetpoints() == [0.1, -0.2, 0.3])
        var plant = ThreeKnobPlant()
        let expected = try plant.evaluate([0.1, -0.2, 0.3])
        let readings = try device.readReadings()
        #expect(readings[0] == expected.objective && readings[1] == expected.constraints[0])
        #expect(readings[2] == Double(Float(0.1 * -0.2)))
        #expect(readings[3] == 0.3)

        try device.writeSetpoints([1.25, 0.5, -0.75])
        #expect(host.server.settings == [1.25, 0.5, -0.75])
        let after = try device.readReadings()
        let oracle = try plant.evaluate([1.25, 0.5, -0.75])
        #expect(after[0] == oracle.objective && after[1] == oracle.constraints[0])
        #expect(host.server.counters.appliedWrites == 1)
    }

    @Test("every table and encoding travels through libmodbus intact")
    func mixedEncodings() throws {
        let host = try InProcessServer(model: MixedDevicePlant(), yaml: TestMaps.mixed)
        defer { host.stop() }
        let device = try host.device()
        defer { device.close() }
        #expect(try device.readSetpoints() == [0, 1.5, 12.25, -45.5])
        try device.writeSetpoints([1, -2.37, 48.125, 170.25])
        #expect(try device.readSetpoints() == [1, -2.37, 48.125, 170.25])
        let readings = try device.readReadings()
        #expect(readings[0] == 1)                                       // discrete input "ready"
        #expect(readings[1] == (1 * -2.37 * 48.125 * 1_000).rounded())  // int32 power in mW
        #expect(readings[2] == -(1 * -2.37 * 48.125))                   // float64 objective
        // The raw registers are laid out as the map says: the uint32 voltage word-swapped, the float DCBA.
        let raw = try device.connection.readRegisters(.holding, address: 10, count: 5)
        #expect(raw[0] == UInt16(bitPattern: -237))
        #expect(raw[1] == UInt16(48_125 & 0xFFFF) && raw[2] == UInt16(48_125 >> 16))
        #expect(raw[3] == UInt16(Float(170.25).bitPattern & 0xFFFF).byteSwapped
                && raw[4] == UInt16(Float(170.25).bitPattern >> 16).byteSwapped)
    }

    @Test("writes outside the map are refused with illegal data address, naming the register, and not applied")
    func illegalAddress() throws {
        let host = try InProcessServer(model: ThreeKnobPlant(), yaml: TestMaps.threeKnob)
        defer { host.stop() }
        let connection = try Self.connection(host)
        defer { connection.close() }
        let cases: [(Int, [UInt16], String)] = [
            (12, [1], "an unused register after the last parameter"),
            (2, [0, 0], "the second half of 'a' (half of a 64-bit value)"),
            (0, [0x3FF0, 0, 0], "three of the four registers of 'a'"),
        ]
        for (address, values, label) in cases {
            do {
                try connection.writeRegisters(address: address, values: values)
                Issue.record("\(label) was accepted")
            } catch {
                #expect(error.kind == .illegalAddress, "\(label): \(error)")
                #expect(error.address == address && error.count == values.count)
            }
        }
        // Reading an unused input register: refused too.
        #expect(throws: ModbusError.self) { try connection.readRegisters(.input, address: 20, count: 1) }
        // Input registers cannot be written at all (no Modbus function does); a reading in a holding register
        // is read-only for the device.
        #expect(host.server.settings == [0.1, -0.2, 0.3])
        #expect(host.server.counters.appliedWrites == 0)
        #expect(host.server.counters.exceptions == 4)

        // Through the map the error names the entry.
        var map = host.map
        map.readings.append(RegisterPoint(name: "ghost", layout: RegisterLayout(table: .input, address: 40, encoding: .float32)))
        let device = try host.device(map: map)
        defer { device.close() }
        do {
            _ = try device.readReadings()
            Issue.record("a read of an unused register was accepted")
        } catch {
            #expect(error.kind == .illegalAddress)
            #expect("\(error)".contains("ghost (input registers 40...41, float32)"))
        }
    }

    @Test("values outside a parameter's bounds are refused with illegal data value and not applied")
    func illegalValue() throws {
        let host = try InProcessServer(model: ThreeKnobPlant(), yaml: TestMaps.threeKnob)
        defer { host.stop() }
        let connection = try Self.connection(host)
        defer { connection.close() }
        // c is bounded to [-1, 1]: 1.5 (0x3FF8 0 0 0) is refused, as is a NaN for a.
        for (address, words) in [(8, [UInt16]([0x3FF8, 0, 0, 0])), (0, [0x7FF8, 0, 0, 0])] {
            do {
                try connection.writeRegisters(address: address, values: words)
                Issue.record("an out-of-bounds value was accepted")
            } catch {
                #expect(error.kind == .illegalValue, "\(error)")
            }
        }
        // A whole-block write with one bad value applies none of it.
        let block: [UInt16] = [0x3FF0, 0, 0, 0, /* b = 1 */ 0x3FF0, 0, 0, 0, /* c = 2 */ 0x4000, 0, 0, 0]
        #expect(throws: ModbusError.self) { try connection.writeRegisters(address: 0, values: block) }
        #expect(host.server.settings == [0.1, -0.2, 0.3])
        // In bounds: accepted.
        try connection.writeRegisters(address: 8, values: [0x3FE0, 0, 0, 0])
        #expect(host.server.settings == [0.1, -0.2, 0.5])
    }

    @Test("a request for another unit is answered as an absent gateway target")
    func wrongUnit() throws {
        let host = try InProcessServer(model: ThreeKnobPlant(), yaml: TestMaps.threeKnob)
        defer { host.stop() }
        let connection = try Self.connection(host, unit: 9)
        defer { connection.close() }
        do {
            _ = try connection.readRegisters(.holding, address: 0, count: 4)
            Issue.record("unit 9 was answered by unit 7")
        } catch {
            #expect(error.kind == .gatewayTarget)
        }
    }

    @Test("several clients are served, each seeing the others' writes")
    func severalClients() throws {
        let host = try InProcessServer(model: MeasuredKnobPlant(), yaml: TestMaps.measuredKnob)
        defer { host.stop() }
        let first = try host.device(), second = try host.device()
        defer { first.close(); second.close() }
        for step in 0..<20 {
            let writer = step.isMultiple(of: 2) ? first : second
            let reader = step.isMultiple(of: 2) ? second : first
            let value = Double(step) / 16
            try writer.writeSetpoints([value, -value, 0.5])
            #expect(try reader.readSetpoints() == [value, -value, 0.5])
            #expect(try reader.readReadings() == [Double(Float(value - 0.5)), Double(Float(-value + 0.25)), 0.5])
        }
        #expect(host.server.counters.connections == 2)
    }

    @Test("a reading the plant does not produce is refused when the server starts, at its line")
    func unknownReading() throws {
        let yaml = TestMaps.threeKnob + "\n  - {name: voltage, register: input, address: 30, encoding: float32}"
        do {
            _ = try SimulatedDevice(model: ThreeKnobPlant(), map: try RegisterMap(yaml: yaml, source: "knobs.yaml"), seed: nil)
            Issue.record("an unknown reading was accepted")
        } catch let error as RegisterMapError {
            #expect(error.location?.line == 15)
            #expect(error.message.contains("does not produce a reading called 'voltage'"))
            #expect(error.message.contains("'signal'"))
        }
    }

    @Test("a non-loopback bind is refused without permission")
    func remoteBind() throws {
        let device = try SimulatedDevice(model: ThreeKnobPlant(), map: try RegisterMap(yaml: TestMaps.threeKnob, source: "k"), seed: nil)
        #expect(throws: DeviceServerError.remoteBindRefused("0.0.0.0")) {
            _ = try DeviceServer(device: device, options: .init(bindAddress: "0.0.0.0"))
        }
        #expect(DeviceServer.isLoopback("127.0.0.1") && DeviceServer.isLoopback("127.1.2.3") && DeviceServer.isLoopback("::1"))
        #expect(!DeviceServer.isLoopback("10.0.0.1") && !DeviceServer.isLoopback("::") && !DeviceServer.isLoopback("example.org"))
    }
}
