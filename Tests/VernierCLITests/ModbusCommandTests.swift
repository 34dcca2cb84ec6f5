import VernierTestSupport
import ArgumentParser
import Testing
@testable import vernier

@Suite("Modbus command-line pieces")
struct ModbusCommandTests {
    @Test("endpoints parse as HOST:PORT and [IPv6]:PORT, and refuse the rest")
    func endpoints() {
        #expect(Endpoint(argument: "127.0.0.1:1502") == Endpoint(host: "127.0.0.1", port: 1_502))
        #expect(Endpoint(argument: "plc.example.org:502") == Endpoint(host: "plc.example.org", port: 502))
        #expect(Endpoint(argument: "[::1]:1502") == Endpoint(host: "::1", port: 1_502))
        #expect(Endpoint(argument: "[::1]:1502")?.description == "[::1]:1502")
        for bad in ["127.0.0.1", ":502", "host:0", "host:70000", "host:port", "[::1]1502"] {
            #expect(Endpoint(argument: bad) == nil, "\(bad)")
        }
    }

    @Test("a missing or malformed map is a usage error naming the file and line")
    func mapErrors() throws {
        #expect(throws: ValidationError.self) { _ = try ModbusBackend.map(path: "/nonexistent/map.yaml", endpoint: nil) }
        do {
            _ = try ModbusBackend.map(path: #filePath, endpoint: nil)
            Issue.record("a Swift file was accepted as a register map")
        } catch let error as ValidationError {
            #expect(error.message.hasPrefix(#filePath + ":"))
        }
    }

    @Test("the device commands are registered under vernier")
    func registered() {
        let names = Vernier.configuration.subcommands.map { $0.configuration.commandName }
        #expect(names.contains("device") && names.contains("probe"))
        #expect(DeviceCommand.configuration.subcommands.map { $0.configuration.commandName } == ["serve", "bench"])
    }

    @Test("modbus/Device-v1 is registered as an optimisation problem and environment, defined by its options file")
    func deviceKindRegistered() throws {
        let spec = try PlantCatalogs.registry().spec(for: "modbus/Device-v1")
        #expect(spec.capabilities == [.optimizable, .environment])
        #expect(spec.defaultOptionsFile == "hardware/examples/steering-device.yaml")
        do {
            _ = try PlantFactory.make(id: "modbus/Device-v1", optionsText: nil)
            Issue.record("modbus/Device-v1 was built without a definition")
        } catch let error as ValidationError {
            #expect(error.message.hasPrefix("modbus/Device-v1: needs its definition: give the YAML file with --options device.yaml"))
        }
    }

    @Test("vernier demo still checks every simulated plant and says why the device kind is not checked")
    func demoSkipsTheDeviceKind() throws {
        let result = try CommandLineTool.run(["demo"])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("modbus/Device-v1  not checked: it needs its definition"))
        #expect(result.standardOutput.contains("synthetic/Steering-v1  ok"))
    }
}
