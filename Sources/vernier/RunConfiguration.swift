import VernierCore

/// What `vernier run --config FILE` reads: the safety envelope's settings for a policy run, in the same form as
/// `vernier tune`'s `safety:` section (see ``SafetyConfiguration``). A finished run leaves the machine where the
/// policy put it (`on_completion: last`) unless the file says otherwise; an interrupted or failed one goes back to
/// its initial settings.
///
/// ```yaml
/// safety:
///   max_step: 5.0e-5          # rad per write, per corrector: longer moves are split into interpolated writes
///   hard_limits: {low: [-2.0e-4, …], high: [2.0e-4, …]}
///   out_of_bounds: refuse     # stop the run instead of clipping a setting the policy asks for
/// ```
struct RunConfiguration: Codable, Hashable, OptionKeyed {
    /// The safety envelope's settings.
    var safety = SafetyConfiguration()

    init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case safety
    }

    static let optionKeys = CodingKeys.allCases.map(\.rawValue)

    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(Self.optionKeys)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        safety = try container.decode(.safety, default: SafetyConfiguration())
    }

    /// The envelope's limits for a plant whose optimisation space is `space`.
    func limits(space: Box) -> SafetyLimits {
        safety.limits(space: space, dryRun: false, completion: .last)
    }
}
