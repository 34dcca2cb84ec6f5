/// How a value is stored in Modbus registers.
///
/// Integers and IEEE 754 floats in 1, 2 or 4 consecutive 16-bit registers, or a single bit for coils and
/// discrete inputs. Multi-register values follow the entry's ``WordOrder`` and ``ByteOrder``.
public enum RegisterEncoding: String, Sendable, Hashable, Codable, CaseIterable {
    /// One bit (coils and discrete inputs only): 0 or 1.
    case bool
    /// Signed 16-bit integer, two's complement: −32768...32767.
    case int16
    /// Unsigned 16-bit integer: 0...65535.
    case uint16
    /// Signed 32-bit integer in two registers: −2147483648...2147483647.
    case int32
    /// Unsigned 32-bit integer in two registers: 0...4294967295.
    case uint32
    /// IEEE 754 single precision in two registers (what most PLCs and power supplies use for "REAL").
    case float32
    /// IEEE 754 double precision in four registers (exact for any `Double`: the encoding to use when a
    /// simulation must be reproduced bit for bit).
    case float64

    /// Number of 16-bit registers (or bits, for ``bool``) a value occupies.
    public var width: Int {
        switch self {
        case .bool, .int16, .uint16: 1
        case .int32, .uint32, .float32: 2
        case .float64: 4
        }
    }

    /// Whether the encoding fits `table`: ``bool`` only in coils and discrete inputs, everything else only in
    /// holding and input registers.
    public func fits(_ table: RegisterTable) -> Bool {
        (self == .bool) == table.holdsBits
    }

    /// The raw values the encoding can hold exactly, for integer encodings; `nil` for floats.
    public var integerRange: ClosedRange<Double>? {
        switch self {
        case .bool: 0...1
        case .int16: Double(Int16.min)...Double(Int16.max)
        case .uint16: 0...Double(UInt16.max)
        case .int32: Double(Int32.min)...Double(Int32.max)
        case .uint32: 0...Double(UInt32.max)
        case .float32, .float64: nil
        }
    }

    /// The largest finite raw value, for range checks of bounds (floats: their largest finite value).
    var rawMagnitudeLimit: ClosedRange<Double> {
        switch self {
        case .float32: -Double(Float.greatestFiniteMagnitude)...Double(Float.greatestFiniteMagnitude)
        case .float64: -Double.greatestFiniteMagnitude...Double.greatestFiniteMagnitude
        default: integerRange ?? 0...0
        }
    }
}
