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
                for index in 0..<count { values[index] = Activation.hyperbolicTangent(values[index], table: table) }
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
