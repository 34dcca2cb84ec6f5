import Foundation

/// The nonlinearity `f` a dense layer applies after its affine map, `y = f(W x + b)`.
public enum Activation: String, Sendable, Hashable, Codable, CaseIterable {
    /// `tanh z`: the hidden activation of SB3's and CleanRL's PPO networks.
    case tanh
    /// `max(0, z)`.
    case relu
    /// The identity: policy and value heads.
    case linear

    /// Replaces each of the `count` values at `values` by `f(value)`. Allocates nothing.
    @inlinable
    public func apply(_ values: UnsafeMutablePointer<Double>, count: Int) {
        switch self {
        case .tanh:
            Activation.powersOfTwo.withUnsafeBufferPointer { table in
                guard let table = table.baseAddress else { return }
                let raw = UnsafeMutableRawPointer(values)
                let stride = MemoryLayout<Double>.stride
                var index = 0
                while index + 8 <= count {
                    let x = raw.loadUnaligned(fromByteOffset: index * stride, as: SIMD8<Double>.self)
                    raw.storeBytes(
                        of: Activation.hyperbolicTangent(x, table: table), toByteOffset: index * stride,
                        as: SIMD8<Double>.self)
                    index += 8
                }
                while index < count {
                    values[index] = Activation.hyperbolicTangent(values[index], table: table)
                    index += 1
                }
            }
        case .relu:
            for index in 0..<count where !(values[index] > 0) { values[index] = 0 }
        case .linear:
            break
        }
    }

    /// tanh x as `(1 − t) / (1 + t)` with `t = e^{−2|x|}` computed inline, the sign of x copied in; the series
    /// `x − x³/3 + 2x⁵/15` below |x| = 4e-4 (where its next term is below 2⁻⁶⁰ relative); exactly ±1 beyond
    /// |x| = 19.
    ///
    /// `e^r` (r ∈ [−38, 0]) the way libm's fast paths compute it: `r = (64n + j)·ln2/64 + ρ` with |ρ| ≤ ln2/128
    /// (Cody–Waite, two-part ln 2), `e^r = 2ⁿ · 2^{j/64} · (1 + ρ + ρ²/2 + … + ρ⁵/120)` with a 64-entry table;
    /// truncation below 4e-17 relative.
    ///
    /// Why not glibc's `tanh`: it goes through `expm1`, and a branch on the sign mispredicts half the time —
    /// together half of PPO's training time on 64×64 networks (perf); calling `exp` still cost a third. Error
    /// against the correctly rounded tanh: under 2.3e-16 absolute, under 3e-13 relative (largest just above
    /// |x| = 4e-4); odd; tanh(±0) = ±0. Training and inference use this same function.
    @inlinable
    public static func hyperbolicTangent(_ x: Double) -> Double {
        powersOfTwo.withUnsafeBufferPointer { table in hyperbolicTangent(x, table: table.baseAddress!) }
    }

    /// 2^{j/64} for j = 0…63.
    public static let powersOfTwo: [Double] = (0..<64).map { exp2(Double($0) / 64) }

    @inlinable @inline(__always)
    static func hyperbolicTangent(_ x: Double, table: UnsafePointer<Double>) -> Double {
        let magnitude = Swift.min(Swift.abs(x), 19)
        let y: Double
        if magnitude < 4e-4 {
            let square = magnitude * magnitude
            y = magnitude * (1 - square * (1.0 / 3 - square * (2.0 / 15)))
        } else {
            let r = -2 * magnitude
            // k = round(r · 64 / ln 2) by the 1.5·2⁵² shifter.
            let shifted = r * 92.332_482_616_893_66 + 6_755_399_441_055_744
            let k = Int64(bitPattern: shifted.bitPattern) &- 0x4338_0000_0000_0000
            let kDouble = shifted - 6_755_399_441_055_744
            let rho = (r - kDouble * 0x1.62e42fefa2000p-7) - kDouble * 1.151_719_150_807_468_6e-14
            let p = 1 + rho * (1 + rho * (0.5 + rho * (1.0 / 6 + rho * (1.0 / 24 + rho * (1.0 / 120)))))
            let n = k >> 6
            let scale = Double(bitPattern: UInt64(bitPattern: (n &+ 1023) << 52))
            let t = table[Int(k & 63)] * p * scale
            y = (1 - t) / (1 + t)
        }
        // Branch-free sign (copysign): the signs of pre-activations are random, and a branch on them
        // mispredicted half the time.
        return Double(signOf: x, magnitudeOf: y)
    }

