import VernierNN

/// How far the fixed-point actions are from the floating-point policy's over sample observations, and how
/// often each stage saturated.
public struct ErrorReport: Sendable, Hashable, Codable {
    /// Observations compared.
    public var observations: Int
    /// Largest |a_fixed − a_float| over all observations and action elements (action units; for a categorical
    /// head, the largest difference of the chosen indices).
    public var maximumAbsoluteError: Double
    /// Mean |a_fixed − a_float| over all observations and elements (for a categorical head: the share of
    /// observations whose choice differs).
    public var meanAbsoluteError: Double
    /// Largest error per action element.
    public var maximumAbsoluteErrorPerAction: [Double]
    /// Overflow counts per stage.
    public var saturation: SaturationCounts
    /// The largest error of each tanh table against tanh (per layer with tanh; absent entries for others).
    public var tanhTableErrors: [Double?]

    /// Compares `policy` (fixed point) with `float` over `observations`.
    public init(policy: FixedPointPolicy, float: Policy, observations: [[Double]]) {
        let reference = FixedPointReference(policy)
        var counts = reference.emptyCounts()
        var floatAction = [Double](repeating: 0, count: float.actionCount)
        var perAction = [Double](repeating: 0, count: float.actionCount)
        var total = 0.0
        var terms = 0
        for observation in observations {
            float.act(observation, into: &floatAction)
            let fixed = reference.act(observation, counts: &counts)
            for index in fixed.indices {
                let error = abs(fixed[index] - floatAction[index])
                perAction[index] = max(perAction[index], error)
                if case .argmax = policy.output { total += error == 0 ? 0 : 1 } else { total += error }
                terms += 1
            }
        }
        self.observations = observations.count
        maximumAbsoluteError = perAction.max() ?? 0
        meanAbsoluteError = terms == 0 ? 0 : total / Double(terms)
        maximumAbsoluteErrorPerAction = perAction
        saturation = counts
        tanhTableErrors = policy.layers.map { layer in
            if case .tanh(let table) = layer.activation { return table.maximumError }
            return nil
        }
    }
}
