import CModbus

/// The server's copy of a device's registers: libmodbus's `modbus_mapping_t` (which `modbus_reply` reads and
/// writes), sized to span the map, plus which map entry owns each address.
///
/// Owns the mapping: freed by ``free()`` (idempotent) or at `deinit`.
final class RegisterImage {
    /// What occupies one address.
    struct Owner: Hashable {
        /// Parameter (written by clients) or reading.
        var isParameter: Bool
        /// Index in the map's writable points (``RegisterMap/writablePoints``: parameters, then the context) or
        /// readings.
        var index: Int
        /// Position of the address within the point's registers (0 = first).
        var position: Int
    }

    private(set) var mapping: UnsafeMutablePointer<modbus_mapping_t>?
    /// First address and owners of each table's addresses (nil owner = a gap the map does not use).
    private var starts = [Int](repeating: 0, count: 4)
    private var owners = [[Owner?]](repeating: [], count: 4)

    init(map: RegisterMap, call: LibModbusCall) throws(ModbusError) {
        var ranges: [RegisterTable: Range<Int>] = [:]
        for point in map.allPoints {
            let layout = point.layout
            ranges[layout.table] = ranges[layout.table].map {
                min($0.lowerBound, layout.address)..<max($0.upperBound, layout.addresses.upperBound)
            } ?? layout.addresses
        }
        for table in RegisterTable.allCases {
            let range = ranges[table] ?? 0..<0
            starts[table.ordinal] = range.lowerBound
            owners[table.ordinal] = [Owner?](repeating: nil, count: range.count)
        }
        func own(_ point: RegisterPoint, isParameter: Bool, index: Int) {
            let table = point.layout.table.ordinal
            for (position, address) in point.layout.addresses.enumerated() {
                owners[table][address - starts[table]] = Owner(isParameter: isParameter, index: index, position: position)
            }
        }
        for (index, setpoint) in map.writablePoints.enumerated() { own(setpoint.point, isParameter: true, index: index) }
        for (index, reading) in map.readings.enumerated() { own(reading, isParameter: false, index: index) }

        func extent(_ table: RegisterTable) -> (UInt32, UInt32) {
            (UInt32(starts[table.ordinal]), UInt32(owners[table.ordinal].count))
        }
        let (coilStart, coilCount) = extent(.coil), (discreteStart, discreteCount) = extent(.discrete)
        let (holdingStart, holdingCount) = extent(.holding), (inputStart, inputCount) = extent(.input)
        mapping = try call.pointer("modbus_mapping_new_start_address") {
            modbus_mapping_new_start_address(coilStart, coilCount, discreteStart, discreteCount,
                                             holdingStart, holdingCount, inputStart, inputCount)
        }
    }

    deinit { free() }

    func free() {
        if let mapping { modbus_mapping_free(mapping) }
        mapping = nil
    }

    /// The owner of `address` in `table`, or nil for an address the map does not use.
    @inline(__always)
    func owner(_ table: RegisterTable, _ address: Int) -> Owner? {
        let start = starts[table.ordinal]
        let slot = address - start
        guard slot >= 0, slot < owners[table.ordinal].count else { return nil }
        return owners[table.ordinal][slot]
    }

    /// The registers of `table` (holding or input) as a buffer, indexed from the table's first address.
    func registers(_ table: RegisterTable) -> UnsafeMutableBufferPointer<UInt16> {
        guard let mapping else { return UnsafeMutableBufferPointer(start: nil, count: 0) }
        return table == .holding
            ? UnsafeMutableBufferPointer(start: mapping.pointee.tab_registers, count: Int(mapping.pointee.nb_registers))
            : UnsafeMutableBufferPointer(start: mapping.pointee.tab_input_registers, count: Int(mapping.pointee.nb_input_registers))
    }

    /// The bits of `table` (coil or discrete) as a buffer, one byte (0 or 1) per bit.
    func bits(_ table: RegisterTable) -> UnsafeMutableBufferPointer<UInt8> {
        guard let mapping else { return UnsafeMutableBufferPointer(start: nil, count: 0) }
        return table == .coil
            ? UnsafeMutableBufferPointer(start: mapping.pointee.tab_bits, count: Int(mapping.pointee.nb_bits))
            : UnsafeMutableBufferPointer(start: mapping.pointee.tab_input_bits, count: Int(mapping.pointee.nb_input_bits))
    }

    /// Index of `address` in its table's buffer.
    @inline(__always)
    func slot(_ table: RegisterTable, _ address: Int) -> Int {
        address - starts[table.ordinal]
    }

    /// Stores `value` for `point`; false when the encoding cannot hold it (the registers keep their old value).
    @discardableResult
    func store(_ value: Double, for point: RegisterPoint) -> Bool {
        let layout = point.layout
        if value.isNaN, layout.encoding == .float32 || layout.encoding == .float64 {
            // An instrument's "no value" (a JPA's gain while it oscillates): floats carry it as NaN.
            layout.store(rawBits: layout.rawBits(of: .nan), into: registers(layout.table), at: slot(layout.table, layout.address))
            return true
        }
        guard case .success(let raw) = point.raw(fromPhysical: value, checkBounds: false) else { return false }
        if layout.table.holdsBits {
            bits(layout.table)[slot(layout.table, layout.address)] = raw == 0 ? 0 : 1
        } else {
            layout.store(rawBits: layout.rawBits(of: raw), into: registers(layout.table), at: slot(layout.table, layout.address))
        }
        return true
    }
}

extension RegisterTable {
    /// Position in `allCases`, for array-indexed per-table storage.
    var ordinal: Int {
        switch self {
        case .holding: 0
        case .input: 1
        case .coil: 2
        case .discrete: 3
        }
    }
}
