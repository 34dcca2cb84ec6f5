import CModbus
import Foundation

/// A connection to one Modbus device: owns libmodbus's context (`modbus_t*`), applies the timeouts, retries
/// timed-out requests with exponential back-off, and reconnects after the device drops the link.
///
/// Lifetime: the context is created in `init` and freed by ``close()`` (idempotent) or, at the latest, by
/// `deinit`; a failed connection attempt in ``open(_:unit:options:)`` frees it before throwing.
///
/// Failures arrive as ``ModbusError``. A timeout (or a busy device) is retried `options.retries` times; before a
/// retry over TCP the link is re-established, so a late answer to the abandoned request can never be taken for
/// the answer to the next one. A lost link is *not* retried silently — the caller learns of it (a run must stop)
/// — but the next request reconnects first.
///
/// Not thread-safe: use one connection from one task at a time.
public final class ModbusConnection {
    /// Where the device is.
    public let transport: Transport
    /// The unit (slave) id every request addresses: 1...247, 0 for broadcast, 255 for "the device itself" over TCP.
    public let unit: Int
    /// Timeouts and retries.
    public let options: ConnectionOptions

    /// libmodbus's context; nil once closed.
    private var context: OpaquePointer?
    private let call: LibModbusCall

    /// Whether the link is up (a request will be sent without reconnecting first).
    public private(set) var isConnected = false
    /// Whether the context still exists (``close()`` not yet called).
    public var isOpen: Bool { context != nil }

    /// Counters since the connection was created, for logs and benchmarks.
    public private(set) var statistics = Statistics()

    /// What the connection has done.
    public struct Statistics: Sendable, Hashable {
        /// Requests that succeeded.
        public var requests = 0
        /// Attempts repeated after a retryable failure.
        public var retries = 0
        /// Links re-established after a drop or before a retry.
        public var reconnections = 0
    }

    /// Creates the context without connecting. ``open(_:unit:options:)`` also connects.
    ///
    /// - Throws: ``ModbusError`` (`invalidArgument`) for options libmodbus refuses.
    public init(transport: Transport, unit: Int, options: ConnectionOptions = ConnectionOptions()) throws(ModbusError) {
        self.transport = transport
        self.unit = unit
        self.options = options
        self.call = LibModbusCall(endpoint: transport.endpoint, unit: unit)
        let problems = options.problems()
        guard problems.isEmpty else {
            throw ModbusError(kind: .invalidArgument, function: "ModbusConnection.init", endpoint: transport.endpoint,
                              code: EINVAL, message: problems.joined(separator: "; "))
        }
        let created: OpaquePointer
        switch transport {
        case .tcp(let host, let port):
            // The protocol-independent constructor resolves host names and IPv6 (plain modbus_new_tcp takes
            // only a dotted IPv4 address).
            created = try call.pointer("modbus_new_tcp_pi") { modbus_new_tcp_pi(host, String(port)) }
        case .rtu(let line):
            let parity = Int8(UInt8(ascii: line.parity.letter.unicodeScalars.first ?? "N"))
            created = try call.pointer("modbus_new_rtu") {
                modbus_new_rtu(line.device, Int32(line.baudRate), CChar(parity), Int32(line.dataBits),
                               Int32(line.stopBits))
            }
        }
        context = created
        do {
            try configure(created)
        } catch {
            modbus_free(created)
            context = nil
            throw error
        }
    }

    /// Creates a connection and connects, freeing everything if the device cannot be reached.
    public static func open(
        _ transport: Transport, unit: Int, options: ConnectionOptions = ConnectionOptions()
    ) throws(ModbusError) -> ModbusConnection {
        let connection = try ModbusConnection(transport: transport, unit: unit, options: options)
        do {
            try connection.connect()
        } catch {
            connection.close()
            throw error
        }
        return connection
    }

    deinit {
        // Closing here too keeps a forgotten close() from leaking a socket or a serial port.
        close()
    }

    /// Closes the link and frees the context. Calling it again does nothing.
    public func close() {
        guard let context else { return }
        if isConnected { modbus_close(context) }
        modbus_free(context)
        self.context = nil
        isConnected = false
    }

    // MARK: - Link

