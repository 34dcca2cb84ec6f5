import CModbus
import Foundation
import VernierMath

/// A Modbus/TCP or Modbus RTU server (libmodbus) that hosts a ``SimulatedDevice`` behind its register map: the stand-in for a
/// real instrument that `vernier device serve` runs, and any standard Modbus client can talk to.
///
/// - Reads return the device's present readings and settings; reading an address the map does not use is
///   answered with exception 0x02 (illegal data address).
/// - A write must cover whole parameters (or the map's context register, which re-evaluates the model at the new
///   context): writing a reading, an unused address or half of a 32-bit value is
///   answered with 0x02, a value outside the parameter's bounds (or a NaN) with 0x03 (illegal data value), and
///   nothing is applied. An accepted write updates the settings and re-evaluates the model at once, so the next
///   read sees the new readings. A device that held a torn 32-bit value for a moment would be a hazard, so
///   half-writes are refused rather than merged.
/// - Requests for another unit id are answered with 0x0B (gateway target failed to respond).
/// - Several clients are served one request at a time (`poll`), in arrival order.
/// - Over RTU (``Options/serialLine``) it is the one device at the map's unit id on a serial line: requests for
///   other units are ignored (another device on the bus answers them), broadcasts are not answered, and a frame
///   with a bad CRC is counted and dropped, as the RTU specification asks.
///
/// ``run()`` blocks until ``stop()`` (safe from any thread or a signal handler's queue). Faults from
/// ``FaultInjection`` are applied as requests arrive.
public final class DeviceServer: @unchecked Sendable {
    /// Where and how to listen.
    public struct Options: Sendable, Hashable {
        /// Address to listen on: an IP literal or "localhost". Loopback unless ``allowRemote``.
        public var bindAddress: String
        /// TCP port; 0 picks a free one (read it from ``DeviceServer/port``).
        public var port: Int
        /// Allow listening on a non-loopback address (the simulated device is then reachable from the network).
        public var allowRemote: Bool
        /// Faults to inject.
        public var faults: FaultInjection
        /// Most clients connected at once; further connections are closed at once.
        public var maxClients: Int
        /// Re-evaluate the plant before answering each read that covers a reading, so a noisy plant gives a new
        /// sample per read, as a live instrument does (what averaging needs); off by default (readings change only
        /// when a write changes the settings).
        public var freshReadings: Bool
        /// Serve Modbus RTU on this serial line (a port, or one end of a pty pair) instead of TCP; the bind
        /// address, port and client limit then do not apply.
        public var serialLine: SerialLine?

        public init(bindAddress: String = "127.0.0.1", port: Int = 0, allowRemote: Bool = false,
                    faults: FaultInjection = .none, maxClients: Int = 16, freshReadings: Bool = false,
                    serialLine: SerialLine? = nil) {
            self.serialLine = serialLine
            self.bindAddress = bindAddress
            self.port = port
            self.allowRemote = allowRemote
            self.faults = faults
            self.maxClients = maxClients
            self.freshReadings = freshReadings
        }
    }

    /// What the server has done, for tests and logs.
    public struct Counters: Sendable, Hashable {
        /// Requests received (including dropped ones).
        public var requests = 0
        /// Requests answered with a Modbus exception.
        public var exceptions = 0
        /// Writes accepted and applied.
        public var appliedWrites = 0
        /// Connections accepted.
        public var connections = 0
        /// Requests given no response on purpose (``FaultInjection/dropEvery``, ``FaultInjection/dropProbability``).
        public var dropped = 0
        /// Times every link was closed on purpose (or, over RTU, the line went silent).
        public var disconnections = 0
        /// RTU frames refused for a bad CRC (or otherwise unreadable).
        public var badFrames = 0
    }

    /// The port the server listens on (the one picked when `options.port` was 0); 0 over RTU.
    public let port: Int
    /// The address it listens on.
    public let bindAddress: String
    public let options: Options

