/// Observation normalisation in fixed point, `y = clip(Q_out((x − μ) · s), −c, c)` with `s = 1/√(σ² + ε)`
/// (Stable-Baselines3's `VecNormalize`): the difference is exact, the product exact, then one quantisation
/// and the clip.
///
/// Why not folded into the first layer: the clip sits between the normalisation and the weights, so
/// `W (clip(s ⊙ (x − μ)))` is not an affine function of x; folding is exact only for a policy whose clip never
/// binds, which no shipped policy guarantees.
public struct NormalizationStage: Sendable, Hashable, Codable {
    /// μ as codes in the input format.
    public var mean: [Int64]
    /// s as codes in ``scaleFormat``.
    public var scale: [Int64]
    /// Format of s.
    public var scaleFormat: FixedPointFormat
    /// Format of the normalised observation.
    public var outputFormat: FixedPointFormat
    /// The clip c as a code in the output format (≥ 0).
    public var clip: Int64
}
