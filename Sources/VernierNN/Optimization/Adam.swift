import Foundation

/// Adam (Kingma & Ba 2015) exactly as `torch.optim.Adam` computes it, which SB3 and CleanRL use with ε = 1e-5.
///
/// With gradient `g` at step `t`: `m ← β₁m + (1−β₁)g`, `v ← β₂v + (1−β₂)g²`,
/// `θ ← θ − (α / (1−β₁ᵗ)) · m / (√v / √(1−β₂ᵗ) + ε)` — ε added after the bias correction, as torch does.
/// `Codable`: the moments and the step count are part of a training checkpoint.
public struct Adam: Sendable, Hashable, Codable {
    /// Step size α; the trainer may change it between steps (learning-rate annealing).
    public var learningRate: Double
    /// β₁, decay of the first moment (0 ≤ β₁ < 1); torch's default 0.9.
    public var beta1: Double
    /// β₂, decay of the second moment (0 ≤ β₂ < 1); torch's default 0.999.
    public var beta2: Double
    /// ε, added to the denominator; 1e-5 in SB3 and CleanRL PPO (torch's default is 1e-8).
    public var epsilon: Double
    /// Number of steps taken (t).
    public private(set) var stepCount: Int
    /// First-moment estimate m, one per parameter.
    public private(set) var firstMoment: [Double]
    /// Second-moment estimate v, one per parameter.
    public private(set) var secondMoment: [Double]

    /// An optimiser for `parameterCount` parameters with zero moments.
    public init(parameterCount: Int, learningRate: Double, beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-5) {
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        stepCount = 0
        firstMoment = Array(repeating: 0, count: parameterCount)
        secondMoment = Array(repeating: 0, count: parameterCount)
    }

    /// Takes one step on `parameters` along `gradients` (same count as the moments). Allocates nothing.
    public mutating func step(parameters: UnsafeMutablePointer<Double>, gradients: UnsafePointer<Double>, count: Int) {
        precondition(count == firstMoment.count, "\(count) parameters, the optimiser has \(firstMoment.count)")
        stepCount += 1
        let t = Double(stepCount)
        let correction1 = 1 - pow(beta1, t)
        let correction2Root = (1 - pow(beta2, t)).squareRoot()
        let stepSize = learningRate / correction1
        let inverseCorrection2Root = 1 / correction2Root
        let (b1, b2, eps) = (beta1, beta2, epsilon)
        firstMoment.withUnsafeMutableBufferPointer { mBuffer in
            secondMoment.withUnsafeMutableBufferPointer { vBuffer in
                guard let m = mBuffer.baseAddress, let v = vBuffer.baseAddress else { return }
                // Two parameters at a time in SSE2 registers (sqrtpd, divpd): the square root and the division
                // are what an Adam step costs. torch divides √v by √(1 − β₂ᵗ); multiplying by the reciprocal
                // differs from that by at most an ulp.
                typealias Pair = SIMD2<Double>
                let (rawP, rawG) = (UnsafeMutableRawPointer(parameters), UnsafeRawPointer(gradients))
                let (rawM, rawV) = (UnsafeMutableRawPointer(m), UnsafeMutableRawPointer(v))
                var index = 0
                while index + 2 <= count {
                    let offset = index * MemoryLayout<Double>.stride
                    let g = rawG.loadUnaligned(fromByteOffset: offset, as: Pair.self)
                    let mOld = rawM.loadUnaligned(fromByteOffset: offset, as: Pair.self)
                    let vOld = rawV.loadUnaligned(fromByteOffset: offset, as: Pair.self)
                    // torch: exp_avg.lerp_(grad, 1 − β₁), exp_avg_sq.mul_(β₂).addcmul_(grad, grad, 1 − β₂).
                    let mNew = mOld + (g - mOld) * (1 - b1)
                    let vNew = vOld * b2 + (1 - b2) * g * g
                    rawM.storeBytes(of: mNew, toByteOffset: offset, as: Pair.self)
                    rawV.storeBytes(of: vNew, toByteOffset: offset, as: Pair.self)
                    let p = rawP.loadUnaligned(fromByteOffset: offset, as: Pair.self)
                    let step = stepSize * mNew / (vNew.squareRoot() * inverseCorrection2Root + eps)
                    rawP.storeBytes(of: p - step, toByteOffset: offset, as: Pair.self)
                    index += 2
                }
                while index < count {
                    let g = gradients[index]
                    m[index] += (g - m[index]) * (1 - b1)
                    v[index] = v[index] * b2 + (1 - b2) * g * g
                    parameters[index] -= stepSize * m[index] / (v[index].squareRoot() * inverseCorrection2Root + eps)
                    index += 1
                }
            }
        }
    }

    /// Takes one step on an array of parameters.
    public mutating func step(parameters: inout [Double], gradients: [Double]) {
        precondition(parameters.count == gradients.count, "parameters and gradients differ in count")
        parameters.withUnsafeMutableBufferPointer { p in
            gradients.withUnsafeBufferPointer { g in
                // Counts are equal and non-negative; a zero-length buffer has a nil base: nothing to do.
                guard let pBase = p.baseAddress, let gBase = g.baseAddress else { return }
                step(parameters: pBase, gradients: gBase, count: p.count)
            }
        }
    }
}
