import Foundation

/// A device's register map (`hardware/*.yaml`): how to reach it, and where each parameter (written) and each
/// reading (read) lives, how it is encoded, and how it converts to physical units.
///
/// A map is checked when it is loaded (``init(yaml:source:)``): malformed YAML, unknown keys, values of the
/// wrong kind, encodings a register type cannot hold (float32 in a coil), overlapping registers, bounds the
/// encoding cannot represent and duplicate names are refused with the line and column at fault. Whether it
/// fits a plant (every parameter mapped, every needed reading present) is checked by ``binding(parameterNames:requiredReadings:)``.
/// The file format is documented in `hardware/README.md`.
public struct RegisterMap: Sendable, Hashable {
    /// What the device is, for logs ("AWAKE TT43 corrector power supplies via PLC gateway").
    public var device: String
    /// How to reach the device.
    public var transport: Transport
    /// The unit (slave) id: 1...247 on a serial line, 0...255 over TCP (255 = the device itself).
    public var unit: Int
    /// Timeouts and retries.
    public var connection: ConnectionOptions
    /// The values the plant writes, in file order.
    public var parameters: [Setpoint]
    /// The values the plant reads, in file order.
    public var readings: [RegisterPoint]
    /// The file the map came from, for messages.
    public var source: String
    /// Where the `parameters:` list is (or the top of the file), for "parameter not mapped" errors.
    public var parametersLocation: SourceLocation
    /// Where the `readings:` list is (or the top of the file), for "reading not mapped" errors.
    public var readingsLocation: SourceLocation
    /// Whether an evaluation writes the setpoints and reads the readings in one transaction (function 23,
    /// "read/write multiple registers"): half the round trips, for devices that support it. Only allowed when
    /// every parameter and every reading is a holding register, each group in one block, and no parameter has
    /// a settle time or a read-back (the device answers the instant it has written).
    public var combinedWriteRead: Bool
    /// Where the device takes the plant's context (a JPA's target frequency: the readout's centre frequency),
    /// for a ``VernierCore/ContextualOptimizable`` plant; nil when the device is fixed at one context. A holding
    /// register, written only when the context changes, with bounds, settle time and read-back as a parameter.
    public var context: Setpoint?

    public init(
        device: String, transport: Transport, unit: Int, connection: ConnectionOptions = ConnectionOptions(),
        parameters: [Setpoint], readings: [RegisterPoint], source: String = "<inline>",
        parametersLocation: SourceLocation = SourceLocation(line: 1, column: 1),
        readingsLocation: SourceLocation = SourceLocation(line: 1, column: 1),
        combinedWriteRead: Bool = false, context: Setpoint? = nil
    ) {
        self.device = device
        self.transport = transport
        self.unit = unit
        self.connection = connection
        self.parameters = parameters
        self.readings = readings
        self.source = source
        self.parametersLocation = parametersLocation
        self.readingsLocation = readingsLocation
        self.combinedWriteRead = combinedWriteRead
        self.context = context
    }

    /// Reads and checks the map in `url`.
    public init(contentsOf url: URL) throws(RegisterMapError) {
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw RegisterMapError(source: url.path, location: nil,
                                   message: "cannot read the register map: \(error.localizedDescription)")
        }
        try self.init(yaml: text, source: url.path)
    }

    /// The parameter called `name`, if mapped.
    public func setpoint(named name: String) -> Setpoint? {
        parameters.first { $0.name == name }
    }

    /// The reading called `name`, if mapped.
    public func reading(named name: String) -> RegisterPoint? {
        readings.first { $0.name == name }
    }

    /// Every point of the map: parameters, the context, then readings.
    public var allPoints: [RegisterPoint] {
        writablePoints.map(\.point) + readings
    }

    /// What a client may write: every parameter (map order), then the context when the map has one.
    public var writablePoints: [Setpoint] {
        parameters + (context.map { [$0] } ?? [])
    }

    /// The same map reached at another TCP endpoint (`--endpoint HOST:PORT`); RTU maps become TCP (a serial
    /// gateway, or `vernier device serve`).
    public func reached(at host: String, port: Int) -> RegisterMap {
        var copy = self
        copy.transport = .tcp(host: host, port: port)
        return copy
    }
}
