/// How a Modbus device is reached: TCP (Modbus/TCP, port 502 by default) or RTU over a serial line.
public enum Transport: Sendable, Hashable {
    /// Modbus/TCP to `host` (a name or an IPv4/IPv6 address) on `port` (1...65535).
    case tcp(host: String, port: Int)
    /// Modbus RTU on a serial line (RS-232 or RS-485).
    case rtu(SerialLine)

    /// A short human description, e.g. "tcp 127.0.0.1:1502" or "rtu /dev/ttyUSB0 19200 8E1".
    public var endpoint: String {
        switch self {
        case .tcp(let host, let port):
            return host.contains(":") ? "tcp [\(host)]:\(port)" : "tcp \(host):\(port)"
        case .rtu(let line):
            return "rtu \(line.device) \(line.baudRate) \(line.dataBits)\(line.parity.letter)\(line.stopBits)"
        }
    }
}

/// The settings of a serial line for Modbus RTU.
public struct SerialLine: Sendable, Hashable, Codable {
    /// The serial device, e.g. "/dev/ttyUSB0".
    public var device: String
    /// Bits per second, e.g. 9600 or 19200 (the Modbus default).
    public var baudRate: Int
    /// Parity bit; the Modbus specification's default is even.
    public var parity: Parity
    /// Data bits per character: 5...8 (RTU needs 8).
    public var dataBits: Int
    /// Stop bits: 1 or 2 (the specification asks for 2 when there is no parity).
    public var stopBits: Int

    public init(device: String, baudRate: Int = 19_200, parity: Parity = .even, dataBits: Int = 8, stopBits: Int = 1) {
        self.device = device
        self.baudRate = baudRate
        self.parity = parity
        self.dataBits = dataBits
        self.stopBits = stopBits
    }
}

/// Parity of a serial line.
public enum Parity: String, Sendable, Hashable, Codable, CaseIterable {
    case none, even, odd

    /// The letter libmodbus's `modbus_new_rtu` takes: 'N', 'E' or 'O'.
    public var letter: Character {
        switch self {
        case .none: "N"
        case .even: "E"
        case .odd: "O"
        }
    }
}
