import ArgumentParser
import Foundation
import VernierCore
import VernierModbus

/// `vernier device …`: simulated Modbus devices.
struct DeviceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "device",
        abstract: "Serve a simulated plant as a Modbus device (TCP or RTU) behind its register map.",
        subcommands: [Serve.self, Bench.self])

    /// `vernier device serve ID --map FILE`: the device simulator.
    struct Serve: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "serve",
            abstract: "Host a simulated plant behind a register map as a Modbus/TCP or Modbus RTU server (libmodbus).",
            discussion: """
                Writes to the map's parameters set the plant's settings (refused with Modbus exception 0x03 when \
                out of bounds, 0x02 for registers the map does not have or for half a 32-bit value); reads return \
                the readings the plant model computes at the present settings. Prints "listening on HOST:PORT" \
                once the port is bound (--port 0 picks a free one). Stops cleanly on SIGINT or SIGTERM.

                Modbus RTU: with --serial PATH (a serial port, or one end of a virtual line such as \
                `socat -d -d pty,raw,echo=0,link=/tmp/A pty,raw,echo=0,link=/tmp/B`), or with a map whose transport \
                is `rtu:` and no --port, the device answers on that line at the map's unit_id, with the map's baud \
                rate, parity and stop bits (19200 8E1 by default); it prints "listening on rtu PATH …".
                """)

        @OptionGroup var plant: PlantSelection

        @Option(help: "The register map (YAML), e.g. hardware/quadratic.yaml.")
        var map: String

        @Option(help: "TCP port to listen on; 0 picks a free port. Default: the map's TCP port (a serial map is served over RTU unless --port is given).")
        var port: Int?

        @Option(help: ArgumentHelp("Serve Modbus RTU on this serial device instead of TCP, e.g. /dev/ttyUSB0 or a socat pty.",
                                   valueName: "path"))
        var serial: String?

        @Option(help: "Address to listen on. Non-loopback addresses need --allow-remote.")
        var bind: String = "127.0.0.1"

        @Flag(help: "Allow listening on a non-loopback address (the simulated device is then reachable from the network).")
        var allowRemote = false

        @Option(help: "Seed of the plant's initial parameters (its scenario).")
        var seed: UInt64?

        @Option(help: ArgumentHelp(
            "The context to start at, for a map with a context register (e.g. a JPA's target frequency in GHz).",
            discussion: "Default: the plant's own (target_frequency_ghz for jpa/Tuning-v1). Clients change it by writing the register."))
        var context: Double?

        @Option(name: .customLong("latency-ms"), help: "Fault: delay every response by this many milliseconds.")
        var latencyMilliseconds: Double = 0

        @Option(help: "Fault: give no response to every N-th request (0 = never).")
        var dropEvery: Int = 0

        @Option(help: "Fault: close every link after the N-th request, once (0 = never).")
        var disconnectAfter: Int = 0

        @Option(name: .customLong("down-ms"), help: "Fault: after --disconnect-after, refuse connections for this many milliseconds.")
        var downMilliseconds: Double = 0

        @Option(name: .customLong("latency-jitter-ms"), help: "Fault: delay every response by a further random 0…N milliseconds.")
        var latencyJitterMilliseconds: Double = 0

        @Option(help: "Fault: give no response to a request with this probability (0…1).")
        var dropProbability: Double = 0

        @Option(help: "Fault: after answering a request, close every link with this probability (0…1), then refuse connections for --down-ms (over RTU: go silent for --down-ms).")
        var disconnectProbability: Double = 0

        @Option(help: "Seed of the random faults (--latency-jitter-ms, --drop-probability, --disconnect-probability).")
        var faultSeed: UInt64 = 1

        @Option(help: ArgumentHelp("Append every write request received to this file, one JSON object a line: request number, accepted, the settings (physical units, map order), the reason for a refusal.",
                                   valueName: "file"))
        var writeLog: String?

        @Flag(help: "Take a new sample of the plant for every read of its readings (fresh noise per read, as a live instrument; for testing averaging). By default readings change only when a write changes the settings.")
        var freshReadings = false

        @Option(help: "Write HOST:PORT to this file once listening (for scripts and tests).")
        var readyFile: String?

        @Flag(help: "Log nothing on standard error (refused requests and faults are logged by default).")
        var quiet = false

        func validate() throws {
            if let port, !(0...65_535).contains(port) {
                throw ValidationError("--port \(port) must lie in 0...65535 (0 picks a free port)")
            }
            if let problem = faults.problems().first { throw ValidationError(problem) }
            if serial != nil, port != nil {
                throw ValidationError("--serial serves Modbus RTU on a serial line and --port Modbus/TCP: give one of them")
            }
            let address = bind == "localhost" ? "127.0.0.1" : bind
            guard DeviceServer.isIPLiteral(address) else {
                throw ValidationError("--bind '\(bind)' must be an IP address such as 127.0.0.1 or ::1")
            }
            if !allowRemote, !DeviceServer.isLoopback(address) {
                throw ValidationError("\(DeviceServerError.remoteBindRefused(bind))")
            }
        }

        func run() throws {
            let registerMap = try ModbusBackend.map(path: map, endpoint: nil)
            let model = try plant.makePlant()
            guard let problem = model as? any SingleOptimizable else {
                throw ValidationError("\(plant.id) is not an optimisation problem: a served device needs setpoints "
                                      + "(parameters) and readings, and \(plant.id) only steps as an environment. "
                                      + "Serve a plant that lists 'optimizable' in `vernier envs`.")
            }
            if let context {
                guard registerMap.context != nil else {
                    throw ValidationError("--context needs a map with a 'context:' register (see hardware/README.md); "
                                          + "\(map) has none")
                }
                if let contextual = problem as? any ContextualOptimizable, !contextual.contextRange.contains(context) {
                    throw ValidationError("--context \(context) lies outside \(plant.id)'s \(contextual.contextName) range "
                                          + "[\(contextual.contextRange.lowerBound), \(contextual.contextRange.upperBound)]")
                }
            }
            let device: SimulatedDevice
            do {
                device = try SimulatedDevice(model: problem, map: registerMap, seed: seed, context: context)
            } catch let error as RegisterMapError {
                throw ValidationError("\(error)")
            } catch let error as RegisterValueError {
                throw ValidationError("the plant's initial point does not fit the map: \(error)")
            }

            var defaultPort = Int(502)
            var serialLine: SerialLine?
            switch registerMap.transport {
            case .tcp(_, let mapPort): defaultPort = mapPort
            case .rtu(let line): if port == nil { serialLine = line }
            }
            if let serial {
                serialLine = serialLine.map { var line = $0; line.device = serial; return line } ?? SerialLine(device: serial)
            }
            let quiet = quiet
            let writes = try writeLog.map(WriteLogFile.init(path:))
            defer { writes?.close() }
            var recordWrite: (@Sendable (ReceivedWrite) -> Void)?
            if let writes { recordWrite = { writes.append($0) } }
            let serverOptions = DeviceServer.Options(
                bindAddress: bind, port: port ?? defaultPort, allowRemote: allowRemote, faults: faults,
                freshReadings: freshReadings, serialLine: serialLine)
            let server = try DeviceServer(
                device: device, options: serverOptions,
                log: { message in
                    if !quiet { FileHandle.standardError.write(Data("vernier device: \(message)\n".utf8)) }
                },
                writeLog: recordWrite)
            defer { server.close() }
            // libmodbus sends with MSG_NOSIGNAL; ignoring SIGPIPE as well keeps a vanished client from killing us.
            signal(SIGPIPE, SIG_IGN)
            let monitor = InterruptMonitor { _, _ in server.stop() }
            defer { monitor.stop() }

            let endpoint = server.endpoint
            if let readyFile {
                do {
                    try Data("\(endpoint)\n".utf8).write(to: URL(fileURLWithPath: readyFile), options: .atomic)
                } catch {
                    throw ValidationError("cannot write --ready-file '\(readyFile)': \(error.localizedDescription)")
                }
            }
            FileHandle.standardOutput.write(Data("listening on \(endpoint)\n".utf8))
            try server.run()
            if !quiet {
                let counters = server.counters
                FileHandle.standardError.write(Data(("vernier device: \(counters.requests) requests, \(counters.appliedWrites) writes "
                    + "applied, \(counters.exceptions) refused, \(counters.dropped) dropped, \(counters.disconnections) "
                    + "disconnections, \(counters.badFrames) bad frames\n").utf8))
            }
        }

        /// The fault options as the server takes them.
        var faults: FaultInjection {
            FaultInjection(latency: latencyMilliseconds / 1_000, dropEvery: dropEvery, disconnectAfter: disconnectAfter,
                           downtime: downMilliseconds / 1_000, latencyJitter: latencyJitterMilliseconds / 1_000,
                           dropProbability: dropProbability, disconnectProbability: disconnectProbability, seed: faultSeed)
        }
    }
}
