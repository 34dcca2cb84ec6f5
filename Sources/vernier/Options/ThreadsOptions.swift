import ArgumentParser

/// `--threads`, shared by the commands that spread independent work over the cores (`train`: the environment
/// copies of a rollout; `cache simulate`: the policies). The thread count never changes a result, only how long it
/// takes: the work is cut into the same independent pieces and their results are gathered in the same order.
struct ThreadsOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "Threads for independent work: train steps its environment copies, cache simulate its policies, on up to N threads (results are identical for every N).",
        discussion: "Default 1: on the cheap simulated plants one step costs less than waking another thread, so more threads pay only for costly plants or many policies (see BENCHMARKS.md). More threads than pieces of work are not used."))
    var threads: Int = 1

    func validate() throws {
        guard threads >= 1 else {
            throw ValidationError("--threads must be at least 1, got \(threads) (1 runs everything on the calling thread)")
        }
    }
}
