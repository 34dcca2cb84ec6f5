import CModbus
import Foundation

/// A Modbus request (or connection attempt) that failed, with everything an operator needs to find the fault:
/// which libmodbus function, which device and unit, which registers, what libmodbus said, and what kind of
/// failure it was.
public struct ModbusError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, by the named errors of libmodbus and of the Modbus specification.
    public enum Kind: Sendable, Hashable, CustomStringConvertible {
        /// No (complete) response within the response or byte timeout.
        case timeout
        /// The link to the device broke (reset, closed by the device, broken pipe).
        case connectionLost
        /// The device could not be reached (connection refused, no route, serial port missing).
        case cannotConnect
        /// Modbus exception 0x01: the device does not support the function code.
        case illegalFunction
        /// Modbus exception 0x02: a register in the request is not one the device has.
        case illegalAddress
        /// Modbus exception 0x03: the device refused a value (out of its range, or a malformed request).
        case illegalValue
        /// Modbus exception 0x04: the device failed while performing the request.
        case deviceFailure
        /// Modbus exception 0x05: the device accepted the request and is still processing it.
        case acknowledge
        /// Modbus exception 0x06: the device is busy; try again later.
        case deviceBusy
        /// Modbus exception 0x07: the device cannot perform the programming function.
        case negativeAcknowledge
        /// Modbus exception 0x08: the device detected a parity error in its memory.
        case memoryParity
        /// Modbus exception 0x0A: a gateway has no path to the target.
        case gatewayPath
        /// Modbus exception 0x0B: the target behind a gateway did not respond (or the unit id is wrong).
        case gatewayTarget
        /// The response's CRC was wrong (RTU: line noise, wrong baud rate or parity).
        case badCRC
        /// The response did not match the request (wrong length, transaction or function).
        case badData
        /// The device answered with an exception code that is not valid.
        case badException
        /// The device answered with an exception code libmodbus does not know.
        case unknownException
        /// The request asked for more values than one Modbus frame holds.
        case tooManyData
        /// The response came from another unit than the one asked.
        case badUnit
        /// libmodbus refused an argument (address or count out of range, bad transport settings).
        case invalidArgument
        /// Any other operating-system error, by its errno.
        case system(Int32)

        public var description: String {
            switch self {
            case .timeout: "timeout"
            case .connectionLost: "connection lost"
            case .cannotConnect: "cannot connect"
            case .illegalFunction: "illegal function"
            case .illegalAddress: "illegal data address"
            case .illegalValue: "illegal data value"
            case .deviceFailure: "device failure"
            case .acknowledge: "acknowledge (still processing)"
            case .deviceBusy: "device busy"
            case .negativeAcknowledge: "negative acknowledge"
            case .memoryParity: "memory parity error"
            case .gatewayPath: "gateway path unavailable"
            case .gatewayTarget: "gateway target did not respond"
            case .badCRC: "bad CRC"
            case .badData: "bad response data"
            case .badException: "bad exception code"
            case .unknownException: "unknown exception code"
            case .tooManyData: "too many data"
            case .badUnit: "response from the wrong unit"
            case .invalidArgument: "invalid argument"
            case .system(let code): "system error \(code)"
            }
        }

        /// Whether the device itself answered (with a Modbus exception): the link is fine, the request was refused.
        public var isDeviceException: Bool {
            switch self {
            case .illegalFunction, .illegalAddress, .illegalValue, .deviceFailure, .acknowledge, .deviceBusy,
                 .negativeAcknowledge, .memoryParity, .gatewayPath, .gatewayTarget:
                true
            default:
                false
            }
        }
    }

    /// The named kind of failure.
    public var kind: Kind
    /// The libmodbus function that failed, e.g. "modbus_read_registers".
    public var function: String
    /// The device's endpoint, e.g. "tcp 127.0.0.1:1502".
    public var endpoint: String
    /// The unit (slave) id addressed, if a request was made.
    public var unit: Int?
    /// The first register (or coil) of the request, if any.
    public var address: Int?
    /// The number of registers (or coils) of the request, if any.
    public var count: Int?
    /// The register-map names of the values the request covered, when the caller knows them.
    public var registerNames: [String]
    /// The errno value libmodbus left.
    public var code: Int32
    /// libmodbus's text for `code` (`modbus_strerror`).
    public var message: String
    /// How many attempts were made before giving up (1 when the failure was not retried).
    public var attempts: Int

    public init(
        kind: Kind, function: String, endpoint: String, unit: Int? = nil, address: Int? = nil, count: Int? = nil,
        registerNames: [String] = [], code: Int32, message: String, attempts: Int = 1
    ) {
        self.kind = kind
        self.function = function
        self.endpoint = endpoint
        self.unit = unit
        self.address = address
        self.count = count
        self.registerNames = registerNames
        self.code = code
        self.message = message
        self.attempts = attempts
    }

    /// The error for errno `code` left by `function`, with libmodbus's message.
    ///
    /// - Parameter connecting: whether the call was a connection attempt (refusals then mean `cannotConnect`).
    public init(
        code: Int32, function: String, endpoint: String, unit: Int? = nil, address: Int? = nil, count: Int? = nil,
        connecting: Bool = false
    ) {
        let text = modbus_strerror(code).map { String(cString: $0) } ?? "errno \(code)"
        self.init(kind: Self.kind(of: code, connecting: connecting), function: function, endpoint: endpoint,
                  unit: unit, address: address, count: count, code: code, message: text)
    }

    /// Names libmodbus's errno values; the libmodbus ones come from the shim, never from a hard-coded base.
    public static func kind(of code: Int32, connecting: Bool = false) -> Kind {
        switch code {
        case CModbus_EMBXILFUN: return .illegalFunction
        case CModbus_EMBXILADD: return .illegalAddress
        case CModbus_EMBXILVAL: return .illegalValue
        case CModbus_EMBXSFAIL: return .deviceFailure
        case CModbus_EMBXACK: return .acknowledge
        case CModbus_EMBXSBUSY: return .deviceBusy
        case CModbus_EMBXNACK: return .negativeAcknowledge
        case CModbus_EMBXMEMPAR: return .memoryParity
        case CModbus_EMBXGPATH: return .gatewayPath
        case CModbus_EMBXGTAR: return .gatewayTarget
        case CModbus_EMBBADCRC: return .badCRC
        case CModbus_EMBBADDATA: return .badData
        case CModbus_EMBBADEXC: return .badException
        case CModbus_EMBUNKEXC: return .unknownException
        case CModbus_EMBMDATA: return .tooManyData
        case CModbus_EMBBADSLAVE: return .badUnit
        // libmodbus's TCP connect waits for a non-blocking connect() with select(); when the response timeout
        // passes first it fails leaving connect()'s EINPROGRESS in errno (3.1.6, _connect): a timeout.
        case ETIMEDOUT, EINPROGRESS: return .timeout
        case ECONNREFUSED, EHOSTUNREACH, ENETUNREACH, EHOSTDOWN, ENOENT, EACCES, EADDRNOTAVAIL:
            return .cannotConnect
        case ECONNRESET, EPIPE, ENOTCONN, ECONNABORTED, EBADF, ESHUTDOWN, ENETRESET:
            return connecting ? .cannotConnect : .connectionLost
        case EINVAL: return .invalidArgument
        default: return .system(code)
        }
    }

    /// Whether trying the same request again may succeed: timeouts, a busy device, a garbled RTU frame.
    public var isRetryable: Bool {
        switch kind {
        case .timeout, .deviceBusy, .acknowledge, .badCRC: true
        default: false
        }
    }

    public var description: String {
        var text = "Modbus \(kind) from \(endpoint)"
        if let unit { text += " unit \(unit)" }
        if let address {
            let span = (count ?? 1) > 1 ? "registers \(address)...\(address + (count ?? 1) - 1)" : "register \(address)"
            text += ", \(span)"
        }
        if !registerNames.isEmpty { text += " (\(registerNames.joined(separator: ", ")))" }
        text += " in \(function): \(message)"
        if attempts > 1 { text += " after \(attempts) attempts" }
        text += ". " + advice
        return text
    }

    /// What an operator can do about it.
    public var advice: String {
        switch kind {
        case .timeout:
            "Check that the device is powered and reachable, or raise connection.response_timeout_ms in the map."
        case .connectionLost:
            "The device dropped the link; Vernier reconnects on the next request."
        case .cannotConnect:
            "Check the address and port (or serial device) in the map's transport, or --endpoint."
        case .illegalAddress:
            "The device has no such register: check the addresses in the register map against its manual."
        case .illegalValue:
            "The device refused the value: check the map's scale, offset and bounds."
        case .illegalFunction:
            "The device does not support this register type; check the register types in the map."
        case .gatewayTarget, .badUnit:
            "Check the map's unit_id."
        case .badCRC:
            "Check the serial line's baud rate, parity and wiring."
        case .badData:
            "The device's answer did not match the request (its length, function code or transaction id): "
                + "Vernier dropped the link and reconnects before the next request; check that only Vernier talks to this unit."
        default:
            "See the device's manual for this Modbus error."
        }
    }
}
