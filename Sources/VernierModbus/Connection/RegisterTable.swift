import CModbus

/// The four Modbus data tables a value can live in.
public enum RegisterTable: String, Sendable, Hashable, Codable, CaseIterable {
    /// Holding registers (16-bit, read/write; function codes 3, 6, 16, 23): setpoints, and some readings.
    case holding
    /// Input registers (16-bit, read-only; function code 4): measurements.
    case input
    /// Coils (1-bit, read/write; function codes 1, 5, 15): on/off outputs.
    case coil
    /// Discrete inputs (1-bit, read-only; function code 2): status bits.
    case discrete

    /// Whether a client can write the table.
    public var isWritable: Bool { self == .holding || self == .coil }

    /// Whether the table holds single bits (coils, discrete inputs) rather than 16-bit registers.
    public var holdsBits: Bool { self == .coil || self == .discrete }

    /// Most values one read request may return (libmodbus's `MODBUS_MAX_READ_REGISTERS` / `_BITS`).
    public var maxReadCount: Int { Int(holdsBits ? CModbus_MAX_READ_BITS : CModbus_MAX_READ_REGISTERS) }

    /// Most values one write request may carry (libmodbus's `MODBUS_MAX_WRITE_REGISTERS` / `_BITS`).
    public var maxWriteCount: Int { Int(holdsBits ? CModbus_MAX_WRITE_BITS : CModbus_MAX_WRITE_REGISTERS) }

    /// Singular noun for messages: "holding register", "coil"…
    public var noun: String {
        switch self {
        case .holding: "holding register"
        case .input: "input register"
        case .coil: "coil"
        case .discrete: "discrete input"
        }
    }

    /// "a" or "an", for the noun.
    public var article: String { self == .input ? "an" : "a" }
}
