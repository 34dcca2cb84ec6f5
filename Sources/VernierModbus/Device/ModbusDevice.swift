import CModbus
import Foundation

/// A device reached through its register map: writes parameters and reads readings in physical units, with
/// the fewest Modbus requests the map allows, without allocating per call once created.
///
/// This is the I/O under every Modbus-backed plant and under `vernier probe`. Values travel in the map's order
/// (``RegisterMap/parameters``, ``RegisterMap/readings``). Failed requests throw ``ModbusError`` with the names
/// of the map entries they covered; values that cannot be stored throw ``RegisterValueError`` before anything
/// is sent.
public final class ModbusDevice {
    /// The register map.
    public let map: RegisterMap
    /// The link to the device.
    public let connection: ModbusConnection

    /// Spans writing every parameter; spans reading every parameter back; spans reading every reading.
    private let setpointSpans: [RegisterSpan]
    private let setpointReadSpans: [RegisterSpan]
    private let readingSpans: [RegisterSpan]
    /// The parameters' register points, in map order.
    private let parameterPoints: [RegisterPoint]
    /// The write and read blocks of a function-23 exchange, when the map asks for it.
    private let combined: (write: RegisterSpan, read: RegisterSpan)?
    private var readWords: [UInt16]
    /// Scratch space for one span of registers (and of bits).
    private var words: [UInt16]
    private var bits: [UInt8]

    /// Wraps an existing connection (which the device then owns and closes).
    public init(map: RegisterMap, connection: ModbusConnection) {
        self.map = map
        self.connection = connection
        let points = map.parameters.map(\.point)
        parameterPoints = points
        setpointSpans = RegisterSpan.plan(for: points, limit: \.maxWriteCount)
        setpointReadSpans = RegisterSpan.plan(for: points, limit: \.maxReadCount)
        readingSpans = RegisterSpan.plan(for: map.readings, limit: \.maxReadCount)
        words = [UInt16](repeating: 0, count: Int(CModbus_MAX_READ_REGISTERS))
        readWords = words
        if map.combinedWriteRead, map.combinedWriteReadProblem == nil,
           let write = setpointSpans.first, let read = readingSpans.first {
            combined = (write, read)
        } else {
            combined = nil
        }
        bits = [UInt8](repeating: 0, count: Int(CModbus_MAX_READ_BITS))
    }

    /// Connects to the device at the map's transport.
    public static func open(_ map: RegisterMap) throws(ModbusError) -> ModbusDevice {
        ModbusDevice(map: map, connection: try .open(map.transport, unit: map.unit, options: map.connection))
    }

    /// Closes the connection. Safe to call twice.
    public func close() {
        connection.close()
    }

    /// Number of requests one ``writeSetpoints(_:)`` sends.
    public var writeRequestCount: Int { setpointSpans.count }
    /// Number of requests one ``readReadings(into:)`` sends.
    public var readRequestCount: Int { readingSpans.count }

    // MARK: - Parameters

    /// Writes every parameter (map order, physical units) after checking each against its bounds and encoding:
    /// if any value cannot be stored, nothing is written.
    public func writeSetpoints(_ values: [Double]) throws {
        precondition(values.count == map.parameters.count,
                     "\(values.count) values for \(map.parameters.count) parameters")
        // Check everything before the first request, so that a bad value never leaves half a write behind.
        for index in values.indices {
            _ = try parameterPoints[index].raw(fromPhysical: values[index]).get()
        }
        for span in setpointSpans {
            if span.table.holdsBits {
                for member in span.members {
                    let raw = try parameterPoints[member.pointIndex].raw(fromPhysical: values[member.pointIndex]).get()
                    bits[member.offset] = raw == 0 ? 0 : 1
                }
                try annotate(span, of: parameterPoints) { () throws(ModbusError) in
                    try bits.withUnsafeBufferPointer { (buffer) throws(ModbusError) in
                        try connection.writeBits(address: span.address, from: UnsafeBufferPointer(rebasing: buffer[0..<span.count]))
                    }
                }
            } else {
                try words.withUnsafeMutableBufferPointer { buffer in
                    for member in span.members {
                        try parameterPoints[member.pointIndex].encode(values[member.pointIndex], into: buffer,
                                                                           at: member.offset)
                    }
                }
                try annotate(span, of: parameterPoints) { () throws(ModbusError) in
                    try words.withUnsafeBufferPointer { (buffer) throws(ModbusError) in
                        try connection.writeRegisters(address: span.address,
                                                      from: UnsafeBufferPointer(rebasing: buffer[0..<span.count]))
                    }
                }
            }
        }
    }

