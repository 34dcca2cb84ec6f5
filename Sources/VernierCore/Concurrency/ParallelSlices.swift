import Dispatch

/// Runs work over `0 ..< count` on several threads, one contiguous slice per thread: the loop of a vector
/// environment's step, or of a cache study's policies, spread over the cores.
///
/// The slices are a function of `count` and `threads` only, and each index is handled exactly once, so work whose
/// result for index `i` depends only on slot `i` gives the same results, bit for bit, whatever the thread count.
public enum ParallelSlices {
    /// Calls `body` once per slice of `0 ..< count`, on up to `threads` threads at once, and returns when all are
    /// done. With one thread (or one index) `body(0 ..< count)` runs on the calling thread, with no dispatch and no
    /// allocation.
    ///
    /// - Parameters:
    ///   - count: number of indices (≥ 0).
    ///   - threads: threads to use (≥ 1); more than `count` are not used.
    ///   - body: the work for one slice. It may write only the slots of its own indices (see ``DisjointSlots``).
    public static func run(count: Int, threads: Int, _ body: @Sendable (Range<Int>) -> Void) {
        let sliceCount = max(1, min(threads, count))
        guard sliceCount > 1 else {
            if count > 0 { body(0..<count) }
            return
        }
        DispatchQueue.concurrentPerform(iterations: sliceCount) { slice in
            body(Self.slice(slice, of: count, into: sliceCount))
        }
    }

    /// Calls `body(0)`, …, `body(taskCount − 1)` at the same time, as far as there are cores, and returns when all
    /// are done; with one task, on the calling thread. For a few unlike tasks (a reader beside the workers it
    /// feeds); each task may write only its own slots (see ``DisjointSlots``).
    public static func concurrently(_ taskCount: Int, _ body: @Sendable (Int) -> Void) {
        guard taskCount > 1 else {
            if taskCount == 1 { body(0) }
            return
        }
        DispatchQueue.concurrentPerform(iterations: taskCount, execute: body)
    }

    /// Slice `slice` of `0 ..< count` cut into `sliceCount` contiguous pieces whose sizes differ by at most one
    /// (the first `count % sliceCount` are the longer ones).
    public static func slice(_ slice: Int, of count: Int, into sliceCount: Int) -> Range<Int> {
        let quotient = count / sliceCount, remainder = count % sliceCount
        let lower = slice * quotient + min(slice, remainder)
        return lower..<(lower + quotient + (slice < remainder ? 1 : 0))
    }
}
