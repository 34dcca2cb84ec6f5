import CModbus
import Foundation
import Testing
@testable import VernierModbus

@Suite("Modbus errors")
struct ModbusErrorTests {
    @Test("libmodbus's error codes map to named kinds, from the shim's constants")
    func kinds() {
        // The shim's constants are libmodbus's own: exception codes above MODBUS_ENOBASE.
        #expect(CModbus_EMBXILFUN == CModbus_ENOBASE + 1)
        #expect(CModbus_EMBXILADD == CModbus_ENOBASE + 2)
        #expect(CModbus_EMBXGTAR == CModbus_ENOBASE + 11)
        #expect(CModbus_EMBBADCRC == CModbus_EMBXGTAR + 1)
        let expected: [(Int32, ModbusError.Kind)] = [
            (CModbus_EMBXILFUN, .illegalFunction), (CModbus_EMBXILADD, .illegalAddress),
            (CModbus_EMBXILVAL, .illegalValue), (CModbus_EMBXSFAIL, .deviceFailure), (CModbus_EMBXACK, .acknowledge),
            (CModbus_EMBXSBUSY, .deviceBusy), (CModbus_EMBXNACK, .negativeAcknowledge),
            (CModbus_EMBXMEMPAR, .memoryParity), (CModbus_EMBXGPATH, .gatewayPath), (CModbus_EMBXGTAR, .gatewayTarget),
            (CModbus_EMBBADCRC, .badCRC), (CModbus_EMBBADDATA, .badData), (CModbus_EMBBADEXC, .badException),
            (CModbus_EMBUNKEXC, .unknownException), (CModbus_EMBMDATA, .tooManyData), (CModbus_EMBBADSLAVE, .badUnit),
            (ETIMEDOUT, .timeout), (ECONNRESET, .connectionLost), (EPIPE, .connectionLost),
            (ECONNREFUSED, .cannotConnect), (EINVAL, .invalidArgument), (ENOMEM, .system(ENOMEM)),
        ]
        for (code, kind) in expected {
            #expect(ModbusError.kind(of: code) == kind, "errno \(code)")
        }
        #expect(ModbusError.kind(of: ECONNRESET, connecting: true) == .cannotConnect)
    }

    @Test("the message carries function, endpoint, unit, registers, libmodbus's text and advice")
    func message() {
        var error = ModbusError(code: CModbus_EMBXILADD, function: "modbus_read_input_registers",
                                endpoint: "tcp 127.0.0.1:1502", unit: 1, address: 100, count: 4)
        error.registerNames = ["bpm_3 (input registers 100...101, float32)"]
        let text = "\(error)"
        #expect(error.kind == .illegalAddress && error.kind.isDeviceException && !error.isRetryable)
        #expect(text.contains("illegal data address"))
        #expect(text.contains("tcp 127.0.0.1:1502 unit 1, registers 100...103 (bpm_3"))
        #expect(text.contains("modbus_read_input_registers: Illegal data address"))
        #expect(text.contains("register map against its manual"))
    }

    @Test("connecting to a closed port fails as cannotConnect and frees the context")
    func cannotConnect() throws {
        // Bind a port, then release it: nothing listens there any more.
        let port = try Self.freePort()
        let options = ConnectionOptions(responseTimeout: 1, retries: 0)
        do {
            _ = try ModbusConnection.open(.tcp(host: "127.0.0.1", port: port), unit: 1, options: options)
            Issue.record("connected to a closed port")
        } catch {
            #expect(error.kind == .cannotConnect)
            #expect(error.function == "modbus_connect")
            #expect("\(error)".contains("127.0.0.1:\(port)"))
        }
        let connection = try ModbusConnection(transport: .tcp(host: "127.0.0.1", port: port), unit: 1, options: options)
        #expect(connection.isOpen && !connection.isConnected)
        connection.close()
        connection.close()
        #expect(!connection.isOpen)
        #expect(throws: ModbusError.self) { try connection.readRegisters(.holding, address: 0, count: 1) }
    }

    @Test("a serial line that does not exist fails as cannotConnect, and the context is freed")
    func serialPortMissing() {
        let line = SerialLine(device: "/dev/vernier-no-such-port", baudRate: 19_200, parity: .even)
        do {
            _ = try ModbusConnection.open(.rtu(line), unit: 5, options: ConnectionOptions(responseTimeout: 0.2, retries: 0))
            Issue.record("opened a serial port that does not exist")
        } catch {
            #expect(error.kind == .cannotConnect)
            #expect(error.endpoint == "rtu /dev/vernier-no-such-port 19200 8E1")
        }
    }

    @Test("unusable timing options are refused before any context exists")
    func badOptions() {
        #expect(throws: ModbusError.self) {
            _ = try ModbusConnection(transport: .tcp(host: "127.0.0.1", port: 1502), unit: 1,
                                     options: ConnectionOptions(responseTimeout: 0))
        }
        #expect(ConnectionOptions(retries: 50).problems().count == 1)
        #expect(ConnectionOptions(initialBackoff: 0.1, maxBackoff: 0.05).problems().count == 1)
    }

    @Test("back-off doubles from the initial wait up to the maximum")
    func backoff() {
        let options = ConnectionOptions(initialBackoff: 0.01, maxBackoff: 0.05)
        #expect([0, 1, 2, 3, 4].map(options.backoff(beforeAttempt:)) == [0, 0.01, 0.02, 0.04, 0.05])
    }

    static func freePort() throws -> Int {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { Glibc.close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer -> Int32 in
                guard bind(socket, pointer, length) == 0 else { return -1 }
                return getsockname(socket, pointer, &length)
            }
        }
        try #require(bound == 0)
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
