import ArgumentParser

/// Where each step of a policy scan (`vernier scan --method policy:FILE --policy-start …`) starts, and what
/// besides the policy's own actions it may take.
enum PolicyStart: String, ExpressibleByArgument, Codable, Hashable, Sendable, CaseIterable {
    /// The previous operating point carried along the calibrated tuning curve, as the search's warm start (the
    /// bias shifted with the target's box; pump power and detuning kept: the gateway retunes the generator to
    /// 2 f + detuning). The policy acts only when that first reading is not already an operating point by the
    /// episode's own success test; the bias is placed again from passive-resonance readings ("replaced") when a
    /// reading is lost (unstable, or more than ``lostGainDb`` short of the target) or after
    /// ``replaceEvery`` policy actions without success.
    case predicted
    /// A bias placed by passive-resonance readings at every step, then the policy as trained (the generator
    /// keeps its frequency: the detuning grows by twice the step).
    case placed
    /// Where the previous step ended, as trained (the generator keeps its frequency), no passive readings.
    case ended

    /// From a predicted start: place the bias again after this many policy actions without success.
    static let replaceEvery = 4
    /// From a predicted start: a stable reading this far (dB) below the gain target is lost.
    static let lostGainDb = 3.0
}
