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
            for index in 0..<count { values[index] = Foundation.tanh(values[index]) }
        case .relu:
            for index in 0..<count where !(values[index] > 0) { values[index] = 0 }
        case .linear:
            break
        }
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