    /// Connects (once) if the link is down.
    ///
    /// - Throws: ``ModbusError`` (`cannotConnect`, `timeout`) when the device does not accept the link.
    public func connect() throws(ModbusError) {
        let context = try liveContext("modbus_connect")
        guard !isConnected else { return }
        _ = try call("modbus_connect", connecting: true) { modbus_connect(context) }
        isConnected = true
        if case .tcp = transport {
            // libmodbus (3.1.6) turns Nagle's algorithm off only on IPv4 sockets (_modbus_tcp_set_ipv4_options);
            // a control loop's small frames must not wait for it over IPv6 either.
            let socket = try call("modbus_get_socket") { modbus_get_socket(context) }
            var on: Int32 = 1
            _ = setsockopt(socket, Int32(IPPROTO_TCP), TCP_NODELAY, &on, socklen_t(MemoryLayout<Int32>.size))
        }
    }

    /// Whether the link's socket sends small frames at once (TCP_NODELAY); nil when not connected over TCP.
    public var sendsWithoutDelay: Bool? {
        guard let context, isConnected, case .tcp = transport else { return nil }
        let socket = modbus_get_socket(context)
        guard socket >= 0 else { return nil }
        var value: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        guard getsockopt(socket, Int32(IPPROTO_TCP), TCP_NODELAY, &value, &length) == 0 else { return nil }
        return value != 0
    }

    /// Drops the link (the next request reconnects). Safe to call when already down.
    public func disconnect() {
        guard let context, isConnected else { return }
        modbus_close(context)
        isConnected = false
    }

    /// Re-establishes the link, trying with exponential back-off until `deadline`.
    ///
    /// - Returns: the number of attempts it took.
    /// - Throws: the last ``ModbusError`` when the deadline passes without a link.
    @discardableResult
    public func reconnect(until deadline: ContinuousClock.Instant) throws(ModbusError) -> Int {
        disconnect()
        var attempt = 0
        while true {
            attempt += 1
            do {
                try connect()
                statistics.reconnections += 1
                return attempt
            } catch {
                let wait = options.backoff(beforeAttempt: attempt)
                let now = ContinuousClock.now
                guard now + .seconds(wait) < deadline else {
                    var failed = error
                    failed.attempts = attempt
                    throw failed
                }
                Pause.sleep(seconds: wait)
            }
        }
    }

    // MARK: - Requests

    /// Reads `buffer.count` consecutive registers of `table` (holding or input) starting at `address`.
    public func readRegisters(
        _ table: RegisterTable, address: Int, into buffer: UnsafeMutableBufferPointer<UInt16>
    ) throws(ModbusError) {
        precondition(!table.holdsBits, "readRegisters reads holding or input registers, not \(table.noun)s")
        let count = Int32(buffer.count)
        guard let base = buffer.baseAddress else { return }
        let read = try perform(table == .holding ? "modbus_read_registers" : "modbus_read_input_registers",
                               address: address, count: buffer.count) { context in
            table == .holding
                ? modbus_read_registers(context, Int32(address), count, base)
                : modbus_read_input_registers(context, Int32(address), count, base)
        }
        try expect(read, equals: buffer.count, "read", address: address)
    }

    /// Reads `buffer.count` consecutive bits of `table` (coils or discrete inputs), one byte (0 or 1) per bit.
    public func readBits(
        _ table: RegisterTable, address: Int, into buffer: UnsafeMutableBufferPointer<UInt8>
    ) throws(ModbusError) {
        precondition(table.holdsBits, "readBits reads coils or discrete inputs, not \(table.noun)s")
        let count = Int32(buffer.count)
        guard let base = buffer.baseAddress else { return }
        let read = try perform(table == .coil ? "modbus_read_bits" : "modbus_read_input_bits",
                               address: address, count: buffer.count) { context in
            table == .coil
                ? modbus_read_bits(context, Int32(address), count, base)
                : modbus_read_input_bits(context, Int32(address), count, base)
        }
        try expect(read, equals: buffer.count, "read", address: address)
    }

    /// Writes consecutive holding registers starting at `address` (function code 16).
    public func writeRegisters(address: Int, from values: UnsafeBufferPointer<UInt16>) throws(ModbusError) {
        guard let base = values.baseAddress else { return }
        let written = try perform("modbus_write_registers", address: address, count: values.count) { context in
            modbus_write_registers(context, Int32(address), Int32(values.count), base)
        }
        try expect(written, equals: values.count, "write", address: address)
    }

    /// Writes consecutive coils starting at `address` (function code 15), one byte (0 or 1) per coil.
    public func writeBits(address: Int, from values: UnsafeBufferPointer<UInt8>) throws(ModbusError) {
        guard let base = values.baseAddress else { return }
        let written = try perform("modbus_write_bits", address: address, count: values.count) { context in
            modbus_write_bits(context, Int32(address), Int32(values.count), base)
        }
        try expect(written, equals: values.count, "write", address: address)
    }

