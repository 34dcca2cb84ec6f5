import Foundation

/// A Modbus/TCP server on raw sockets that misbehaves on purpose, for tests of what a client does when a device
/// answers wrongly: libmodbus's own server always answers correctly, so this one is written for the tests.
///
/// As a device it is a mirror: holding registers `0..<registerCount` are setpoints any client may write (function
/// codes 6, 16 and 23, never refused: it is the *client* that must keep to the bounds), and input register `i`
/// reads what holding register `i` holds — with the quadratic map's float32 layout, each reading `y_i` equals its
/// setpoint `x_i` (synthetic/Quadratic-v1 with its target at the origin). Every write it receives is logged
/// (``holdingHistory``), so a test checks bounds and step sizes from the device's side.
///
/// Faults (``Fault``) replace the correct answer to chosen requests by a wrong one: a short or truncated frame,
/// the wrong function code or transaction id, an exception, or a slow answer that ends in a dropped link; and
/// ``PinnedInput`` makes input registers read fixed words (a NaN or an infinity in a float register).
///
/// Serves on 127.0.0.1 only, on its own thread; ``stop()`` it (in a `defer`).
public final class HostileModbusServer: @unchecked Sendable {
    /// A wrong answer.
    public enum Misbehaviour: Sendable, Hashable, CustomStringConvertible {
        /// A read answered with one register fewer than asked (the byte count matches the short data); a write
        /// answered with a quantity one less than written.
        case shortResponse
        /// The header promises the whole answer, but only its first bytes are sent; the link stays open, silent.
        case truncatedFrame
        /// The answer carries another function code than the request's (3 for 4, 4 for 3, 6 for 16…).
        case wrongFunctionCode
        /// The answer carries another transaction id than the request's.
        case wrongTransactionID
        /// Modbus exception `code` (1 illegal function … 6 device busy, 11 gateway target).
        case exception(UInt8)
        /// No answer for `seconds`, then the link is closed.
        case slowThenDrop(seconds: Double)

        public var description: String {
            switch self {
            case .shortResponse: "short response"
            case .truncatedFrame: "truncated frame"
            case .wrongFunctionCode: "wrong function code"
            case .wrongTransactionID: "wrong transaction id"
            case .exception(let code): "exception \(code)"
            case .slowThenDrop(let seconds): "slow (\(seconds) s) then dropped"
            }
        }
    }

    /// When to misbehave: on the first `count` requests from request `firstRequest` on (1-based, counted over
    /// every link and every function) whose function code is in `functions` (nil: any).
    public struct Fault: Sendable, Hashable {
        public var misbehaviour: Misbehaviour
        public var firstRequest: Int
        public var count: Int
        public var functions: Set<UInt8>?

        public init(_ misbehaviour: Misbehaviour, firstRequest: Int, count: Int = 1, functions: Set<UInt8>? = nil) {
            self.misbehaviour = misbehaviour
            self.firstRequest = firstRequest
            self.count = count
            self.functions = functions
        }
    }

    /// Input registers that read fixed words from request `fromRequest` on (1-based), whatever the setpoints.
    public struct PinnedInput: Sendable, Hashable {
        public var address: Int
        public var words: [UInt16]
        public var fromRequest: Int

        public init(address: Int, words: [UInt16], fromRequest: Int = 1) {
            self.address = address
            self.words = words
            self.fromRequest = fromRequest
        }

        /// A float32 (big-endian words, "ABCD") pinned at `address`.
        public static func float32(_ value: Float, at address: Int, fromRequest: Int = 1) -> PinnedInput {
            PinnedInput(address: address, words: HostileModbusServer.words(float32: value), fromRequest: fromRequest)
        }
    }

    /// The port it listens on (127.0.0.1).
    public let port: Int
    /// Holding (and mirrored input) registers served.
    public let registerCount: Int

    private let faults: [Fault]
    private let pins: [PinnedInput]
    private var listener: Int32
    private var clients: [Int32] = []
    private let wake: (read: Int32, write: Int32)
    private let finished = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    private var holding: [UInt16]
    private var history: [[UInt16]] = []
    private var requestCount = 0
    private var faultCount = 0
    private var faultHits: [Int]

