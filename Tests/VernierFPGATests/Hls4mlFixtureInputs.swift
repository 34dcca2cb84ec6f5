/// The input codes of the hls4ml fixtures, as `Benchmarks/python/hls4ml_compat.py --generated N --seed S` makes
/// them: splitmix64 from the seed, each code the top 16 bits of the next output as a signed integer, shifted
/// right (arithmetically) by 3 in odd-numbered vectors. Even vectors span all of `ap_fixed<16,I>` (clamped tanh
/// indices, wrapped sums), odd ones an eighth of it.
enum Hls4mlFixtureInputs {
    static func codes(count: Int, width: Int, seed: UInt64) -> [[Int64]] {
        var state = seed
        return (0..<count).map { vector in
            (0..<width).map { _ in
                state &+= 0x9E37_79B9_7F4A_7C15
                var z = state
                z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
                z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
                z ^= z >> 31
                let code = Int64(Int16(truncatingIfNeeded: z >> 48))
                return vector % 2 == 1 ? code >> 3 : code
            }
        }
    }
}
