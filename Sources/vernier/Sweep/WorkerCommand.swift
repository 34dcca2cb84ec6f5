import ArgumentParser
import Foundation
import VernierStore
import VernierYAML

/// `vernier worker --store URL`: take sweep jobs off the run store's queue and run them until it is empty.
struct WorkerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: "Take jobs queued by `vernier sweep` and run them until the queue is empty.",
        discussion: """
            Each job runs as `vernier train` or `vernier tune` (this same executable, recording into the same store),
            so its result is an ordinary run, linked from the job. Several workers on one store — processes or
            machines — never take the same job. A worker renews its lease on the job it runs every third of --lease;
            a job whose worker died is taken again once its lease has run out. A job that fails is marked failed
            with its error and the worker goes on. Exit status 0 once the queue is empty (failed jobs included:
            they are in the store); 1 when the store fails.
            """)

    @OptionGroup var store: RunStoreOptions

    @Option(help: "Stop after taking this many jobs (≥ 1). Default: until the queue is empty.")
    var maxJobs: Int?

    @Option(help: "Seconds a taken job stays this worker's without renewal (> 0); another worker may take it after.")
    var lease: Double = 60

    @Option(help: "Folder for the trained policies (JOB's policy is SWEEP-jobID.json).")
    var outDir: String = "."

    @Option(help: "This worker's name in the queue. Default: HOST:PID.")
    var name: String?

    @OptionGroup var output: OutputOptions

    /// One job a worker took, as `--json` lists it.
    struct Outcome: Encodable {
        var job: Int64
        var status: String
        var runId: String?
        var error: String?
        var seconds: Double
    }

    /// What `vernier worker --json` prints.
    struct Report: Encodable {
        var worker: String
        var jobs: [Outcome]
    }

    func validate() throws {
        if let maxJobs, maxJobs < 1 { throw ValidationError("--max-jobs must be at least 1, got \(maxJobs)") }
        guard lease > 0, lease.isFinite else { throw ValidationError("--lease must be a positive number of seconds, got \(lease)") }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: outDir, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ValidationError("--out-dir: '\(outDir)' is not an existing folder; create it first")
        }
    }

    func run() throws {
        let location = try store.location()
        let runStore = try store.openForRecording()
        let worker = name ?? "\(ProcessInfo.processInfo.hostName):\(ProcessInfo.processInfo.processIdentifier)"
        var outcomes: [Outcome] = []
        while maxJobs.map({ outcomes.count < $0 }) ?? true {
            guard let job = try runStore.claimJob(worker: worker, leaseSeconds: lease) else { break }
            let started = Date()
            let result = runJob(job, worker: worker, storePath: location.path, store: runStore)
            let seconds = Date().timeIntervalSince(started)
            let outcome: Outcome
            switch result {
            case .success(let run):
                let held = try runStore.completeJob(job.id, worker: worker, run: run)
                outcome = Outcome(job: job.id, status: held ? "done" : "lost", runId: run.description, seconds: seconds)
            case .failure(let error):
                let held = try runStore.failJob(job.id, worker: worker, error: error.message)
                outcome = Outcome(job: job.id, status: held ? "failed" : "lost", error: error.message, seconds: seconds)
            }
            outcomes.append(outcome)
            if !output.json {
                let what = outcome.runId.map { "→ \($0)" } ?? "failed: \(outcome.error ?? "")"
                FileHandle.standardError.write(Data("worker \(worker): job \(job.id) \(what) (\(Format.number(seconds, digits: 3)) s)\(outcome.status == "lost" ? " — its lease had run out and another worker took it" : "")\n".utf8))
            }
        }
        if output.json {
            try JSONOutput.print(Report(worker: worker, jobs: outcomes))
        } else {
            let done = outcomes.filter { $0.status == "done" }.count
            print("worker \(worker): \(outcomes.count) jobs taken, \(done) done, \(outcomes.count - done) failed or lost")
        }
    }

    /// Why a job failed, stored with it.
    struct JobFailure: Error {
        var message: String
    }

    /// Runs the job as a child `vernier` process recording into the same store, renewing the lease meanwhile;
    /// the run it recorded, or why it failed.
    private func runJob(_ job: Job, worker: String, storePath: String, store: RunStore) -> Result<RunID, JobFailure> {
        let spec: SweepJobSpec
        do {
            spec = try JSONDecoder().decode(SweepJobSpec.self, from: Data(job.spec.utf8))
        } catch {
            return .failure(JobFailure(message: "the job's spec cannot be read (\(error)); queue it again with `vernier sweep`"))
        }
        let safeName = String(job.sweep.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "_" })
        let policy = URL(fileURLWithPath: outDir).appendingPathComponent("\(safeName)-job\(job.id).json").standardized.path
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("vernier-job-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Bundle.main.executablePath ?? CommandLine.arguments[0])
        process.arguments = spec.arguments(policyPath: policy)
        var environment = ProcessInfo.processInfo.environment
        environment[RunStoreLocation.environmentVariable] = storePath  // not on the command line: no password in `ps`
        environment[WorkerParentWatch.environmentVariable] = String(getpid())  // the child ends if this worker dies
        process.environment = environment
        let standardOutput: FileHandle
        let standardError: FileHandle
        do {
            try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
            FileManager.default.createFile(atPath: scratch.path + "/out", contents: nil)
            FileManager.default.createFile(atPath: scratch.path + "/err", contents: nil)
            standardOutput = try FileHandle(forWritingTo: scratch.appendingPathComponent("out"))
            standardError = try FileHandle(forWritingTo: scratch.appendingPathComponent("err"))
            process.standardOutput = standardOutput
            process.standardError = standardError
            process.standardInput = FileHandle.nullDevice
            try process.run()
        } catch {
            return .failure(JobFailure(message: "cannot start `vernier \(spec.kind.rawValue)`: \(error)"))
        }
        var renewed = Date()
        while process.isRunning {
            Thread.sleep(forTimeInterval: 0.05)
            if Date().timeIntervalSince(renewed) >= lease / 3 {
                _ = try? store.renewLease(on: job.id, worker: worker, leaseSeconds: lease)
                renewed = Date()
            }
        }
        process.waitUntilExit()
        try? standardOutput.close()
        try? standardError.close()
        let printed = (try? Data(contentsOf: scratch.appendingPathComponent("out"))) ?? Data()
        let errors = String(decoding: (try? Data(contentsOf: scratch.appendingPathComponent("err"))) ?? Data(), as: UTF8.self)
        let command = "vernier " + process.arguments.map { $0.joined(separator: " ") }.orEmpty
        guard process.terminationStatus == 0, process.terminationReason == .exit else {
            let lines = errors.split(separator: "\n")
            // ArgumentParser and Vernier print "Error: …" first and usage after it: the error line says most.
            let lastLines = lines.first { $0.hasPrefix("Error:") }.map(String.init)
                ?? lines.suffix(3).joined(separator: " / ")
            let how = process.terminationReason == .exit ? "exit status \(process.terminationStatus)" : "signal \(process.terminationStatus)"
            return .failure(JobFailure(message: "`\(command)` failed (\(how)): \(String(lastLines.suffix(1500)))"))
        }
        guard let report = (try? JSONSerialization.jsonObject(with: printed)) as? [String: Any],
              let text = report["run_id"] as? String, let run = RunID(text) else {
            return .failure(JobFailure(message: "`\(command)` succeeded but printed no run_id"))
        }
        return .success(run)
    }
}

private extension Optional where Wrapped == String {
    var orEmpty: String { self ?? "" }
}
