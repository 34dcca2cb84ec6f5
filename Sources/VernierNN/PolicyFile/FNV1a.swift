/// The 64-bit FNV-1a hash (Fowler–Noll–Vo) of a canonical byte stream: the policy file's checksum.
///
/// Not cryptographic: it detects corruption and hand edits, not tampering. Numbers enter by their bit patterns
/// (little-endian), so the checksum is independent of how JSON prints them; strings enter as UTF-8 followed by
/// a zero byte, arrays with their length first, so no two different contents share a stream.
public struct FNV1a: Sendable, Hashable {
    /// The FNV-1a 64-bit offset basis.
    public private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325
    private static let prime: UInt64 = 0x0000_0100_0000_01b3

    public init() {}

    /// Mixes one byte in.
    public mutating func combine(byte: UInt8) {
        value = (value ^ UInt64(byte)) &* Self.prime
    }

    /// Mixes in the eight little-endian bytes of `word`.
    public mutating func combine(_ word: UInt64) {
        for shift in stride(from: 0, to: 64, by: 8) { combine(byte: UInt8(truncatingIfNeeded: word >> UInt64(shift))) }
    }

    /// Mixes in an integer as a 64-bit two's-complement word.
    public mutating func combine(_ integer: Int) {
        combine(UInt64(bitPattern: Int64(integer)))
    }

    /// Mixes in the bit pattern of `number` (so −0 and 0, or two NaNs, differ as their bits do).
    public mutating func combine(_ number: Double) {
        combine(number.bitPattern)
    }

    /// Mixes in the count, then every element.
    public mutating func combine(_ numbers: [Double]) {
        combine(numbers.count)
        for number in numbers { combine(number) }
    }

    /// Mixes in the UTF-8 bytes of `text` and a terminating zero.
    public mutating func combine(_ text: String) {
        for byte in text.utf8 { combine(byte: byte) }
        combine(byte: 0)
    }

    /// The hash as 16 lower-case hex digits.
    public var hexDigest: String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
