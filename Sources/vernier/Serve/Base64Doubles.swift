/// Arrays of doubles as base64 text of their little-endian IEEE 754 bytes: the serve protocol's compact array
/// encoding (`{"op":"configure","arrays":"base64"}`). Exact by construction, and far cheaper for a Python host than
/// decimal text (NumPy reads it with one `frombuffer`).
enum Base64Doubles {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// Appends the base64 text (RFC 4648, padded) of `values`' little-endian bytes to `bytes`.
    static func append(_ values: [Double], to bytes: inout [UInt8]) {
        var pending: UInt32 = 0
        var pendingCount = 0
        for value in values {
            var bits = value.bitPattern.littleEndian
            for _ in 0..<8 {
                pending = pending << 8 | UInt32(bits & 0xFF)
                bits >>= 8
                pendingCount += 1
                if pendingCount == 3 {
                    bytes.append(alphabet[Int(pending >> 18 & 63)])
                    bytes.append(alphabet[Int(pending >> 12 & 63)])
                    bytes.append(alphabet[Int(pending >> 6 & 63)])
                    bytes.append(alphabet[Int(pending & 63)])
                    pending = 0
                    pendingCount = 0
                }
            }
        }
        if pendingCount == 1 {
            bytes.append(alphabet[Int(pending >> 2 & 63)])
            bytes.append(alphabet[Int(pending << 4 & 63)])
            bytes.append(contentsOf: [UInt8(ascii: "="), UInt8(ascii: "=")])
        } else if pendingCount == 2 {
            bytes.append(alphabet[Int(pending >> 10 & 63)])
            bytes.append(alphabet[Int(pending >> 4 & 63)])
            bytes.append(alphabet[Int(pending << 2 & 63)])
            bytes.append(UInt8(ascii: "="))
        }
    }

    /// The doubles whose little-endian bytes `text` holds in base64; `nil` when it is not base64 of a whole
    /// number of doubles.
    static func decode(_ text: String) -> [Double]? {
        var values: [Double] = []
        var accumulator: UInt32 = 0
        var bitCount = 0
        var current: UInt64 = 0
        var byteIndex = 0
        var padding = 0
        for character in text.utf8 {
            let sextet: UInt8
            switch character {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): sextet = character - UInt8(ascii: "A")
            case UInt8(ascii: "a")...UInt8(ascii: "z"): sextet = character - UInt8(ascii: "a") + 26
            case UInt8(ascii: "0")...UInt8(ascii: "9"): sextet = character - UInt8(ascii: "0") + 52
            case UInt8(ascii: "+"): sextet = 62
            case UInt8(ascii: "/"): sextet = 63
            case UInt8(ascii: "="): padding += 1; continue
            default: return nil
            }
            guard padding == 0 else { return nil }
            accumulator = accumulator << 6 | UInt32(sextet)
            bitCount += 6
            if bitCount >= 8 {
                bitCount -= 8
                let byte = UInt64(accumulator >> UInt32(bitCount) & 0xFF)
                current |= byte << (8 * UInt64(byteIndex))
                byteIndex += 1
                if byteIndex == 8 {
                    values.append(Double(bitPattern: current))
                    current = 0
                    byteIndex = 0
                }
            }
        }
        guard byteIndex == 0, padding <= 2 else { return nil }
        return values
    }
}
