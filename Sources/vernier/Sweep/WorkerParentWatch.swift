import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Ends a job's `vernier train` / `vernier tune` process when the `vernier worker` that started it dies.
///
/// A worker killed with SIGKILL cannot stop its child, and an orphaned child would go on recording a run for a
/// job that the queue hands out again once the lease runs out: the job would end with two runs. The worker
/// therefore names itself in ``environmentVariable``; the child watches its parent process id and, when the
/// worker is gone (the child was re-parented), sends itself SIGTERM — the run stops between two writes and is
/// recorded as cancelled, like a Ctrl-C — and SIGKILL if it is still alive ``graceSeconds`` later.
enum WorkerParentWatch {
    /// The environment variable through which a worker gives its child its own process id.
    static let environmentVariable = "VERNIER_WORKER_PID"

    /// How often the child looks at its parent process id, in seconds (0.2 s: a job outlives its worker by at
    /// most this, plus the time its run takes to stop).
    static let pollSeconds = 0.2

    /// How long after SIGTERM the child may take to stop before it kills itself, in seconds.
    static let graceSeconds = 15.0

    /// Starts the watch when this process was started by a worker (``environmentVariable`` holds a process id);
    /// does nothing otherwise.
    static func armFromEnvironment() {
        guard let text = ProcessInfo.processInfo.environment[environmentVariable],
              let worker = pid_t(text), worker > 1 else { return }
        let watch = Thread {
            while getppid() == worker { Thread.sleep(forTimeInterval: pollSeconds) }
            kill(getpid(), SIGTERM)
            Thread.sleep(forTimeInterval: graceSeconds)
            kill(getpid(), SIGKILL)
        }
        watch.name = "vernier.worker-parent-watch"
        watch.start()
    }
}
