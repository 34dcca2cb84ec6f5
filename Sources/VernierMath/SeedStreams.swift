/// One `--seed`, one independent stream per consumer.
///
/// A command where several things draw random numbers (a plant's scenario, an optimiser, a learner, an
/// evaluation) must not give them the same xoshiro stream: for the same seed the problem instance and the
/// optimiser's choices would then be correlated, and every "median over seeds" comparison biased.
///
/// The split, documented in README.md ("Seeds"):
/// - the **plant** (its scenario, noise, resets) takes the seed as given, so `vernier rollout --seed S`,
///   `vernier tune --seed S` and `vernier device serve --seed S` all see the same instance;
/// - every other consumer takes `SplitMix64(seed ⊕ tag)`, where `tag` is the consumer's fixed 64-bit constant
///   below — a bijective mix, so distinct seeds give distinct streams, and unrelated to the plant's stream.
public enum SeedStreams {
    /// Who draws from a derived stream.
    public enum Consumer: UInt64, Sendable, CaseIterable {
        /// An optimiser's own randomness (initial design, acquisition restarts, random search).
        case optimizer = 0x6F70_7469_6D69_7A65  // "optimize"
        /// A learner's randomness (initial weights, exploration, minibatches).
        case learner = 0x6C65_6172_6E65_7220  // "learner "
        /// Anything else a command draws (test vectors, synthetic traces' sampling choices).
        case auxiliary = 0x6175_7869_6C69_6172  // "auxiliar"
    }

    /// The seed for `consumer` derived from the command's `seed`.
    public static func seed(_ seed: UInt64, for consumer: Consumer) -> UInt64 {
        var z = (seed ^ consumer.rawValue) &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
