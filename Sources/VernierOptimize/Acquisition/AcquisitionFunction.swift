/// Which acquisition function Bayesian optimisation maximises to choose the next point.
public enum AcquisitionFunction: Sendable, Hashable, Codable {
    /// The logarithm of expected improvement over the best feasible value, computed stably far in the tail
    /// (Ament et al. 2023; see ``LogExpectedImprovement``). The default: sample-efficient and parameter-free.
    case logExpectedImprovement
    /// Upper confidence bound for minimisation, i.e. the negated lower bound `κσ(x) − μ(x)` in standardised
    /// units; `κ` (`explorationWeight`, ≥ 0) trades exploration against exploitation — scikit-optimize's
    /// `kappa`, default 1.96; BoTorch's `β` is `κ²`.
    case upperConfidenceBound(explorationWeight: Double)
}

extension AcquisitionFunction {
    private enum CodingKeys: String, CodingKey {
        case type
        case explorationWeight = "exploration_weight"
    }

    /// skopt's default κ for UCB/LCB.
    public static let defaultExplorationWeight = 1.96

    /// Decodes `log_ei`, `ucb` (κ = 1.96), or `{type: ucb, exploration_weight: κ}`.
    public init(from decoder: any Decoder) throws {
        if let name = try? decoder.singleValueContainer().decode(String.self) {
            self = try Self.named(name, explorationWeight: nil, decoder: decoder)
            return
        }
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let name = try container.decode(String.self, forKey: .type)
        let weight = try container.decodeIfPresent(Double.self, forKey: .explorationWeight)
        self = try Self.named(name, explorationWeight: weight, decoder: decoder)
    }

    private static func named(_ name: String, explorationWeight: Double?, decoder: any Decoder) throws -> Self {
        switch name {
        case "log_ei", "logei", "log-ei": return .logExpectedImprovement
        case "ucb": return .upperConfidenceBound(explorationWeight: explorationWeight ?? defaultExplorationWeight)
        default:
            throw DecodingError.dataCorrupted(.init(
                codingPath: decoder.codingPath,
                debugDescription: "unknown acquisition '\(name)'; use log_ei or ucb"))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .logExpectedImprovement:
            var container = encoder.singleValueContainer()
            try container.encode("log_ei")
        case .upperConfidenceBound(let weight):
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode("ucb", forKey: .type)
            try container.encode(weight, forKey: .explorationWeight)
        }
    }
}
