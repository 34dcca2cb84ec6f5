/// One job of a sweep: a `vernier train` or `vernier tune` invocation, stored as JSON in the run store's job queue.
public struct SweepJobSpec: Codable, Sendable, Hashable {
    /// Which command runs the job.
    public enum Kind: String, Codable, Sendable, Hashable {
        case train
        case tune
    }

    public var kind: Kind
    /// The plant id, e.g. `classic/Pendulum-v1`.
    public var plant: String
    /// The seed (any `UInt64`).
    public var seed: UInt64
    /// Training: the PPO configuration file (absolute path), `nil` for SB3's defaults.
    public var config: String?
    /// Training: total environment steps (≥ 1), `nil` for the configuration's `n_timesteps`.
    public var steps: Int?
    /// Tuning: the optimiser name (as `vernier tune --optimizer`).
    public var optimizer: String?
    /// Tuning: the evaluation budget (≥ 1), `nil` for `vernier tune`'s default.
    public var budget: Int?

    public init(kind: Kind, plant: String, seed: UInt64, config: String? = nil, steps: Int? = nil,
                optimizer: String? = nil, budget: Int? = nil) {
        self.kind = kind
        self.plant = plant
        self.seed = seed
        self.config = config
        self.steps = steps
        self.optimizer = optimizer
        self.budget = budget
    }

    /// The `vernier` arguments that run the job (with `--json`; the store comes from `VERNIER_STORE`), the trained
    /// policy written to `policyPath`.
    public func arguments(policyPath: String) -> [String] {
        switch kind {
        case .train:
            var arguments = ["train", plant, "--seed", String(seed), "--out", policyPath, "--json"]
            if let config { arguments += ["--config", config] }
            if let steps { arguments += ["--steps", String(steps)] }
            return arguments
        case .tune:
            var arguments = ["tune", plant, "--seed", String(seed), "--json"]
            if let optimizer { arguments += ["--optimizer", optimizer] }
            if let budget { arguments += ["--budget", String(budget)] }
            return arguments
        }
    }
}