    /// Starts serving `registerCount` registers (initially `initial`, zero when nil) on a free loopback port.
    public init(registerCount: Int, initial: [UInt16]? = nil, faults: [Fault] = [], pins: [PinnedInput] = []) throws {
        self.registerCount = registerCount
        self.faults = faults
        self.pins = pins
        faultHits = [Int](repeating: 0, count: faults.count)
        holding = initial ?? [UInt16](repeating: 0, count: registerCount)
        precondition(holding.count == registerCount, "initial must have registerCount words")

        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw ProcessError("socket: \(String(cString: strerror(errno)))") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, Glibc.listen(descriptor, 8) == 0 else {
            Glibc.close(descriptor)
            throw ProcessError("bind/listen on 127.0.0.1: \(String(cString: strerror(errno)))")
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        listener = descriptor
        port = Int(UInt16(bigEndian: address.sin_port))
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else { throw ProcessError("pipe: \(String(cString: strerror(errno)))") }
        wake = (ends[0], ends[1])
        let thread = Thread { [self] in
            serve()
            finished.signal()
        }
        thread.start()
    }

    deinit { stop() }

    /// Stops serving and closes every socket (waits at most 5 s for the thread). Safe to call twice.
    public func stop() {
        lock.lock()
        let running = listener >= 0
        lock.unlock()
        guard running else { return }
        var byte: UInt8 = 1
        _ = Glibc.write(wake.write, &byte, 1)
        _ = finished.wait(timeout: .now() + 5)
    }

    /// "127.0.0.1:PORT", for `--endpoint`.
    public var endpoint: String { "127.0.0.1:\(port)" }

    /// The holding registers now.
    public var holdingRegisters: [UInt16] { lock.withLock { holding } }

    /// The holding registers after each write received, in arrival order (the device's own write log).
    public var holdingHistory: [[UInt16]] { lock.withLock { history } }

    /// Requests received so far, over every link.
    public var requests: Int { lock.withLock { requestCount } }

    /// Wrong answers given so far.
    public var faultsInjected: Int { lock.withLock { faultCount } }

    // MARK: - Encoding helpers

    /// A float32 as two big-endian registers (high word first).
    public static func words(float32 value: Float) -> [UInt16] {
        let bits = value.bitPattern
        return [UInt16(bits >> 16), UInt16(bits & 0xFFFF)]
    }

    /// The float32 values of consecutive big-endian register pairs.
    public static func float32s(_ words: [UInt16]) -> [Float] {
        stride(from: 0, to: words.count - 1, by: 2).map { Float(bitPattern: UInt32(words[$0]) << 16 | UInt32(words[$0 + 1])) }
    }

    // MARK: - Serving

    private func serve() {
        var descriptors: [pollfd] = []
        loop: while true {
            descriptors = [pollfd(fd: wake.read, events: Int16(POLLIN), revents: 0),
                           pollfd(fd: listener, events: Int16(POLLIN), revents: 0)]
            descriptors += clients.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            let ready = poll(&descriptors, nfds_t(descriptors.count), 1_000)
            if ready < 0 && errno != EINTR { break }
            if descriptors[0].revents != 0 { break loop }
            if descriptors[1].revents != 0 {
                let client = accept(listener, nil, nil)
                if client >= 0 {
                    var on: Int32 = 1
                    setsockopt(client, Int32(IPPROTO_TCP), TCP_NODELAY, &on, socklen_t(MemoryLayout<Int32>.size))
                    clients.append(client)
                }
            }
            for descriptor in descriptors.dropFirst(2) where descriptor.revents != 0 {
                if !answer(descriptor.fd) {
                    Glibc.close(descriptor.fd)
                    clients.removeAll { $0 == descriptor.fd }
                }
            }
        }
        for client in clients { Glibc.close(client) }
        clients = []
        lock.withLock {
            Glibc.close(listener)
            listener = -1
        }
        Glibc.close(wake.read)
        Glibc.close(wake.write)
    }

    /// Reads one request from `client` and answers it (rightly or wrongly); false when the link is to be closed.
    private func answer(_ client: Int32) -> Bool {
        guard let header = readExactly(client, 7) else { return false }
        let length = Int(header[4]) << 8 | Int(header[5])
        guard length >= 2, length <= 254, let pdu = readExactly(client, length - 1) else { return false }
        let number: Int = lock.withLock {
            requestCount += 1
            return requestCount
        }
        let function = pdu[0]
        var response = respond(to: pdu, request: number)
        let index = faults.indices.first {
            number >= faults[$0].firstRequest && faultHits[$0] < faults[$0].count
                && (faults[$0].functions?.contains(function) ?? true)
        }
        let fault = index.map { faults[$0] }
        if let index { faultHits[index] += 1 }
        var transaction = [header[0], header[1]]
        if let fault {
            lock.withLock { faultCount += 1 }
            switch fault.misbehaviour {
            case .shortResponse:
                response = shortened(response, function: function)
            case .truncatedFrame:
                let frame = frame(transaction: transaction, unit: header[6], pdu: response)
                _ = send(client, Array(frame.prefix(9)))
                return true
            case .wrongFunctionCode:
                response[0] = Self.otherFunction(function)
            case .wrongTransactionID:
                transaction[1] &+= 1
            case .exception(let code):
                response = [function | 0x80, code]
            case .slowThenDrop(let seconds):
                Thread.sleep(forTimeInterval: seconds)
                return false
            }
        }
        return send(client, frame(transaction: transaction, unit: header[6], pdu: response))
    }

    /// The correct answer to `pdu` (applying writes).
    private func respond(to pdu: [UInt8], request: Int) -> [UInt8] {
        func word(_ offset: Int) -> Int { offset + 1 < pdu.count ? Int(pdu[offset]) << 8 | Int(pdu[offset + 1]) : -1 }
        let function = pdu[0]
        switch function {
        case 0x03, 0x04:
            let address = word(1), count = word(3)
            guard address >= 0, count >= 1, count <= 125, address + count <= registerCount else { return [function | 0x80, 2] }
            let words = function == 0x03 ? Array(holdingRegisters[address..<(address + count)]) : inputWords(address, count, request)
            return [function, UInt8(2 * count)] + words.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        case 0x06:
            let address = word(1)
            guard address >= 0, address < registerCount else { return [function | 0x80, 2] }
            write(address, [UInt16(truncatingIfNeeded: word(3))])
            return pdu
        case 0x10:
            let address = word(1), count = word(3)
            guard address >= 0, count >= 1, address + count <= registerCount, pdu.count >= 6 + 2 * count else {
                return [function | 0x80, 2]
            }
            write(address, (0..<count).map { UInt16(truncatingIfNeeded: word(6 + 2 * $0)) })
            return Array(pdu[0..<5])
        case 0x17:
            let readAddress = word(1), readCount = word(3), writeAddress = word(5), writeCount = word(7)
            guard readAddress >= 0, readCount >= 1, readAddress + readCount <= registerCount, writeAddress >= 0,
                  writeCount >= 1, writeAddress + writeCount <= registerCount, pdu.count >= 10 + 2 * writeCount else {
                return [function | 0x80, 2]
            }
            write(writeAddress, (0..<writeCount).map { UInt16(truncatingIfNeeded: word(10 + 2 * $0)) })
            let words = Array(holdingRegisters[readAddress..<(readAddress + readCount)])
            return [function, UInt8(2 * readCount)] + words.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        default:
            return [function | 0x80, 1]
        }
    }

    private func inputWords(_ address: Int, _ count: Int, _ request: Int) -> [UInt16] {
        var words = Array(holdingRegisters[address..<(address + count)])
        for pin in pins where request >= pin.fromRequest {
            for (offset, value) in pin.words.enumerated() where (address..<(address + count)).contains(pin.address + offset) {
                words[pin.address + offset - address] = value
            }
        }
        return words
    }

    private func write(_ address: Int, _ words: [UInt16]) {
        lock.withLock {
            for (offset, value) in words.enumerated() { holding[address + offset] = value }
            history.append(holding)
        }
    }

    private func shortened(_ response: [UInt8], function: UInt8) -> [UInt8] {
        switch function {
        case 0x03, 0x04, 0x17:
            guard response.count >= 4 else { return response }
            return [response[0], response[1] - 2] + response[2..<(response.count - 2)]
        case 0x10:
            var short = response
            let quantity = (Int(short[3]) << 8 | Int(short[4])) - 1
            short[3] = UInt8(quantity >> 8)
            short[4] = UInt8(quantity & 0xFF)
            return short
        default:
            return Array(response.dropLast())
        }
    }

    private static func otherFunction(_ function: UInt8) -> UInt8 {
        switch function {
        case 0x03: 0x04
        case 0x04: 0x03
        case 0x10: 0x06
        default: 0x03
        }
    }

    private func frame(transaction: [UInt8], unit: UInt8, pdu: [UInt8]) -> [UInt8] {
        let length = pdu.count + 1
        return transaction + [0, 0, UInt8(length >> 8), UInt8(length & 0xFF), unit] + pdu
    }

    private func send(_ client: Int32, _ bytes: [UInt8]) -> Bool {
        var sent = 0
        while sent < bytes.count {
            let result = bytes[sent...].withUnsafeBytes { Glibc.send(client, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if result < 0 && errno == EINTR { continue }
            guard result > 0 else { return false }
            sent += result
        }
        return true
    }

    /// Reads exactly `count` bytes (waiting at most 2 s for each); nil when the link closed or went silent.
    private func readExactly(_ client: Int32, _ count: Int) -> [UInt8]? {
        var buffer = [UInt8](repeating: 0, count: count)
        var received = 0
        while received < count {
            var descriptor = pollfd(fd: client, events: Int16(POLLIN), revents: 0)
            guard poll(&descriptor, 1, 2_000) > 0 else { return nil }
            let result = buffer[received...].withUnsafeMutableBytes { recv(client, $0.baseAddress, $0.count, 0) }
            if result < 0 && errno == EINTR { continue }
            guard result > 0 else { return nil }
            received += result
        }
        return buffer
    }
}

extension HostileModbusServer {
    /// One way a device goes wrong during a run, as the suites that drive a client into it share it: the faults
    /// begin at request `fromRequest` (after some good evaluations) on reads of the readings (function code 4),
    /// so the restoring writes afterwards reach the device.
    public struct Scenario: Sendable, CustomStringConvertible {
        public var name: String
        public var faults: [Fault]
        public var pins: [PinnedInput]
        /// A phrase the client's error message must contain (lowercased).
        public var phrase: String

        public var description: String { name }

        /// The server for this scenario, its setpoints at `initial` (float32 values).
        public func server(initial: [Float]) throws -> HostileModbusServer {
            try HostileModbusServer(registerCount: 2 * initial.count, initial: initial.flatMap(HostileModbusServer.words(float32:)),
                                    faults: faults, pins: pins)
        }
    }

    /// Every scenario, each starting at request `fromRequest`; retryable faults last three requests (a client
    /// with two retries gives up on them), others persist.
    public static func scenarios(fromRequest first: Int) -> [Scenario] {
        func reads(_ misbehaviour: Misbehaviour, count: Int = 1_000) -> [Fault] {
            [Fault(misbehaviour, firstRequest: first, count: count, functions: [0x04])]
        }
        return [
            Scenario(name: "short response", faults: reads(.shortResponse), pins: [], phrase: "bad response data"),
            Scenario(name: "truncated frame", faults: reads(.truncatedFrame, count: 3), pins: [], phrase: "timeout"),
            Scenario(name: "wrong function code", faults: reads(.wrongFunctionCode), pins: [], phrase: "bad response data"),
            Scenario(name: "wrong transaction id", faults: reads(.wrongTransactionID), pins: [], phrase: "bad response data"),
            Scenario(name: "exception 2 (illegal address)", faults: reads(.exception(2)), pins: [], phrase: "illegal data address"),
            Scenario(name: "exception 4 (device failure)", faults: reads(.exception(4)), pins: [], phrase: "device failure"),
            Scenario(name: "exception 6 (busy) beyond the retries", faults: reads(.exception(6), count: 3), pins: [],
                     phrase: "device busy"),
            Scenario(name: "slow answer, then the link drops", faults: reads(.slowThenDrop(seconds: 0.1), count: 1), pins: [],
                     phrase: "connection lost"),
            Scenario(name: "NaN in a float reading", faults: [], pins: [.float32(.nan, at: 0, fromRequest: first)],
                     phrase: "not a finite number"),
            Scenario(name: "+infinity in a float reading", faults: [], pins: [.float32(.infinity, at: 2, fromRequest: first)],
                     phrase: "not a finite number"),
            Scenario(name: "−infinity in a float reading", faults: [], pins: [.float32(-.infinity, at: 0, fromRequest: first)],
                     phrase: "not a finite number"),
        ]
    }

    /// The register map of the mirror as a 2-setpoint quadratic bowl (synthetic/Quadratic-v1 with dimension 2):
    /// float32 setpoints in holding 0…3 within [−1, 1], `max_step` 0.3; readings in input 0…3.
    public static func bowlMap(port: Int) -> String {
        """
        device: hostile mirror (2 setpoints)
        transport:
          tcp: {host: 127.0.0.1, port: \(port)}
        unit_id: 1
        connection: {response_timeout_ms: 300, byte_timeout_ms: 50, retries: 2, backoff_ms: 5}
        parameters:
          - {name: x_1, register: holding, address: 0, encoding: float32, bounds: [-1, 1], max_step: 0.3}
          - {name: x_2, register: holding, address: 2, encoding: float32, bounds: [-1, 1], max_step: 0.3}
        readings:
          - {name: y_1, register: input, address: 0, encoding: float32}
          - {name: y_2, register: input, address: 2, encoding: float32}
        """
    }

    /// What the device's write log says about the client: every setpoint ever held within [−bound, bound], and no
    /// write moving one by more than `maxStep` (float32 rounding allowed); empty when all is well.
    public func writeViolations(startingAt initial: [Float], bound: Float = 1, maxStep: Float = 0.3) -> [String] {
        var problems: [String] = []
        var previous = initial
        for (index, words) in holdingHistory.enumerated() {
            let values = Self.float32s(words)
            for (parameter, value) in values.enumerated() {
                if !(abs(value) <= bound) { problems.append("write \(index + 1): x_\(parameter + 1) = \(value) outside ±\(bound)") }
                let step = abs(value - previous[parameter])
                if !(step <= maxStep * (1 + 1e-5)) {
                    problems.append("write \(index + 1): x_\(parameter + 1) moved \(step) > max_step \(maxStep)")
                }
            }
            previous = values
        }
        return problems
    }
}
