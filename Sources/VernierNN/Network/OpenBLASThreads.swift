import COpenBLAS

/// The number of threads OpenBLAS uses for one call.
///
/// The networks of PPO on a control problem are small (64×64): threads cost more in hand-off than they save
/// (measured in `Benchmarks/`), so the trainer and the benchmarks set one.
public enum OpenBLASThreads {
    /// Sets OpenBLAS's thread count for the process (≥ 1).
    public static func set(_ count: Int) {
        openblas_set_num_threads(Int32(max(1, count)))
    }
}
