import ArgumentParser

/// `--threads`, shared by the commands that spread independent work over the cores (`train`: the environment
/// copies of a rollout; `cache simulate`: reading the trace and replaying the policies). The thread count never
/// changes a result, only how long it takes: the work is cut into the same independent pieces and their results
/// are gathered in the same order.
struct ThreadsOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "Threads for independent work (results are identical for every N): train steps its environment copies on up to N; cache simulate reads the trace on one and replays the policies on up to N − 1.",
        discussion: """
            Default 1. For training, a step of the shipped simulated plants costs less than handing it to another \
            thread, so more threads pay only for slow plants; cache simulate with 2 shortened the pass 1.1–1.5× \
            on a busy 2-core machine (BENCHMARKS.md). More threads than pieces of work are not used.
            """))
    var threads: Int = 1

    func validate() throws {
        guard threads >= 1 else {
            throw ValidationError("--threads must be at least 1, got \(threads) (1 runs everything on the calling thread)")
        }
    }
}
