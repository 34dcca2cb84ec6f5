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
            for index in 0..<count { values[index] = Activation.hyperbolicTangent(values[index]) }
        case .relu:
            for index in 0..<count where !(values[index] > 0) { values[index] = 0 }
        case .linear:
            break
        }
    }

    /// tanh x through one `exp`: `(1 − e^{−2|x|}) / (1 + e^{−2|x|})` with the sign of x, and its Taylor series
    /// `x − x³/3 + 2x⁵/15` below |x| = 4e-4 (where the series' next term is below 2⁻⁶⁰ relative).
    ///
    /// glibc's `tanh` goes through `expm1` and cost half of PPO's training time (perf, 64×64 nets); this costs
    /// one `exp`. Error against the correctly rounded tanh: under 1e-16 absolute, under 3e-13 relative
    /// (largest near |x| = 4e-4); exactly ±1 beyond |x| = 19, odd, and tanh(±0) = ±0. Training and inference
    /// use this same function, so a policy's outputs do not depend on the platform's libm tanh.
    @inlinable
    public static func hyperbolicTangent(_ x: Double) -> Double {
        let magnitude = Swift.abs(x)
        let y: Double
        if magnitude < 4e-4 {
            let square = magnitude * magnitude
            y = magnitude * (1 - square * (1.0 / 3 - square * (2.0 / 15)))
        } else if magnitude < 19 {
            let t = Foundation.exp(-2 * magnitude)
            y = (1 - t) / (1 + t)
        } else {
            y = 1
        }
        // Branch-free sign (copysign): the signs of pre-activations are random, and a branch on them
        // mispredicted half the time — the largest cost of the whole forward pass (perf).
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
