import Foundation

/// A virtual serial line: Debian's `socat` joining two pseudo-terminals,
/// `socat -d -d pty,raw,echo=0,link=DIR/a pty,raw,echo=0,link=DIR/b`, so a Modbus RTU server on one end and a
/// client on the other talk as over a null-modem cable. ``stop()`` it (in a `defer`).
public final class VirtualSerialLine {
    /// The two ends (symbolic links to the ptys).
    public let endA: String
    public let endB: String
    private let process: Process
    private let directory: URL

    /// Starts socat and waits (at most 10 s) until both ends exist.
    ///
    /// - Throws: ``ProcessError`` when socat is missing (install Debian's `socat`: it is in the Makefile's
    ///   APT_PACKAGES) or does not create the ptys.
    public init() throws {
        guard let socat = ["/usr/bin/socat", "/bin/socat", "/usr/local/bin/socat"]
            .first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw ProcessError("socat is not installed: `apt-get install socat` (or `make deps`) to test Modbus RTU over a virtual serial line")
        }
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("vernier-serial-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        endA = directory.appendingPathComponent("a").path
        endB = directory.appendingPathComponent("b").path
        process = Process()
        process.executableURL = URL(fileURLWithPath: socat)
        process.arguments = ["pty,raw,echo=0,link=\(endA)", "pty,raw,echo=0,link=\(endB)"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline, process.isRunning,
              !(FileManager.default.fileExists(atPath: endA) && FileManager.default.fileExists(atPath: endB)) {
            Thread.sleep(forTimeInterval: 0.01)
        }
        guard FileManager.default.fileExists(atPath: endA), FileManager.default.fileExists(atPath: endB) else {
            stop()
            throw ProcessError("socat did not create the pty pair in \(directory.path)")
        }
    }

    deinit { stop() }

    /// Stops socat and removes the links. Safe to call twice.
    public func stop() {
        if process.isRunning {
            // SIGKILL, not SIGTERM: a test process that ran an InterruptMonitor ignores SIGTERM, and a child
            // inherits ignored signals across exec — socat would never see it.
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: directory)
    }
}

/// A serial line that corrupts bytes: two ``VirtualSerialLine``s with a relay between them that passes every
/// frame on, but flips a bit in the CRC of the frames it is told to — a noisy RS-485 bus. The device opens
/// ``deviceEnd``, the client ``clientEnd``. Frames are told apart by silence (2 ms without a byte ends one,
/// as the 3.5-character gap of the RTU specification). ``stop()`` it (in a `defer`).
public final class CorruptingSerialRelay: @unchecked Sendable {
    /// Where the Modbus RTU server (the device) connects.
    public var deviceEnd: String { deviceLine.endA }
    /// Where the client connects.
    public var clientEnd: String { clientLine.endB }

    private let deviceLine: VirtualSerialLine
    private let clientLine: VirtualSerialLine
    private let lock = NSLock()
    private var responsesToCorrupt = Set<Int>()
    private var requestsToCorrupt = Set<Int>()
    private var responses = 0
    private var requests = 0
    private var corrupted = 0
    private var running = true
    private let finished = DispatchSemaphore(value: 0)

    public init() throws {
        deviceLine = try VirtualSerialLine()
        clientLine = try VirtualSerialLine()
        let towardsDevice = open(deviceLine.endB, O_RDWR | O_NOCTTY | O_NONBLOCK)
        let towardsClient = open(clientLine.endA, O_RDWR | O_NOCTTY | O_NONBLOCK)
        guard towardsDevice >= 0, towardsClient >= 0 else {
            throw ProcessError("cannot open the relay's ends: \(String(cString: strerror(errno)))")
        }
        let thread = Thread { [self] in
            relay(device: towardsDevice, client: towardsClient)
            Glibc.close(towardsDevice)
            Glibc.close(towardsClient)
            finished.signal()
        }
        thread.start()
    }

    deinit { stop() }

    /// Corrupt the device's responses with these numbers (1-based, counted from the relay's start).
    public func corruptResponses(_ numbers: some Sequence<Int>) { lock.withLock { responsesToCorrupt.formUnion(numbers) } }

    /// Corrupt the client's requests with these numbers (1-based): the device sees a bad CRC and stays silent.
    public func corruptRequests(_ numbers: some Sequence<Int>) { lock.withLock { requestsToCorrupt.formUnion(numbers) } }

    /// Responses relayed so far.
    public var responseCount: Int { lock.withLock { responses } }
    /// Requests relayed so far.
    public var requestCount: Int { lock.withLock { requests } }
    /// Frames corrupted so far.
    public var corruptedCount: Int { lock.withLock { corrupted } }

    /// Stops the relay and both lines. Safe to call twice.
    public func stop() {
        let wasRunning = lock.withLock {
            defer { running = false }
            return running
        }
        if wasRunning { _ = finished.wait(timeout: .now() + 5) }
        deviceLine.stop()
        clientLine.stop()
    }

    private func relay(device: Int32, client: Int32) {
        while lock.withLock({ running }) {
            var descriptors = [pollfd(fd: client, events: Int16(POLLIN), revents: 0),
                               pollfd(fd: device, events: Int16(POLLIN), revents: 0)]
            guard poll(&descriptors, 2, 50) > 0 else { continue }
            if descriptors[0].revents & Int16(POLLIN) != 0, var frame = readFrame(client) {
                let corrupt = lock.withLock {
                    requests += 1
                    return requestsToCorrupt.contains(requests)
                }
                if corrupt { flip(&frame) }
                writeAll(device, frame)
            }
            if descriptors[1].revents & Int16(POLLIN) != 0, var frame = readFrame(device) {
                let corrupt = lock.withLock {
                    responses += 1
                    return responsesToCorrupt.contains(responses)
                }
                if corrupt { flip(&frame) }
                writeAll(client, frame)
            }
            if (descriptors[0].revents | descriptors[1].revents) & Int16(POLLHUP | POLLERR) != 0 {
                Thread.sleep(forTimeInterval: 0.005)
            }
        }
    }

    private func flip(_ frame: inout [UInt8]) {
        guard !frame.isEmpty else { return }
        frame[frame.count - 1] ^= 0x5A
        lock.withLock { corrupted += 1 }
    }

    /// Reads bytes until 2 ms pass without one.
    private func readFrame(_ descriptor: Int32) -> [UInt8]? {
        var frame: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 512)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count > 0 {
                frame += buffer[0..<count]
            } else if count < 0, errno != EAGAIN, errno != EINTR {
                return frame.isEmpty ? nil : frame
            }
            var next = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            if poll(&next, 1, 2) <= 0 || next.revents & Int16(POLLIN) == 0 { return frame.isEmpty ? nil : frame }
        }
    }

    private func writeAll(_ descriptor: Int32, _ bytes: [UInt8]) {
        var sent = 0
        while sent < bytes.count {
            let count = bytes[sent...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            if count > 0 { sent += count; continue }
            if count < 0, errno == EAGAIN || errno == EINTR {
                var ready = pollfd(fd: descriptor, events: Int16(POLLOUT), revents: 0)
                _ = poll(&ready, 1, 100)
                continue
            }
            return
        }
    }
}