    private var device: SimulatedDevice
    /// What clients may write: the map's parameters, then its context (``RegisterMap/writablePoints``).
    private let writable: [Setpoint]
    private let image: RegisterImage
    private var context: OpaquePointer?
    private var listener: Int32 = -1
    private var clients: [Int32] = []
    /// The stop pipe; both ends −1 once closed (guarded by `lock`, so `stop()` never writes to a reused descriptor).
    private var wake: (read: Int32, write: Int32)
    private let call: LibModbusCall
    private let log: @Sendable (String) -> Void
    private let headerLength: Int
    private var query = [UInt8](repeating: 0, count: Int(CModbus_TCP_MAX_ADU_LENGTH))
    private var scratchWords = [UInt16](repeating: 0, count: Int(CModbus_MAX_READ_REGISTERS))
    private var scratchSettings: [Double]
    private var unstorableReadings = Set<Int>()
    private var reopenAt: ContinuousClock.Instant?
    private var hasDisconnected = false
    /// Over RTU: the open serial line's descriptor (−1 when closed), and until when requests are ignored after a
    /// simulated outage.
    private var serial: Int32 = -1
    private var silentUntil: ContinuousClock.Instant?
    private var faultGenerator: SeededGenerator
    private let writeLog: (@Sendable (ReceivedWrite) -> Void)?
    private var requestNumber = 0
    /// Whether `scratchSettings` holds the values of the write being checked.
    private var decodedWrite = false

    private let lock = NSLock()
    private var sharedCounters = Counters()
    private var sharedSettings: [Double]

    /// Starts listening (the port is bound, or the serial line opened, when `init` returns; serving begins with
    /// ``run()``).
    ///
    /// - Parameter writeLog: called with every write request received, accepted or refused, on the serving thread.
    /// - Throws: ``DeviceServerError`` for a refused bind address or unusable options, ``ModbusError`` when the
    ///   port cannot be bound or the serial line opened.
    public convenience init(device: SimulatedDevice, options: Options = Options(),
                            log: @escaping @Sendable (String) -> Void = { _ in },
                            writeLog: (@Sendable (ReceivedWrite) -> Void)? = nil) throws {
        let problems = options.faults.problems()
        guard problems.isEmpty else { throw DeviceServerError.invalidOptions(problems.joined(separator: "; ")) }
        if let line = options.serialLine {
            try self.init(device: device, options: options, line: line, log: log, writeLog: writeLog)
        } else {
            try self.init(device: device, options: options, tcpLog: log, writeLog: writeLog)
        }
    }

    /// The TCP server: binds the port at once.
    private init(device: SimulatedDevice, options: Options, tcpLog log: @escaping @Sendable (String) -> Void,
                 writeLog: (@Sendable (ReceivedWrite) -> Void)?) throws {
        guard (0...65_535).contains(options.port) else {
            throw DeviceServerError.invalidOptions("port \(options.port) must lie in 0...65535 (0 picks a free one)")
        }
        let address = options.bindAddress == "localhost" ? "127.0.0.1" : options.bindAddress
        guard Self.isIPLiteral(address) else {
            throw DeviceServerError.invalidOptions("bind address '\(options.bindAddress)' must be an IP address such as 127.0.0.1")
        }
        guard options.allowRemote || Self.isLoopback(address) else {
            throw DeviceServerError.remoteBindRefused(address)
        }
        self.options = options
        self.device = device
        self.writable = device.map.writablePoints
        self.bindAddress = address
        self.log = log
        self.writeLog = writeLog
        faultGenerator = SeededGenerator(seed: options.faults.seed)
        call = LibModbusCall(endpoint: "tcp \(address):\(options.port) (server)", unit: nil)
        image = try RegisterImage(map: device.map, call: call)
        scratchSettings = device.settings
        sharedSettings = device.settings

        var pipeEnds: [Int32] = [-1, -1]
        guard pipe(&pipeEnds) == 0 else {
            throw DeviceServerError.invalidOptions("cannot create the stop pipe: \(String(cString: strerror(errno)))")
        }
        for end in pipeEnds {
            _ = fcntl(end, F_SETFD, FD_CLOEXEC)
            _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK)
        }
        wake = (pipeEnds[0], pipeEnds[1])