    /// Whether ``exchange(_:readingsInto:)`` is available (the map asks for function 23 and allows it).
    public var canExchange: Bool { combined != nil }

    /// Writes every parameter and reads every reading in one function-23 transaction (the device writes
    /// first). Values are checked as in ``writeSetpoints(_:)``: if any cannot be stored, nothing is sent.
    public func exchange(_ values: [Double], readingsInto readings: inout [Double]) throws {
        guard let (write, read) = combined else {
            try writeSetpoints(values)
            try readReadings(into: &readings)
            return
        }
        precondition(values.count == map.parameters.count && readings.count == map.readings.count)
        for index in values.indices {
            _ = try parameterPoints[index].raw(fromPhysical: values[index]).get()
        }
        try words.withUnsafeMutableBufferPointer { buffer in
            for member in write.members {
                try parameterPoints[member.pointIndex].encode(values[member.pointIndex], into: buffer, at: member.offset)
            }
        }
        try annotate(write, of: parameterPoints) { () throws(ModbusError) in
            try words.withUnsafeBufferPointer { (source) throws(ModbusError) in
                try readWords.withUnsafeMutableBufferPointer { (destination) throws(ModbusError) in
                    try connection.writeAndReadRegisters(
                        writeAddress: write.address, from: UnsafeBufferPointer(rebasing: source[0..<write.count]),
                        readAddress: read.address, into: UnsafeMutableBufferPointer(rebasing: destination[0..<read.count]))
                }
            }
        }
        readWords.withUnsafeBufferPointer { buffer in
            for member in read.members {
                readings[member.pointIndex] = map.readings[member.pointIndex].decode(from: buffer, at: member.offset)
            }
        }
    }

    /// Reads every parameter's present value from its own registers (map order, physical units).
    public func readSetpoints() throws(ModbusError) -> [Double] {
        var values = [Double](repeating: 0, count: map.parameters.count)
        try read(setpointReadSpans, points: parameterPoints, into: &values)
        return values
    }

    /// Reads every reading (map order, physical units) into `values`, which must have one element per reading.
    public func readReadings(into values: inout [Double]) throws(ModbusError) {
        precondition(values.count == map.readings.count, "\(values.count) slots for \(map.readings.count) readings")
        try read(readingSpans, points: map.readings, into: &values)
    }

    /// Reads every reading into a new array (map order, physical units).
    public func readReadings() throws(ModbusError) -> [Double] {
        var values = [Double](repeating: 0, count: map.readings.count)
        try readReadings(into: &values)
        return values
    }

    /// Reads arbitrary points of this device (e.g. for a probe), grouped into as few requests as possible.
    public func read(_ points: [RegisterPoint]) throws(ModbusError) -> [Double] {
        var values = [Double](repeating: 0, count: points.count)
        try read(RegisterSpan.plan(for: points, limit: \.maxReadCount), points: points, into: &values)
        return values
    }

    /// Reads one point's raw registers (for bits: 0 or 1 per bit), for a probe that shows what the device holds.
    public func readRaw(_ point: RegisterPoint) throws(ModbusError) -> [UInt16] {
        let layout = point.layout
        let span = RegisterSpan(table: layout.table, address: layout.address, count: layout.width,
                                members: [RegisterSpan.Member(pointIndex: 0, offset: 0)])
        var raw = [UInt16](repeating: 0, count: layout.width)
        try annotate(span, of: [point]) { () throws(ModbusError) in
            if layout.table.holdsBits {
                var bit: [UInt8] = [0]
                try bit.withUnsafeMutableBufferPointer { (buffer) throws(ModbusError) in
                    try connection.readBits(layout.table, address: layout.address, into: buffer)
                }
                raw[0] = UInt16(bit[0] == 0 ? 0 : 1)
            } else {
                try raw.withUnsafeMutableBufferPointer { (buffer) throws(ModbusError) in
                    try connection.readRegisters(layout.table, address: layout.address, into: buffer)
                }
            }
        }
        return raw
    }

