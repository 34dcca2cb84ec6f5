import CModbus
import Yams

extension RegisterMap {
    /// The top-level keys of a map file.
    static let topLevelKeys = ["device", "transport", "unit_id", "word_order", "byte_order", "connection",
                               "combined_write_read", "parameters", "context", "readings"]
    static let entryKeys = ["name", "register", "address", "encoding", "word_order", "byte_order", "unit", "scale",
                            "offset", "bounds"]
    static let parameterKeys = entryKeys + ["max_step", "settle_ms", "readback"]

    /// Parses and checks a register map.
    ///
    /// - Parameter source: the file path (or a label) used in error messages.
    /// - Throws: ``RegisterMapError`` naming the line and column at fault.
    public init(yaml text: String, source: String) throws(RegisterMapError) {
        self = try Self.load(yaml: text, source: source, extraKeys: []).map
    }

    /// Parses and checks a register map that is part of a larger document (a `modbus/Device-v1` definition
    /// adds `objective:`, `constraints:` … to the map's keys): the map, and the YAML nodes of the `extraKeys`
    /// present, with their marks, for the caller to read.
    public static func load(
        yaml text: String, source: String, extraKeys: [String]
    ) throws(RegisterMapError) -> (map: RegisterMap, extras: [String: Node]) {
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text) else {
                throw RegisterMapError(source: source, location: SourceLocation(line: 1, column: 1),
                                       message: "the register map is empty; see hardware/README.md for the format")
            }
            root = node
        } catch let error as RegisterMapError {
            throw error
        } catch let error as YamlError {
            throw Self.syntaxError(error, source: source, text: text)
        } catch {
            throw RegisterMapError(source: source, location: nil, message: "not valid YAML: \(error)")
        }
        return try load(node: root, source: source, extraKeys: extraKeys)
    }

    /// ``load(yaml:source:extraKeys:)`` for a document already parsed (e.g. a plant's `--options` file), whose
    /// nodes carry their marks.
    public static func load(
        node root: Node, source: String, extraKeys: [String]
    ) throws(RegisterMapError) -> (map: RegisterMap, extras: [String: Node]) {
        let top = try YAMLCursor(node: root, path: "", source: source).mapping(allowed: Self.topLevelKeys + extraKeys)

        let device = try top.optional("device")?.string() ?? "Modbus device"
        let transportCursor = try top.required("transport", "how to reach the device, e.g. {tcp: {host: 127.0.0.1, port: 502}}")
        let transport = try Self.transport(transportCursor)
        let unit = try Self.unit(top.optional("unit_id"), transport: transport, fallback: top.cursor)
        let connection = try Self.connection(top.optional("connection"))
        let defaultWordOrder = try top.optional("word_order")?.choice(WordOrder.self) ?? .big
        let defaultByteOrder = try top.optional("byte_order")?.choice(ByteOrder.self) ?? .big
        let defaults = (wordOrder: defaultWordOrder, byteOrder: defaultByteOrder)

        var parameters: [Setpoint] = []
        var readbackSources: [(reading: String, cursor: YAMLCursor)] = []
        if let list = top.optional("parameters") {
            for item in try list.sequence() {
                let fields = try item.mapping(allowed: Self.parameterKeys)
                let point = try Self.point(fields, defaults: defaults, isParameter: true)
                let (setpoint, readbackReading) = try Self.setpoint(point, fields)
                if let readbackReading { readbackSources.append(readbackReading) }
                parameters.append(setpoint)
            }
        }
        var context: Setpoint?
        if let cursor = top.optional("context") {
            let fields = try cursor.mapping(allowed: Self.parameterKeys)
            let point = try Self.point(fields, defaults: defaults, isParameter: true)
            guard point.layout.table == .holding else {
                throw cursor.error("the context '\(point.name)' must be a holding register: it is a number (e.g. a "
                                   + "target frequency) the plant writes")
            }
            let (setpoint, readbackReading) = try Self.setpoint(point, fields)
            if let readbackReading { readbackSources.append(readbackReading) }
            context = setpoint
        }
        var readings: [RegisterPoint] = []
        if let list = top.optional("readings") {
            for item in try list.sequence() {
                let fields = try item.mapping(allowed: Self.entryKeys)
                readings.append(try Self.point(fields, defaults: defaults, isParameter: false))
            }
        }
        guard !parameters.isEmpty || !readings.isEmpty else {
            throw top.cursor.error("the map has neither parameters nor readings; list at least one under "
                                   + "'parameters:' (written) or 'readings:' (read)")
        }

        let combinedCursor = top.optional("combined_write_read")
        let map = RegisterMap(device: device, transport: transport, unit: unit, connection: connection,
                              parameters: parameters, readings: readings, source: source,
                              parametersLocation: top.location(of: "parameters"),
                              readingsLocation: top.location(of: "readings"),
                              combinedWriteRead: try combinedCursor?.boolean() ?? false, context: context)
        try map.checkNames()
        try map.checkOverlaps()
        if map.combinedWriteRead, let combinedCursor, let problem = map.combinedWriteReadProblem {
            throw combinedCursor.error("combined_write_read needs function 23's layout: \(problem)")
        }
        for (reading, cursor) in readbackSources {
            guard map.reading(named: reading) != nil else {
                let near = cursor.nearMatches(reading, readings.map(\.name))
                throw cursor.error("'\(cursor.path)' names the reading '\(reading)', which the map does not have\(near)")
            }
        }
        var extras: [String: Node] = [:]
        for key in extraKeys {
            if let cursor = top.optional(key) { extras[key] = cursor.node }
        }
        return (map, extras)
    }

    // MARK: - Sections

    private static func syntaxError(_ error: YamlError, source: String, text: String) -> RegisterMapError {
        switch error {
        case .duplicatedKeysInMapping(let duplicates, let context):
            // Yams reports the mapping; find the key's second occurrence after it, which is the line to fix.
            let key = duplicates.sorted().first ?? ""
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            var found: [SourceLocation] = []
            for (index, line) in lines.enumerated() where index + 1 >= context.mark.line {
                guard let range = line.range(of: key + ":") else { continue }
                let before = line[..<range.lowerBound].last
                if before == nil || before == " " || before == "{" || before == "," || before == "-" {
                    found.append(SourceLocation(line: index + 1, column: line.distance(from: line.startIndex, to: range.lowerBound) + 1))
                }
            }
            let location = found.count >= 2 ? found[1] : SourceLocation(line: context.mark.line, column: context.mark.column)
            let first = found.first.map { " (first at \($0))" } ?? ""
            return RegisterMapError(source: source, location: location,
                                    message: "'\(key)' is given twice\(first); each key may appear once in a mapping")
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _):
            return RegisterMapError(source: source, location: SourceLocation(line: mark.line, column: mark.column),
                                    message: "not valid YAML: \(problem)")
        case .composer(_, let problem, let mark, _):
            return RegisterMapError(source: source, location: SourceLocation(line: mark.line, column: mark.column),
                                    message: "not valid YAML: \(problem)")
        case .reader(let problem, let offset, _, _):
            // Text libyaml cannot read (a control character) comes with an offset instead of a mark; without
            // this case the error named no place (found by fuzzing, issue 16).
            return RegisterMapError(source: source, location: location(ofCharacter: offset ?? 0, in: text),
                                    message: "not valid YAML: \(problem)")
        default:
            return RegisterMapError(source: source, location: nil, message: "not valid YAML: \(error)")
        }
    }

    /// Line and column (from 1; columns in Unicode scalars, as Yams' marks count them) of the character at
    /// `offset` in `text`: Yams turns libyaml's byte offset of a reader error into a distance in characters.
    /// An offset past the end names the end.
    static func location(ofCharacter offset: Int, in text: String) -> SourceLocation {
        var (line, column) = (1, 1)
        for character in text.prefix(max(0, offset)) {
            if character.isNewline {
                (line, column) = (line + 1, 1)
            } else {
                column += character.unicodeScalars.count
            }
        }
        return SourceLocation(line: line, column: column)
    }

    private static func transport(_ cursor: YAMLCursor) throws(RegisterMapError) -> Transport {
        let fields = try cursor.mapping(allowed: ["tcp", "rtu"])
        switch (fields.optional("tcp"), fields.optional("rtu")) {
        case (let tcp?, nil):
            let tcpFields = try tcp.mapping(allowed: ["host", "port"])
            let host = try tcpFields.required("host", "the device's address, e.g. 192.168.0.10").string()
            let port = try tcpFields.optional("port")?.integer() ?? 502
            guard (1...65_535).contains(port) else {
                throw (tcpFields.optional("port") ?? tcp).error("TCP port \(port) must lie in 1...65535 (Modbus/TCP uses 502)")
            }
            return .tcp(host: host, port: port)
        case (nil, let rtu?):
            let rtuFields = try rtu.mapping(allowed: ["device", "baud", "parity", "data_bits", "stop_bits"])
            let device = try rtuFields.required("device", "the serial port, e.g. /dev/ttyUSB0").string()
            let baud = try rtuFields.optional("baud")?.integer() ?? 19_200
            guard baud > 0 else { throw rtuFields.location(of: "baud").error(in: rtu, "baud rate \(baud) must be positive") }
            let parity = try rtuFields.optional("parity")?.choice(Parity.self) ?? .even
            let dataBits = try rtuFields.optional("data_bits")?.integer() ?? 8
            guard (5...8).contains(dataBits) else {
                throw rtuFields.location(of: "data_bits").error(in: rtu, "data_bits \(dataBits) must lie in 5...8 (Modbus RTU uses 8)")
            }
            let stopBits = try rtuFields.optional("stop_bits")?.integer() ?? 1
            guard stopBits == 1 || stopBits == 2 else {
                throw rtuFields.location(of: "stop_bits").error(in: rtu, "stop_bits \(stopBits) must be 1 or 2")
            }
            return .rtu(SerialLine(device: device, baudRate: baud, parity: parity, dataBits: dataBits, stopBits: stopBits))
        default:
            throw cursor.error("'transport' needs exactly one of 'tcp' (host, port) or 'rtu' (device, baud, parity, "
                               + "data_bits, stop_bits)")
        }
    }

    private static func unit(_ cursor: YAMLCursor?, transport: Transport, fallback: YAMLCursor) throws(RegisterMapError) -> Int {
        guard let cursor else {
            if case .rtu = transport {
                throw fallback.error("a serial (RTU) map needs 'unit_id' (1...247): the address of the device on the bus")
            }
            return 255
        }
        let unit = try cursor.integer()
        switch transport {
        case .tcp:
            guard (0...255).contains(unit) else { throw cursor.error("unit_id \(unit) must lie in 0...255 over TCP") }
        case .rtu:
            guard (1...247).contains(unit) else { throw cursor.error("unit_id \(unit) must lie in 1...247 on a serial line") }
        }
        return unit
    }

    private static func connection(_ cursor: YAMLCursor?) throws(RegisterMapError) -> ConnectionOptions {
        var options = ConnectionOptions()
        guard let cursor else { return options }
        let fields = try cursor.mapping(allowed: ["response_timeout_ms", "byte_timeout_ms", "retries", "backoff_ms",
                                                  "max_backoff_ms"])
        if let value = fields.optional("response_timeout_ms") { options.responseTimeout = try value.number() / 1_000 }
        if let value = fields.optional("byte_timeout_ms") { options.byteTimeout = try value.number() / 1_000 }
        if let value = fields.optional("retries") { options.retries = try value.integer() }
        if let value = fields.optional("backoff_ms") { options.initialBackoff = try value.number() / 1_000 }
        if let value = fields.optional("max_backoff_ms") { options.maxBackoff = try value.number() / 1_000 }
        else { options.maxBackoff = max(options.maxBackoff, options.initialBackoff) }
        let problems = options.problems()
        guard problems.isEmpty else { throw cursor.error("connection: \(problems.joined(separator: "; "))") }
        return options
    }

    // MARK: - Entries

    private static func point(
        _ fields: YAMLMappingCursor, defaults: (wordOrder: WordOrder, byteOrder: ByteOrder), isParameter: Bool
    ) throws(RegisterMapError) -> RegisterPoint {
        let role = isParameter ? "parameter" : "reading"
        let nameCursor = try fields.required("name", "the \(role)'s name as the plant knows it")
        let name = try nameCursor.string()
        guard !name.contains(where: \.isWhitespace) else {
            throw nameCursor.error("\(role) name '\(name)' contains white space; use letters, digits, '_' or '.'")
        }
        let tableCursor = try fields.required("register", "holding, input, coil or discrete")
        let table = try tableCursor.choice(RegisterTable.self)
        if isParameter, !table.isWritable {
            throw tableCursor.error("parameter '\(name)' is in \(table.noun)s, which are read-only; parameters are "
                                    + "written, so they must be holding registers or coils")
        }
        let addressCursor = try fields.required("address", "the first register's protocol address, 0...65535")
        let address = try addressCursor.integer()
        let encoding: RegisterEncoding
        if let encodingCursor = fields.optional("encoding") {
            encoding = try encodingCursor.choice(RegisterEncoding.self)
            guard encoding.fits(table) else {
                let allowed = table.holdsBits ? "bool" : "int16, uint16, int32, uint32, float32 or float64"
                throw encodingCursor.error("\(role) '\(name)': \(table.article) \(table.noun) cannot hold \(encoding.rawValue) "
                                           + "(\(table.noun)s hold \(allowed))")
            }
        } else if table.holdsBits {
            encoding = .bool
        } else {
            throw fields.cursor.error("\(role) '\(name)' needs 'encoding': int16, uint16, int32, uint32, float32 or float64")
        }
        guard address >= 0, address + encoding.width - 1 <= 65_535 else {
            throw addressCursor.error("\(role) '\(name)': address \(address) with \(encoding.rawValue) "
                                      + "(\(encoding.width) register(s)) leaves the address range 0...65535")
        }
        let wordOrder = try fields.optional("word_order")?.choice(WordOrder.self) ?? defaults.wordOrder
        let byteOrder = try fields.optional("byte_order")?.choice(ByteOrder.self) ?? defaults.byteOrder
        let unit = try fields.optional("unit")?.string() ?? ""
        let scaleCursor = fields.optional("scale")
        let scale = try scaleCursor?.number() ?? 1
        guard scale.isFinite, scale != 0 else {
            throw (scaleCursor ?? fields.cursor).error("\(role) '\(name)': scale \(scale) must be finite and non-zero")
        }
        let offsetCursor = fields.optional("offset")
        let offset = try offsetCursor?.number() ?? 0
        guard offset.isFinite else {
            throw (offsetCursor ?? fields.cursor).error("\(role) '\(name)': offset \(offset) must be finite")
        }
        let layout = RegisterLayout(table: table, address: address, encoding: encoding,
                                    wordOrder: wordOrder, byteOrder: byteOrder)
        var point = RegisterPoint(name: name, unit: unit, layout: layout, scale: scale, offset: offset,
                                  bounds: nil, location: nameCursor.location)
        if let boundsCursor = fields.optional("bounds") {
            point.bounds = try Self.bounds(boundsCursor, of: point, role: role)
        } else if table.holdsBits {
            // An on/off point spans its two states.
            let (off, on) = (offset, offset + scale)
            point.bounds = min(off, on)...max(off, on)
        } else if isParameter {
            throw fields.cursor.error("parameter '\(name)' needs 'bounds: [low, high]' in physical units: nothing "
                                      + "outside them is ever written")
        }
        return point
    }

    private static func bounds(_ cursor: YAMLCursor, of point: RegisterPoint, role: String) throws(RegisterMapError) -> ClosedRange<Double> {
        let items = try cursor.sequence()
        guard items.count == 2 else {
            throw cursor.error("\(role) '\(point.name)': bounds should be [low, high], two numbers; got \(items.count)")
        }
        let (low, high) = (try items[0].number(), try items[1].number())
        guard low.isFinite, high.isFinite, low <= high else {
            throw cursor.error("\(role) '\(point.name)': bounds [\(low), \(high)] must be finite with low ≤ high")
        }
        for bound in [low, high] {
            if case .failure(let problem) = point.raw(fromPhysical: bound, checkBounds: false) {
                throw cursor.error("\(role) '\(point.name)': bound \(bound) cannot be stored: \(problem.rawProblem)")
            }
        }
        if point.layout.encoding == .bool {
            let states = [point.offset, point.offset + point.scale]
            guard states.contains(where: { (low...high).contains($0) }) else {
                throw cursor.error("\(role) '\(point.name)': bounds [\(low), \(high)] contain neither state of the "
                                   + "\(point.layout.table.noun) (\(states[0]) off, \(states[1]) on)")
            }
        }
        return low...high
    }

    private static func setpoint(
        _ point: RegisterPoint, _ fields: YAMLMappingCursor
    ) throws(RegisterMapError) -> (Setpoint, (String, YAMLCursor)?) {
        var setpoint = Setpoint(point: point)
        if let cursor = fields.optional("max_step") {
            let step = try cursor.number()
            guard step > 0, step.isFinite else {
                throw cursor.error("parameter '\(point.name)': max_step \(step) must be positive and finite")
            }
            setpoint.maxStep = step
        }
        if let cursor = fields.optional("settle_ms") {
            let milliseconds = try cursor.number()
            guard milliseconds >= 0, milliseconds.isFinite, milliseconds <= 3_600_000 else {
                throw cursor.error("parameter '\(point.name)': settle_ms \(milliseconds) must lie in 0...3600000")
            }
            setpoint.settleTime = milliseconds / 1_000
        }
        var source: (String, YAMLCursor)?
        if let cursor = fields.optional("readback") {
            let readbackFields = try cursor.mapping(allowed: ["tolerance", "reading"])
            let toleranceCursor = try readbackFields.required("tolerance", "largest accepted difference, in physical units")
            let tolerance = try toleranceCursor.number()
            guard tolerance >= 0, tolerance.isFinite else {
                throw toleranceCursor.error("parameter '\(point.name)': readback tolerance \(tolerance) must be zero or positive")
            }
            let readingCursor = readbackFields.optional("reading")
            let reading = try readingCursor?.string()
            if let reading, let readingCursor { source = (reading, readingCursor) }
            setpoint.readback = Readback(tolerance: tolerance, reading: reading)
        }
        return (setpoint, source)
    }

    // MARK: - Whole-map checks

    /// Why the map cannot use one function-23 transaction per evaluation, or nil when it can.
    var combinedWriteReadProblem: String? {
        if let point = parameters.first(where: { $0.point.layout.table != .holding }) {
            return "parameter '\(point.name)' is not a holding register"
        }
        if let point = readings.first(where: { $0.layout.table != .holding }) {
            return "reading '\(point.name)' is not a holding register (function 23 reads holding registers only)"
        }
        if let point = parameters.first(where: { $0.settleTime > 0 || $0.readback != nil }) {
            return "parameter '\(point.name)' has a settle time or a read-back, but function 23 reads at once"
        }
        let writes = RegisterSpan.plan(for: parameters.map(\.point)) { _ in Int(CModbus_MAX_WR_WRITE_REGISTERS) }
        let reads = RegisterSpan.plan(for: readings) { _ in Int(CModbus_MAX_WR_READ_REGISTERS) }
        guard writes.count == 1, reads.count == 1 else {
            return "the parameters and the readings must each fill one gap-free block of at most "
                + "\(CModbus_MAX_WR_WRITE_REGISTERS) and \(CModbus_MAX_WR_READ_REGISTERS) registers"
        }
        return nil
    }

    private func checkNames() throws(RegisterMapError) {
        var seen: [String: RegisterPoint] = [:]
        for point in allPoints {
            if let first = seen[point.name] {
                throw RegisterMapError(source: source, location: point.location,
                                       message: "the name '\(point.name)' is used twice (first at \(first.location)); "
                                           + "every parameter and reading needs its own name")
            }
            seen[point.name] = point
        }
    }

    private func checkOverlaps() throws(RegisterMapError) {
        for table in RegisterTable.allCases {
            let points = allPoints.filter { $0.layout.table == table }
                .sorted { ($0.layout.address, $0.location) < ($1.layout.address, $1.location) }
            for (earlier, later) in zip(points, points.dropFirst()) where earlier.layout.overlaps(later.layout) {
                let (first, second) = earlier.location < later.location ? (earlier, later) : (later, earlier)
                throw RegisterMapError(
                    source: source, location: second.location,
                    message: "'\(second.name)' (\(second.layout.registerDescription)) overlaps '\(first.name)' "
                        + "(\(first.layout.registerDescription), at \(first.location)); each register may hold one value")
            }
        }
    }
}

extension SourceLocation {
    /// An error at this location in `cursor`'s file.
    func error(in cursor: YAMLCursor, _ message: String) -> RegisterMapError {
        RegisterMapError(source: cursor.source, location: self, message: message)
    }
}

extension RegisterValueError {
    /// The part of the message about the raw range, for load-time bound checks.
    var rawProblem: String {
        switch self {
        case .notFinite(_, let value): "\(value) is not finite"
        case .outsideBounds(_, let value, let bounds, _, _): "\(value) lies outside [\(bounds.lowerBound), \(bounds.upperBound)]"
        case .notRepresentable(_, _, let encoding, let raw):
            "it needs raw value \(raw), beyond what \(encoding.rawValue) holds "
                + (encoding.integerRange.map { "([\(Int64($0.lowerBound)), \(Int64($0.upperBound))])" } ?? "")
                + "; use a wider encoding or a larger scale"
        }
    }
}
