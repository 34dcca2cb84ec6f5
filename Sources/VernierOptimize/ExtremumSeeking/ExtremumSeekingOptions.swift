/// Settings of ``ExtremumSeeking``. Defaults are Xopt's and CERN's `cernml-extremum-seeking` (gain 2,
/// oscillation size 0.1, no decay, 10 samples per period of the fastest dither).
public struct ExtremumSeekingOptions: Sendable, Hashable, Codable {
    /// Feedback gain `k` (> 0): how strongly the cost advances the dither phase, radians per cost unit
    /// (after dividing by ``costScale``). `k · ΔC` of order 1 over the region of interest works well.
    public var gain: Double = 2
    /// Dither amplitude `s` in normalised coordinates (0 < s ≤ 1, where the box spans [−1, 1]); default 0.1,
    /// i.e. ±5 % of each range. Sets `αᵢ = ωᵢ s²`, so that `√(αᵢωᵢ) = ωᵢ s`.
    public var oscillationSize: Double = 0.1
    /// Factor (0 < d ≤ 1) multiplying the amplitude after each step; 1 = steady dither (tracking a drifting
    /// optimum), < 1 = settle on a fixed one.
    public var decayRate: Double = 1
    /// Time steps per period of the fastest dither (≥ 3); `Δt = 2π / (samples · ω_max)`. Default 10.
    public var samplesPerPeriod: Double = 10
    /// The cost `C` the phase sees is the objective divided by this (> 0, objective units); default 1.
    public var costScale: Double = 1

    public init(
        gain: Double = 2, oscillationSize: Double = 0.1, decayRate: Double = 1, samplesPerPeriod: Double = 10,
        costScale: Double = 1
    ) {
        self.gain = gain
        self.oscillationSize = oscillationSize
        self.decayRate = decayRate
        self.samplesPerPeriod = samplesPerPeriod
        self.costScale = costScale
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case gain
        case oscillationSize = "oscillation_size"
        case decayRate = "decay_rate"
        case samplesPerPeriod = "samples_per_period"
        case costScale = "cost_scale"
    }

    /// Every key is optional; unknown keys are refused.
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.allCases.map(\.rawValue))
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = ExtremumSeekingOptions()
        gain = try container.decode(.gain, default: defaults.gain)
        oscillationSize = try container.decode(.oscillationSize, default: defaults.oscillationSize)
        decayRate = try container.decode(.decayRate, default: defaults.decayRate)
        samplesPerPeriod = try container.decode(.samplesPerPeriod, default: defaults.samplesPerPeriod)
        costScale = try container.decode(.costScale, default: defaults.costScale)
    }

    /// The problems with these options, if any.
    public func problems() -> [String] {
        var found: [String] = []
        if !(gain > 0 && gain.isFinite) { found.append("gain must be positive and finite, got \(gain)") }
        if !(oscillationSize > 0 && oscillationSize <= 1) {
            found.append("oscillationSize must be in (0, 1] (normalised units), got \(oscillationSize)")
        }
        if !(decayRate > 0 && decayRate <= 1) { found.append("decayRate must be in (0, 1], got \(decayRate)") }
        if !(samplesPerPeriod >= 3) { found.append("samplesPerPeriod must be ≥ 3, got \(samplesPerPeriod)") }
        if !(costScale > 0 && costScale.isFinite) {
            found.append("costScale must be positive and finite, got \(costScale)")
        }
        return found
    }
}
