/// Settings of ``BayesianThenLocal`` (`--optimizer bo-then-bobyqa`); the Bayesian phase takes the `bayesian:`
/// section of the configuration.
///
///     bo_then_bobyqa:
///       bayesian_evaluations: 5
///       bobyqa: {rhobeg: 0.05, rhoend: 1.0e-6}
public struct BayesianThenLocalOptions: Sendable, Hashable, Codable {
    /// Evaluations of the Bayesian phase (≥ 1) before BOBYQA takes over from the best point. Default 5.
    public var bayesianEvaluations: Int = 5
    /// BOBYQA's settings for the local phase (ρ_beg, ρ_end in physical units).
    public var bobyqa = NLoptOptions()

    public init(bayesianEvaluations: Int = 5, bobyqa: NLoptOptions = NLoptOptions()) {
        self.bayesianEvaluations = bayesianEvaluations
        self.bobyqa = bobyqa
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case bayesianEvaluations = "bayesian_evaluations"
        case bobyqa
    }

    /// Every key is optional; unknown keys are refused.
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.allCases.map(\.rawValue))
        let container = try decoder.container(keyedBy: CodingKeys.self)
        bayesianEvaluations = try container.decode(.bayesianEvaluations, default: 5)
        bobyqa = try container.decode(.bobyqa, default: NLoptOptions())
    }
}
