import ArgumentParser

/// `--seed`, shared by every command where randomness enters: one default, one meaning. A command with
/// several random consumers (the plant's scenario, an optimiser, a learner) derives one independent stream per
/// consumer from this seed (``SeedStreams``), so the consumers are not correlated across seeds.
struct SeedOptions: ParsableArguments {
    @Option(help: "Seed of the command's randomness; each consumer (plant scenario, optimiser, learner) gets its own stream derived from it.")
    var seed: UInt64 = 1
}