    /// Writes holding registers and reads holding registers in one transaction (function code 23); the device
    /// performs the write first.
    public func writeAndReadRegisters(
        writeAddress: Int, from values: UnsafeBufferPointer<UInt16>,
        readAddress: Int, into buffer: UnsafeMutableBufferPointer<UInt16>
    ) throws(ModbusError) {
        guard let source = values.baseAddress, let destination = buffer.baseAddress else { return }
        let read = try perform("modbus_write_and_read_registers", address: writeAddress, count: values.count) {
            modbus_write_and_read_registers($0, Int32(writeAddress), Int32(values.count), source,
                                            Int32(readAddress), Int32(buffer.count), destination)
        }
        try expect(read, equals: buffer.count, "read", address: readAddress)
    }

    /// Convenience: reads `count` registers into a new array.
    public func readRegisters(_ table: RegisterTable, address: Int, count: Int) throws(ModbusError) -> [UInt16] {
        var values = [UInt16](repeating: 0, count: count)
        try values.withUnsafeMutableBufferPointer { (buffer) throws(ModbusError) in
            try readRegisters(table, address: address, into: buffer)
        }
        return values
    }

    /// Convenience: writes `values` to consecutive holding registers.
    public func writeRegisters(address: Int, values: [UInt16]) throws(ModbusError) {
        try values.withUnsafeBufferPointer { (buffer) throws(ModbusError) in
            try writeRegisters(address: address, from: buffer)
        }
    }

    // MARK: - Implementation

    private func configure(_ context: OpaquePointer) throws(ModbusError) {
        _ = try call("modbus_set_slave") { modbus_set_slave(context, Int32(unit)) }
        let (responseSeconds, responseMicroseconds) = Self.split(options.responseTimeout)
        _ = try call("modbus_set_response_timeout") {
            modbus_set_response_timeout(context, responseSeconds, responseMicroseconds)
        }
        let (byteSeconds, byteMicroseconds) = Self.split(options.byteTimeout)
        _ = try call("modbus_set_byte_timeout") { modbus_set_byte_timeout(context, byteSeconds, byteMicroseconds) }
        // Recovery is Vernier's job (reconnect before retrying, report lost links); libmodbus must not sleep or
        // reconnect behind its back.
        _ = try call("modbus_set_error_recovery") { modbus_set_error_recovery(context, MODBUS_ERROR_RECOVERY_NONE) }
    }

    private static func split(_ seconds: Double) -> (UInt32, UInt32) {
        let whole = seconds.rounded(.down)
        return (UInt32(whole), UInt32(((seconds - whole) * 1e6).rounded()))
    }

    private func liveContext(_ function: StaticString) throws(ModbusError) -> OpaquePointer {
        guard let context else {
            throw ModbusError(kind: .invalidArgument, function: "\(function)", endpoint: transport.endpoint, unit: unit,
                              code: EBADF, message: "the connection was closed")
        }
        return context
    }

    /// Sends one request through the funnel, reconnecting first if the link is down and retrying what may
    /// succeed on a second try.
    private func perform(
        _ function: StaticString, address: Int, count: Int, _ body: (OpaquePointer) -> Int32
    ) throws(ModbusError) -> Int32 {
        let context = try liveContext(function)
        var attempt = 1
        while true {
            do {
                if !isConnected {
                    try connect()
                    if attempt > 1 || statistics.requests > 0 { statistics.reconnections += 1 }
                }
                let result = try call(function, address: address, count: count) { body(context) }
                statistics.requests += 1
                return result
            } catch {
                var failed = error
                failed.attempts = attempt
                if failed.kind == .connectionLost || failed.kind == .badData || failed.kind == .badUnit {
                    // The byte stream can no longer be trusted: drop the link; the next request reconnects.
                    disconnect()
                }
                guard failed.isRetryable, attempt <= options.retries else { throw failed }
                // Over TCP a late answer to the abandoned request would be read as the answer to the retry:
                // start over on a fresh link. On a serial line, discard whatever is in the receive buffer.
                if case .tcp = transport { disconnect() } else { _ = try? call("modbus_flush") { modbus_flush(context) } }
                Pause.sleep(seconds: options.backoff(beforeAttempt: attempt))
                attempt += 1
                statistics.retries += 1
            }
        }
    }

    private func expect(_ got: Int32, equals expected: Int, _ verb: String, address: Int) throws(ModbusError) {
        guard Int(got) == expected else {
            throw ModbusError(kind: .badData, function: "modbus_\(verb)", endpoint: transport.endpoint, unit: unit,
                              address: address, count: expected, code: CModbus_EMBBADDATA,
                              message: "the device returned \(got) values, \(expected) were asked for")
        }
    }
}