    // MARK: - Context

    /// Writes the context (``RegisterMap/context``) after checking it against its bounds and encoding.
    ///
    /// - Throws: ``RegisterValueError`` before anything is sent for a value that cannot be stored,
    ///   ``ModbusError`` when the device refuses it; `invalidArgument` when the map has no context register.
    public func writeContext(_ value: Double) throws {
        let point = try contextPoint()
        let span = RegisterSpan(table: .holding, address: point.layout.address, count: point.layout.width,
                                members: [RegisterSpan.Member(pointIndex: 0, offset: 0)])
        try words.withUnsafeMutableBufferPointer { buffer in
            try point.encode(value, into: buffer, at: 0)
        }
        try annotate(span, of: [point]) { () throws(ModbusError) in
            try words.withUnsafeBufferPointer { (buffer) throws(ModbusError) in
                try connection.writeRegisters(address: span.address, from: UnsafeBufferPointer(rebasing: buffer[0..<span.count]))
            }
        }
    }

    /// Reads the context the device holds (physical units).
    public func readContext() throws(ModbusError) -> Double {
        let point = try contextPoint()
        return try read([point])[0]
    }

    private func contextPoint() throws(ModbusError) -> RegisterPoint {
        guard let point = map.context?.point else {
            throw ModbusError(kind: .invalidArgument, function: "ModbusDevice.context", endpoint: map.transport.endpoint,
                              unit: map.unit, code: EINVAL,
                              message: "the register map has no 'context:' register; the device is fixed at one context")
        }
        return point
    }

    // MARK: - Implementation

    private func read(_ spans: [RegisterSpan], points: [RegisterPoint], into values: inout [Double]) throws(ModbusError) {
        for span in spans {
            do {
                try read(span, points: points, into: &values)
            } catch where error.kind == .illegalAddress && span.members.count > 1 {
                throw culprit(of: error, in: span, points: points)
            }
        }
    }

    /// The device refused a multi-value read as an illegal address: read the span's points one by one to name
    /// the one it does not have (reads change nothing on the device).
    private func culprit(of error: ModbusError, in span: RegisterSpan, points: [RegisterPoint]) -> ModbusError {
        for member in span.members {
            let point = points[member.pointIndex]
            do {
                _ = try readRaw(point)
            } catch let narrowed where narrowed.kind == .illegalAddress {
                return narrowed
            } catch {
                break
            }
        }
        return error
    }

    private func read(_ span: RegisterSpan, points: [RegisterPoint], into values: inout [Double]) throws(ModbusError) {
        if span.table.holdsBits {
            try annotate(span, of: points) { () throws(ModbusError) in
                try bits.withUnsafeMutableBufferPointer { (buffer) throws(ModbusError) in
                    try connection.readBits(span.table, address: span.address,
                                            into: UnsafeMutableBufferPointer(rebasing: buffer[0..<span.count]))
                }
            }
            for member in span.members {
                let point = points[member.pointIndex]
                values[member.pointIndex] = point.physical(fromRaw: bits[member.offset] == 0 ? 0 : 1)
            }
        } else {
            try annotate(span, of: points) { () throws(ModbusError) in
                try words.withUnsafeMutableBufferPointer { (buffer) throws(ModbusError) in
                    try connection.readRegisters(span.table, address: span.address,
                                                 into: UnsafeMutableBufferPointer(rebasing: buffer[0..<span.count]))
                }
            }
            words.withUnsafeBufferPointer { buffer in
                for member in span.members {
                    values[member.pointIndex] = points[member.pointIndex].decode(from: buffer, at: member.offset)
                }
            }
        }
    }

    /// Runs one request; a failure is given the names of the map entries the request covered.
    @inline(__always)
    private func annotate(_ span: RegisterSpan, of points: [RegisterPoint], _ request: () throws(ModbusError) -> Void) throws(ModbusError) {
        do {
            try request()
        } catch {
            var named = error
            named.registerNames = span.members.map { points[$0.pointIndex].summary }
            named.address = named.address ?? span.address
            throw named
        }
    }
}