        let (newContext, socket, boundPort): (OpaquePointer, Int32, Int)
        do {
            (newContext, socket, boundPort) = try Self.listen(address: address, port: options.port, call: call)
        } catch {
            Glibc.close(pipeEnds[0])
            Glibc.close(pipeEnds[1])
            throw error
        }
        context = newContext
        listener = socket
        port = boundPort
        headerLength = Int(modbus_get_header_length(newContext))
        for (index, setpoint) in writable.enumerated() { image.store(device.settings[index], for: setpoint.point) }
        storeReadings()
    }

    /// The RTU server: opens the serial line at once, so a missing port fails here.
    private init(device: SimulatedDevice, options: Options, line: SerialLine, log: @escaping @Sendable (String) -> Void,
                 writeLog: (@Sendable (ReceivedWrite) -> Void)?) throws {
        let unit = device.map.unit
        guard (1...247).contains(unit) else {
            throw DeviceServerError.invalidOptions("a device on a serial line needs a unit_id in 1...247; the map has \(unit)")
        }
        self.options = options
        self.device = device
        self.writable = device.map.writablePoints
        self.bindAddress = line.device
        self.port = 0
        self.log = log
        self.writeLog = writeLog
        faultGenerator = SeededGenerator(seed: options.faults.seed)
        let call = LibModbusCall(endpoint: Transport.rtu(line).endpoint + " (server)", unit: unit)
        self.call = call
        let image = try RegisterImage(map: device.map, call: call)
        self.image = image
        scratchSettings = device.settings
        sharedSettings = device.settings
        let wake = try Self.stopPipe()
        self.wake = wake
        let parity = Int8(UInt8(ascii: line.parity.letter.unicodeScalars.first ?? "N"))
        var created: OpaquePointer?
        do {
            let opened = try call.pointer("modbus_new_rtu") {
                modbus_new_rtu(line.device, Int32(line.baudRate), CChar(parity), Int32(line.dataBits), Int32(line.stopBits))
            }
            created = opened
            _ = try call("modbus_set_slave") { modbus_set_slave(opened, Int32(unit)) }
            _ = try call("modbus_connect", connecting: true) { modbus_connect(opened) }
            serial = try call("modbus_get_socket") { modbus_get_socket(opened) }
            headerLength = Int(modbus_get_header_length(opened))
            context = opened
        } catch {
            if let created { modbus_free(created) }
            image.free()
            Glibc.close(wake.read)
            Glibc.close(wake.write)
            throw error
        }
        for (index, setpoint) in writable.enumerated() { image.store(device.settings[index], for: setpoint.point) }
        storeReadings()
    }

    private static func stopPipe() throws -> (read: Int32, write: Int32) {
        var pipeEnds: [Int32] = [-1, -1]
        guard pipe(&pipeEnds) == 0 else {
            throw DeviceServerError.invalidOptions("cannot create the stop pipe: \(String(cString: strerror(errno)))")
        }
        for end in pipeEnds {
            _ = fcntl(end, F_SETFD, FD_CLOEXEC)
            _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK)
        }
        return (pipeEnds[0], pipeEnds[1])
    }

    /// Where clients reach the server: "HOST:PORT" over TCP, "rtu DEVICE BAUD 8E1" over a serial line.
    public var endpoint: String {
        if let line = options.serialLine { return Transport.rtu(line).endpoint }
        return bindAddress.contains(":") ? "[\(bindAddress)]:\(port)" : "\(bindAddress):\(port)"
    }

    deinit { close() }

    /// Stops ``run()`` (from any thread). Safe to call more than once.
    public func stop() {
        lock.withLock {
            guard wake.write >= 0 else { return }
            var byte: UInt8 = 1
            _ = Glibc.write(wake.write, &byte, 1)
        }
    }

    /// The counters so far (thread-safe).
    public var counters: Counters { lock.withLock { sharedCounters } }

    /// The device's present settings: the parameters in map order, then the context if mapped (thread-safe).
    public var settings: [Double] { lock.withLock { sharedSettings } }

    /// Closes every socket and frees libmodbus's context and the register image. Called by `deinit`.
    public func close() {
        for client in clients { Glibc.close(client) }
        clients = []
        if listener >= 0 { Glibc.close(listener) }
        listener = -1
        if let context {
            if serial >= 0 {
                // The serial line is the context's own: modbus_close restores its settings and closes it.
                modbus_close(context)
                serial = -1
            } else {
                // The sockets are closed above; the context must not close a reused descriptor number.
                _ = try? call("modbus_set_socket") { modbus_set_socket(context, -1) }
            }
            modbus_free(context)
        }
        context = nil
        image.free()
        lock.withLock {
            if wake.read >= 0 { Glibc.close(wake.read) }
            if wake.write >= 0 { Glibc.close(wake.write) }
            wake = (-1, -1)
        }
    }

    // MARK: - Serving

    /// Serves requests until ``stop()``.
    public func run() throws {
        guard let context else { throw DeviceServerError.invalidOptions("the server was closed") }
        log("serving \(device.metadata.machine) on \(endpoint), unit \(device.map.unit)")
        if options.serialLine != nil {
            try runSerial(context)
            return
        }
        var descriptors: [pollfd] = []
        while true {
            descriptors.removeAll(keepingCapacity: true)
            descriptors.append(pollfd(fd: lock.withLock { wake.read }, events: Int16(POLLIN), revents: 0))
            if listener >= 0 { descriptors.append(pollfd(fd: listener, events: Int16(POLLIN), revents: 0)) }
            for client in clients { descriptors.append(pollfd(fd: client, events: Int16(POLLIN), revents: 0)) }
            var timeout: Int32 = -1
            if let reopenAt {
                let remaining = ContinuousClock.now.duration(to: reopenAt)
                timeout = max(0, Int32(clamping: remaining.components.seconds * 1_000 + remaining.components.attoseconds / 1_000_000_000_000_000))
            }
            let ready = poll(&descriptors, nfds_t(descriptors.count), timeout)
            if ready < 0 {
                if errno == EINTR { continue }
                throw DeviceServerError.invalidOptions("poll failed: \(String(cString: strerror(errno)))")
            }
            if descriptors[0].revents != 0 { break }
            if let reopenAt, ContinuousClock.now >= reopenAt {
                self.reopenAt = nil
                try reopen()
                continue
            }
            for descriptor in descriptors.dropFirst() where descriptor.revents != 0 {
                if descriptor.fd == listener {
                    accept(context)
                } else if clients.contains(descriptor.fd) {
                    // (A link closed by a fault earlier in this batch is skipped: its descriptor is gone.)
                    serve(descriptor.fd, context)
                }
            }
        }
        log("stopped after \(counters.requests) requests")
    }

    /// The RTU loop: one line, one request at a time, until ``stop()``.
    private func runSerial(_ context: OpaquePointer) throws {
        while true {
            var descriptors = [pollfd(fd: lock.withLock { wake.read }, events: Int16(POLLIN), revents: 0),
                               pollfd(fd: serial, events: Int16(POLLIN), revents: 0)]
            let ready = poll(&descriptors, nfds_t(descriptors.count), -1)
            if ready < 0 {
                if errno == EINTR { continue }
                throw DeviceServerError.invalidOptions("poll failed: \(String(cString: strerror(errno)))")
            }
            if descriptors[0].revents != 0 { break }
            let events = descriptors[1].revents
            if events & Int16(POLLIN) == 0, events & Int16(POLLHUP | POLLERR | POLLNVAL) != 0 {
                // The other end of the line went away (a pty's peer closed): wait for it, as a device on a
                // disconnected cable does, then open the line again.
                Pause.sleep(seconds: 0.1)
                modbus_close(context)
                serial = -1
                _ = try? call("modbus_connect", connecting: true) { modbus_connect(context) }
                serial = modbus_get_socket(context)
                continue
            }
            serveSerial(context)
        }
        log("stopped after \(counters.requests) requests")
    }

    private func serveSerial(_ context: OpaquePointer) {
        let length: Int32
        do {
            length = try query.withUnsafeMutableBufferPointer { (buffer) throws(ModbusError) in
                try call("modbus_receive") { modbus_receive(context, buffer.baseAddress) }
            }
        } catch {
            // A garbled frame (bad CRC) or a partial one: drop whatever is left of it and wait for the next.
            lock.withLock { sharedCounters.badFrames += 1 }
            log("refused a frame: \(error.kind) (\(error.message))")
            _ = modbus_flush(context)
            return
        }
        // Zero: a frame for another unit on the bus.
        guard length > 0 else { return }
        if query[0] == 0 {
            log("ignored a broadcast (unit 0): a simulated device answers only its own unit \(device.map.unit)")
            return
        }
        let count = countRequest()
        if let silentUntil, ContinuousClock.now < silentUntil {
            _ = modbus_flush(context)
            return
        }
        silentUntil = nil
        guard !dropsRequest(count) else { return }
        delayResponse()
        _ = respond(context, length: Int(length), request: count)
        if disconnectsAfter(count) {
            log("fault: the line goes silent for \(options.faults.downtime) s")
            lock.withLock { sharedCounters.disconnections += 1 }
            silentUntil = ContinuousClock.now + .seconds(options.faults.downtime)
        }
    }

    /// Counts a request and returns its number (1-based).
    private func countRequest() -> Int {
        lock.withLock {
            sharedCounters.requests += 1
            requestNumber = sharedCounters.requests
            return sharedCounters.requests
        }
    }

    /// Whether request `count` gets no response (every N-th, or at random).
    private func dropsRequest(_ count: Int) -> Bool {
        let faults = options.faults
        let everyNth = faults.dropEvery > 0 && count % faults.dropEvery == 0
        let random = faults.dropProbability > 0 && faultGenerator.nextUnit() < faults.dropProbability
        guard everyNth || random else { return false }
        lock.withLock { sharedCounters.dropped += 1 }
        log("fault: dropped request \(count) (no response)")
        return true
    }

    /// Waits the configured latency, plus its random jitter.
    private func delayResponse() {
        let faults = options.faults
        var delay = faults.latency
        if faults.latencyJitter > 0 { delay += faults.latencyJitter * faultGenerator.nextUnit() }
        if delay > 0 { Pause.sleep(seconds: delay) }
    }

    /// Whether the link(s) close after answering request `count` (once after N, or at random).
    private func disconnectsAfter(_ count: Int) -> Bool {
        let faults = options.faults
        if faults.disconnectAfter > 0, count >= faults.disconnectAfter, !hasDisconnected {
            hasDisconnected = true
            return true
        }
        return faults.disconnectProbability > 0 && faultGenerator.nextUnit() < faults.disconnectProbability
    }

    private func accept(_ context: OpaquePointer) {
        var listening = listener
        guard let client = try? call("modbus_tcp_pi_accept", { modbus_tcp_pi_accept(context, &listening) }) else { return }
        guard clients.count < options.maxClients else {
            log("refused a connection: \(options.maxClients) clients already connected")
            Glibc.close(client)
            return
        }
        // Answers must not wait for Nagle's algorithm: a control loop is one small frame each way.
        var on: Int32 = 1
        setsockopt(client, Int32(IPPROTO_TCP), TCP_NODELAY, &on, socklen_t(MemoryLayout<Int32>.size))
        clients.append(client)
        lock.withLock { sharedCounters.connections += 1 }
    }

    private func drop(_ client: Int32) {
        Glibc.close(client)
        clients.removeAll { $0 == client }
    }

    private func serve(_ client: Int32, _ context: OpaquePointer) {
        let length: Int32
        do {
            _ = try call("modbus_set_socket") { modbus_set_socket(context, client) }
            length = try query.withUnsafeMutableBufferPointer { (buffer) throws(ModbusError) in
                try call("modbus_receive") { modbus_receive(context, buffer.baseAddress) }
            }
        } catch {
            // The client closed the link (or sent garbage): forget it.
            drop(client)
            return
        }
        guard length > 0 else { return }
        let count = countRequest()
        guard !dropsRequest(count) else { return }
        delayResponse()
        let answered = respond(context, length: Int(length), request: count)
        if !answered { drop(client) }
        if disconnectsAfter(count) {
            disconnectEveryone(downtime: options.faults.downtime, after: count)
        }
    }

    private func disconnectEveryone(downtime: Double, after count: Int) {
        lock.withLock { sharedCounters.disconnections += 1 }
        log("fault: closing every link after request \(count)"
            + (downtime > 0 ? ", unreachable for \(downtime) s" : ""))
        for client in clients { Glibc.close(client) }
        clients = []
        guard downtime > 0 else { return }
        if listener >= 0 { Glibc.close(listener) }
        listener = -1
        reopenAt = ContinuousClock.now + .seconds(downtime)
    }

    /// Listens again on the same port after a simulated outage.
    private func reopen() throws {
        if let context {
            _ = try? call("modbus_set_socket") { modbus_set_socket(context, -1) }
            modbus_free(context)
        }
        context = nil
        let (newContext, socket, _) = try Self.listen(address: bindAddress, port: port, call: call)
        context = newContext
        listener = socket
        log("back: listening on \(bindAddress):\(port)")
    }

    // MARK: - Requests

    /// Validates and answers the request in `query` (request number `request`), logging writes; false when the
    /// answer could not be sent.
    private func respond(_ context: OpaquePointer, length: Int, request: Int) -> Bool {
        let header = headerLength
        guard length >= header + 1 else { return reply(context, exception: CModbus_EXCEPTION_ILLEGAL_FUNCTION) }
        let unit = Int(query[header - 1])
        let mapUnit = device.map.unit
        if unit != mapUnit, unit != 255, mapUnit != 255 {
            return reply(context, exception: CModbus_EXCEPTION_GATEWAY_TARGET)
        }
        let function = query[header]
        func word(_ offset: Int) -> Int {
            let index = header + offset
            return index + 1 < length ? Int(query[index]) << 8 | Int(query[index + 1]) : -1
        }
        let verdict: Verdict
        decodedWrite = false
        switch function {
        case 0x01: verdict = checkRead(.coil, address: word(1), count: word(3))
        case 0x02: verdict = checkRead(.discrete, address: word(1), count: word(3))
        case 0x03: verdict = checkRead(.holding, address: word(1), count: word(3))
        case 0x04: verdict = checkRead(.input, address: word(1), count: word(3))
        case 0x05:
            let value = word(3)
            guard value == 0xFF00 || value == 0 else { verdict = .exception(CModbus_EXCEPTION_ILLEGAL_DATA_VALUE, "coil value \(value)"); break }
            verdict = checkWrite(.coil, address: word(1), count: 1) { _ in value == 0 ? 0 : 1 }
        case 0x06:
            verdict = checkWrite(.holding, address: word(1), count: 1) { _ in UInt16(truncatingIfNeeded: word(3)) }
        case 0x0F:
            verdict = checkWrite(.coil, address: word(1), count: word(3)) { index in
                let byte = header + 6 + index / 8
                return byte < length ? UInt16((query[byte] >> UInt8(index % 8)) & 1) : 0
            }
        case 0x10:
            verdict = checkWrite(.holding, address: word(1), count: word(3)) { UInt16(truncatingIfNeeded: word(6 + 2 * $0)) }
        case 0x16:
            let address = word(1), andMask = word(3), orMask = word(5)
            let current = image.owner(.holding, address) != nil
                ? Int(image.registers(.holding)[image.slot(.holding, address)]) : 0
            let masked = UInt16(truncatingIfNeeded: (current & andMask) | (orMask & ~andMask))
            verdict = checkWrite(.holding, address: address, count: 1) { _ in masked }
        case 0x17:
            let written = checkWrite(.holding, address: word(5), count: word(7)) { UInt16(truncatingIfNeeded: word(10 + 2 * $0)) }
            if case .exception = written {
                verdict = written
            } else {
                verdict = checkRead(.holding, address: word(1), count: word(3), afterWrite: written)
            }
        case 0x11:
            verdict = .reply
        default:
            verdict = .exception(CModbus_EXCEPTION_ILLEGAL_FUNCTION, "function code \(function) is not supported")
        }
        let isWrite = [0x05, 0x06, 0x0F, 0x10, 0x16, 0x17].contains(function)
        switch verdict {
        case .exception(let code, let reason):
            log("refused: \(reason)")
            if isWrite, let writeLog {
                writeLog(ReceivedWrite(request: request, accepted: false,
                                       settings: decodedWrite ? scratchSettings : nil, reason: reason))
            }
            lock.withLock { sharedCounters.exceptions += 1 }
            return reply(context, exception: code)
        case .reply:
            return reply(context, length: length)
        case .sampleThenReply:
            do {
                try device.refresh()
            } catch {
                log("refused: the plant model failed at \(device.settings): \(error)")
                lock.withLock { sharedCounters.exceptions += 1 }
                return reply(context, exception: CModbus_EXCEPTION_SLAVE_OR_SERVER_FAILURE)
            }
            storeReadings()
            return reply(context, length: length)
        case .apply:
            do {
                try device.apply(scratchSettings)
            } catch {
                log("refused: the plant model failed at \(scratchSettings): \(error)")
                lock.withLock { sharedCounters.exceptions += 1 }
                return reply(context, exception: CModbus_EXCEPTION_SLAVE_OR_SERVER_FAILURE)
            }
            storeReadings()
            let settings = device.settings
            lock.withLock {
                for index in settings.indices { sharedSettings[index] = settings[index] }
                sharedCounters.appliedWrites += 1
            }
            writeLog?(ReceivedWrite(request: request, accepted: true, settings: settings, reason: nil))
            // modbus_reply writes the (validated) registers into the image and answers.
            return reply(context, length: length)
        }
    }

    private enum Verdict {
        /// Answer with `modbus_reply` (a read).
        case reply
        /// Take a new sample of the readings (``Options/freshReadings``), then answer with `modbus_reply`.
        case sampleThenReply
        /// Apply `scratchSettings`, then answer with `modbus_reply` (an accepted write).
        case apply
        /// Answer with this exception; the text says why, for the log.
        case exception(UInt32, String)
    }

    private func checkRead(_ table: RegisterTable, address: Int, count: Int, afterWrite: Verdict? = nil) -> Verdict {
        guard address >= 0, count >= 1, count <= table.maxReadCount else {
            return .exception(CModbus_EXCEPTION_ILLEGAL_DATA_VALUE, "read of \(count) \(table.noun)s at \(address)")
        }
        var coversReading = false
        for offset in 0..<count {
            guard let owner = image.owner(table, address + offset) else {
                return .exception(CModbus_EXCEPTION_ILLEGAL_DATA_ADDRESS,
                                  "read of \(table.noun) \(address + offset), which the map does not use")
            }
            coversReading = coversReading || !owner.isParameter
            if !owner.isParameter, unstorableReadings.contains(owner.index) {
                return .exception(CModbus_EXCEPTION_SLAVE_OR_SERVER_FAILURE,
                                  "reading \(device.map.readings[owner.index].name) = \(device.readings[owner.index]) "
                                      + "cannot be stored as \(device.map.readings[owner.index].layout.encoding.rawValue)")
            }
        }
        if let afterWrite { return afterWrite }
        return coversReading && options.freshReadings ? .sampleThenReply : .reply
    }

    /// Checks a write of `count` values at `address` (`value(i)` = the i-th register or bit of the request):
    /// whole parameters only, every value within bounds.
    private func checkWrite(_ table: RegisterTable, address: Int, count: Int, value: (Int) -> UInt16) -> Verdict {
        guard address >= 0, count >= 1, count <= table.maxWriteCount else {
            return .exception(CModbus_EXCEPTION_ILLEGAL_DATA_VALUE, "write of \(count) \(table.noun)s at \(address)")
        }
        let map = device.map
        for offset in 0..<count {
            guard let owner = image.owner(table, address + offset) else {
                return .exception(CModbus_EXCEPTION_ILLEGAL_DATA_ADDRESS,
                                  "write to \(table.noun) \(address + offset), which the map does not use")
            }
            guard owner.isParameter else {
                return .exception(CModbus_EXCEPTION_ILLEGAL_DATA_ADDRESS,
                                  "write to \(table.noun) \(address + offset), which holds the reading "
                                      + "\(map.readings[owner.index].name) (read-only)")
            }
            let width = writable[owner.index].point.layout.width
            if (offset == 0 && owner.position != 0) || (offset == count - 1 && owner.position != width - 1) {
                return .exception(CModbus_EXCEPTION_ILLEGAL_DATA_ADDRESS,
                                  "write covers only part of \(writable[owner.index].point.summary)")
            }
        }
        // The settings after the write, built in place (no allocation per request).
        decodedWrite = true
        let current = device.settings
        for index in current.indices { scratchSettings[index] = current[index] }
        if table.holdsBits {
            for offset in 0..<count {
                guard let owner = image.owner(table, address + offset) else { continue }
                scratchSettings[owner.index] = writable[owner.index].point.physical(fromRaw: Double(value(offset)))
            }
        } else {
            for offset in 0..<count { scratchWords[offset] = value(offset) }
            scratchWords.withUnsafeBufferPointer { words in
                for offset in 0..<count {
                    guard let owner = image.owner(table, address + offset), owner.position == 0 else { continue }
                    scratchSettings[owner.index] = writable[owner.index].point.decode(from: words, at: offset)
                }
            }
        }
        for (index, setpoint) in writable.enumerated() where scratchSettings[index] != current[index] {
            let value = scratchSettings[index]
            guard value.isFinite, setpoint.bounds.contains(value) else {
                return .exception(CModbus_EXCEPTION_ILLEGAL_DATA_VALUE,
                                  "\(setpoint.name) = \(value) lies outside its bounds "
                                      + "[\(setpoint.bounds.lowerBound), \(setpoint.bounds.upperBound)]")
            }
        }
        return .apply
    }

    private func storeReadings() {
        unstorableReadings.removeAll(keepingCapacity: true)
        for (index, reading) in device.map.readings.enumerated() where !image.store(device.readings[index], for: reading) {
            unstorableReadings.insert(index)
        }
    }

    private func reply(_ context: OpaquePointer, length: Int) -> Bool {
        guard let mapping = image.mapping else { return false }
        let sent = try? query.withUnsafeBufferPointer { (buffer) throws(ModbusError) in
            try call("modbus_reply") { modbus_reply(context, buffer.baseAddress, Int32(length), mapping) }
        }
        return sent != nil
    }

    private func reply(_ context: OpaquePointer, exception code: UInt32) -> Bool {
        let sent = try? query.withUnsafeBufferPointer { (buffer) throws(ModbusError) in
            try call("modbus_reply_exception") { modbus_reply_exception(context, buffer.baseAddress, code) }
        }
        return sent != nil
    }

    // MARK: - Sockets

    private static func listen(address: String, port: Int, call: LibModbusCall) throws -> (OpaquePointer, Int32, Int) {
        let context = try call.pointer("modbus_new_tcp_pi") { modbus_new_tcp_pi(address, String(port)) }
        do {
            let socket = try call("modbus_tcp_pi_listen", connecting: true) { modbus_tcp_pi_listen(context, 8) }
            return (context, socket, boundPort(of: socket) ?? port)
        } catch {
            modbus_free(context)
            throw error
        }
    }

    private static func boundPort(of socket: Int32) -> Int? {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let result = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socket, $0, &length) }
        }
        guard result == 0 else { return nil }
        switch Int32(storage.ss_family) {
        case AF_INET:
            return withUnsafePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { Int(UInt16(bigEndian: $0.pointee.sin_port)) }
            }
        case AF_INET6:
            return withUnsafePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { Int(UInt16(bigEndian: $0.pointee.sin6_port)) }
            }
        default:
            return nil
        }
    }

    /// Whether `address` is an IPv4 or IPv6 literal.
    public static func isIPLiteral(_ address: String) -> Bool {
        var v4 = in_addr(), v6 = in6_addr()
        return inet_pton(AF_INET, address, &v4) == 1 || inet_pton(AF_INET6, address, &v6) == 1
    }

    /// Whether `address` is a loopback address (127.0.0.0/8, ::1, "localhost").
    public static func isLoopback(_ address: String) -> Bool {
        if address == "localhost" { return true }
        var v4 = in_addr()
        if inet_pton(AF_INET, address, &v4) == 1 { return UInt32(bigEndian: v4.s_addr) >> 24 == 127 }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, address, &v6) == 1 { return address == "::1" || address == "0:0:0:0:0:0:0:1" }
        return false
    }
}
