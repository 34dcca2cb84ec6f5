/// Where a value lives in a device and how its bits are laid out: table, first address, encoding, word and byte
/// order. Turns raw values into register words and back, bit-exactly.
///
/// "Raw" is the value as the device stores it (an integer count, or a float) before scale and offset; the
/// layout only moves bits and never rounds: ``store(rawBits:into:at:)`` followed by ``loadRawBits(from:at:)``
/// returns the same bits for every encoding and order.
///
/// The words are assembled here rather than with libmodbus's `modbus_get/set_float_abcd` family: in libmodbus
/// 3.1.6 (Debian's) those swap the bytes on little-endian hosts, and their behaviour changed between releases
/// (libmodbus issues #358, #611, #807).
public struct RegisterLayout: Sendable, Hashable {
    /// The data table.
    public var table: RegisterTable
    /// The first register (or coil) address, 0...65535 (protocol addresses, not the 40001-style numbers).
    public var address: Int
    /// How the raw value is stored.
    public var encoding: RegisterEncoding
    /// Order of the registers of a multi-register value.
    public var wordOrder: WordOrder
    /// Order of the bytes within each register.
    public var byteOrder: ByteOrder

    public init(table: RegisterTable, address: Int, encoding: RegisterEncoding,
                wordOrder: WordOrder = .big, byteOrder: ByteOrder = .big) {
        self.table = table
        self.address = address
        self.encoding = encoding
        self.wordOrder = wordOrder
        self.byteOrder = byteOrder
    }

    /// Registers (or bits) occupied.
    public var width: Int { encoding.width }

    /// The addresses occupied: `address ..< address + width`.
    public var addresses: Range<Int> { address..<(address + width) }

    /// Writes the `16 × width` low bits of `bits` into `words[index ..< index + width]` in this layout's orders.
    ///
    /// For ``RegisterEncoding/bool`` the single word is 0 or 1.
    @inline(__always)
    public func store(rawBits bits: UInt64, into words: UnsafeMutableBufferPointer<UInt16>, at index: Int) {
        let count = width
        for position in 0..<count {
            // Significance of the word at `position`: big word order puts the most significant first.
            let significance = wordOrder == .big ? count - 1 - position : position
            var word = UInt16(truncatingIfNeeded: bits >> (16 * UInt64(significance)))
            if byteOrder == .little, encoding != .bool { word = word.byteSwapped }
            words[index + position] = word
        }
    }

    /// Reads the raw bits of a value from `words[index ..< index + width]`; the inverse of ``store(rawBits:into:at:)``.
    @inline(__always)
    public func loadRawBits(from words: UnsafeBufferPointer<UInt16>, at index: Int) -> UInt64 {
        let count = width
        var bits: UInt64 = 0
        for position in 0..<count {
            var word = words[index + position]
            if byteOrder == .little, encoding != .bool { word = word.byteSwapped }
            let significance = wordOrder == .big ? count - 1 - position : position
            bits |= UInt64(word) << (16 * UInt64(significance))
        }
        return bits
    }

    /// The raw bits of `raw` in this encoding: two's complement for signed integers, IEEE 754 for floats.
    ///
    /// - Precondition: `raw` is representable: an integer within ``RegisterEncoding/integerRange`` for integer
    ///   encodings, finite for floats (callers check with ``RegisterValue``).
    @inline(__always)
    public func rawBits(of raw: Double) -> UInt64 {
        switch encoding {
        case .bool: UInt64(raw == 0 ? 0 : 1)
        case .int16: UInt64(UInt16(bitPattern: Int16(raw)))
        case .uint16: UInt64(UInt16(raw))
        case .int32: UInt64(UInt32(bitPattern: Int32(raw)))
        case .uint32: UInt64(UInt32(raw))
        case .float32: UInt64(Float(raw).bitPattern)
        case .float64: raw.bitPattern
        }
    }

    /// The raw value whose bits are `bits` (exact: every raw value of every encoding is a `Double`).
    @inline(__always)
    public func raw(fromBits bits: UInt64) -> Double {
        switch encoding {
        case .bool: bits & 1 == 0 ? 0 : 1
        case .int16: Double(Int16(bitPattern: UInt16(truncatingIfNeeded: bits)))
        case .uint16: Double(UInt16(truncatingIfNeeded: bits))
        case .int32: Double(Int32(bitPattern: UInt32(truncatingIfNeeded: bits)))
        case .uint32: Double(UInt32(truncatingIfNeeded: bits))
        case .float32: Double(Float(bitPattern: UInt32(truncatingIfNeeded: bits)))
        case .float64: Double(bitPattern: bits)
        }
    }

    /// Whether two layouts share a register (or coil) of the same table.
    public func overlaps(_ other: RegisterLayout) -> Bool {
        table == other.table && addresses.overlaps(other.addresses)
    }

    /// "holding register 100" or "holding registers 100...101".
    public var registerDescription: String {
        width == 1 ? "\(table.noun) \(address)" : "\(table.noun)s \(address)...\(address + width - 1)"
    }
}
