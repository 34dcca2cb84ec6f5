/// Test vectors as text for `$readmemh`: one line per vector, the codes packed as the design's bus packs them
/// (element 0 in the low bits), in hexadecimal.
public enum VectorFile {
    /// The line for one vector of `width`-bit codes.
    public static func line(_ codes: [Int64], width: Int) -> String {
        let totalBits = codes.count * width
        var bits = [Bool](repeating: false, count: (totalBits + 3) / 4 * 4)
        for (index, code) in codes.enumerated() {
            let pattern = UInt64(bitPattern: code)
            for bit in 0..<width { bits[index * width + bit] = (pattern >> UInt64(bit)) & 1 == 1 }
        }
        var text = ""
        for nibble in stride(from: bits.count / 4 - 1, through: 0, by: -1) {
            var value = 0
            for bit in 0..<4 where bits[nibble * 4 + bit] { value |= 1 << bit }
            text += String(value, radix: 16)
        }
        return text
    }

    /// The whole file.
    public static func text(_ vectors: [[Int64]], width: Int) -> String {
        vectors.map { line($0, width: width) + "\n" }.joined()
    }

    /// The signed codes of one line (`count` codes of `width` bits); nil when the line is not hexadecimal
    /// (a simulator prints `x` for undefined bits).
    public static func codes(_ line: Substring, count: Int, width: Int) -> [Int64]? {
        var bits: [Bool] = []
        for character in line.reversed() {
            guard let value = character.hexDigitValue else { return nil }
            for bit in 0..<4 { bits.append((value >> bit) & 1 == 1) }
        }
        guard bits.count >= count * width else { return nil }
        return (0..<count).map { index in
            var pattern: UInt64 = 0
            for bit in 0..<width where bits[index * width + bit] { pattern |= UInt64(1) << UInt64(bit) }
            if bits[index * width + width - 1] { pattern |= ~((UInt64(1) << UInt64(width)) &- 1) }
            return Int64(bitPattern: pattern)
        }
    }
}