    /// Eight lanes of `hyperbolicTangent(_:table:)`, each computed with the same operations in the same order,
    /// so every lane is bit-identical to the scalar function; both branches are evaluated and one is selected
    /// per lane. On baseline x86-64 the lanes run as four independent SSE2 pairs — the divisions two at a time,
    /// where the scalar loop issued one per element, and four chains in flight to hide their latency. (PPO on
    /// Pendulum, CPU seconds for 100k steps: scalar 3.93, four lanes 3.55–3.64, eight 3.22–3.41, sixteen
    /// 3.18–3.41.)
    @inlinable @inline(__always)
    static func hyperbolicTangent(_ x: SIMD8<Double>, table: UnsafePointer<Double>) -> SIMD8<Double> {
        let signMask = SIMD8<UInt64>(repeating: 0x8000_0000_0000_0000)
        let xBits = unsafeBitCast(x, to: SIMD8<UInt64>.self)
        var magnitude = unsafeBitCast(xBits & ~signMask, to: SIMD8<Double>.self)
        // min(|x|, 19) as Swift.min computes it: a NaN stays NaN.
        magnitude.replace(with: 19, where: SIMD8<Double>(repeating: 19) .< magnitude)
        typealias Lanes = SIMD8<Double>
        let one = Lanes(repeating: 1)
        let square: Lanes = magnitude * magnitude
        let seriesInner: Lanes = Lanes(repeating: 1.0 / 3) - square * (2.0 / 15)
        let series: Lanes = magnitude * (one - square * seriesInner)
        let r: Lanes = -2 * magnitude
        let shifter = Lanes(repeating: 6_755_399_441_055_744)
        let shifted: Lanes = r * 92.332_482_616_893_66 + shifter
        let k: SIMD8<Int64> = unsafeBitCast(shifted, to: SIMD8<Int64>.self) &- 0x4338_0000_0000_0000
        let kDouble: Lanes = shifted - shifter
        let rhoHigh: Lanes = r - kDouble * 0x1.62e42fefa2000p-7
        let rho: Lanes = rhoHigh - kDouble * 1.151_719_150_807_468_6e-14
        var p: Lanes = Lanes(repeating: 1.0 / 24) + rho * (1.0 / 120)
        p = Lanes(repeating: 1.0 / 6) + rho * p
        p = Lanes(repeating: 0.5) + rho * p
        p = one + rho * p
        p = one + rho * p
        let exponent: SIMD8<Int64> = ((k &>> 6) &+ 1023) &<< 52
        let scale: Lanes = unsafeBitCast(exponent, to: Lanes.self)
        let index: SIMD8<Int64> = k & 63
        let powers = Lanes(
            table[Int(index[0])], table[Int(index[1])], table[Int(index[2])], table[Int(index[3])],
            table[Int(index[4])], table[Int(index[5])], table[Int(index[6])], table[Int(index[7])])
        let t: Lanes = powers * p * scale
        var y: Lanes = (one - t) / (one + t)
        y.replace(with: series, where: magnitude .< 4e-4)
        let yBits = unsafeBitCast(y, to: SIMD8<UInt64>.self)
        return unsafeBitCast((yBits & ~signMask) | (xBits & signMask), to: SIMD8<Double>.self)
    }

    /// Multiplies each of `count` gradients by `f′(z)`, written in terms of the outputs `y = f(z)`
    /// (`1 − y²` for tanh, `1[y > 0]` for ReLU), so the pre-activations need not be kept.
    @inlinable
    public func multiplyByDerivative(
        outputs: UnsafePointer<Double>, gradients: UnsafeMutablePointer<Double>, count: Int
    ) {
        switch self {
        case .tanh:
            for index in 0..<count {
                let y = outputs[index]
                gradients[index] *= 1 - y * y
            }
        case .relu:
            for index in 0..<count where !(outputs[index] > 0) { gradients[index] = 0 }
        case .linear:
            break
        }
    }
}
