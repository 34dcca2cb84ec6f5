import Foundation
import Testing
import VernierStore
import VernierTestSupport

/// `vernier sweep` and `vernier worker`: a grid of 24 small trainings run by two worker processes on PostgreSQL
/// completes with every job done once and its run in the store; one worker on SQLite gives the same trainings, bit
/// for bit; malformed sweep files are refused with the file, the line and the fix; the documented Slurm script
/// and Kubernetes manifest are well formed.
@Suite(.serialized) struct SweepCommandTests {
    /// Writes two tiny PPO configurations and a sweep of 2 configs × 12 seeds of `steps` steps on Pendulum.
    static func writeSweep(in home: String, steps: Int) throws -> String {
        for (name, gamma) in [("a", 0.9), ("b", 0.95)] {
            try """
                n_envs: 1
                n_steps: 64
                batch_size: 32
                n_epochs: 1
                net_arch: [8]
                gamma: \(gamma)
                """.write(toFile: home + "/tiny-\(name).yaml", atomically: true, encoding: .utf8)
        }
        let file = home + "/grid.yaml"
        try """
            sweep: pendulum-grid
            train:
              plants: classic/Pendulum-v1
              configs: [tiny-a.yaml, tiny-b.yaml]
              seeds: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]
              steps: \(steps)
            """.write(toFile: file, atomically: true, encoding: .utf8)
        return file
    }

    /// Each job's spec and the bytes of its run's last checkpoint (weights, optimiser moments, generator state).
    static func checkpointsBySpec(_ store: RunStore) throws -> [String: Data] {
        var result: [String: Data] = [:]
        for job in try store.jobs(sweep: "pendulum-grid") {
            let run = try #require(job.run)
            result[job.spec] = try #require(try store.latestCheckpoint(of: run)).state
        }
        return result
    }

    @Test(.enabled(if: PostgreSQLServer.shouldRun, "PostgreSQL is not installed (apt-get install postgresql); CI requires it"))
    func twoWorkersOnPostgreSQLRunEveryJobOnceAndOneWorkerOnSQLiteGivesTheSameResults() throws {
        let url = try PostgreSQLServer.shared().newDatabase()
        try CommandLineTool.withHome { home in
            let file = try Self.writeSweep(in: home, steps: 256)
            let sweep = try CommandLineTool.run(["sweep", file, "--store", url, "--json"], home: home)
            #expect(sweep.status == 0, "\(sweep.standardError)")
            #expect(sweep.standardOutput.contains(#""sweep" : "pendulum-grid""#))
            try FileManager.default.createDirectory(atPath: home + "/policies", withIntermediateDirectories: true)

            // Two worker processes at once on the server.
            let workers = try (0..<2).map { index in
                try BackgroundCommand.start(
                    ["worker", "--store", url, "--name", "w\(index)", "--out-dir", home + "/policies", "--json"],
                    home: home, name: "worker\(index)")
            }
            let results = try workers.map { try $0.finish() }
            var taken: [[Int]] = []
            for result in results {
                #expect(result.status == 0, "\(result.standardError)")
                let report = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
                let jobs = try #require(report["jobs"] as? [[String: Any]])
                #expect(jobs.allSatisfy { $0["status"] as? String == "done" }, "\(jobs)")
                taken.append(jobs.compactMap { $0["job"] as? Int })
            }
            #expect(taken.allSatisfy { !$0.isEmpty }, "both workers took jobs: \(taken)")
            #expect(Set(taken[0]).isDisjoint(with: taken[1]), "no job run twice: \(taken)")
            #expect((taken[0] + taken[1]).sorted() == Array(1...24))

            let server = try RunStore(path: url)
            let jobs = try server.jobs()
            #expect(jobs.count == 24 && jobs.allSatisfy { $0.status == .done && $0.attempts == 1 && $0.error == nil })
            let runs = jobs.compactMap(\.run)
            #expect(Set(runs).count == 24, "every job has its own run")
            #expect(try server.runs(limit: 100).count == 24, "and no other run was recorded")
            for job in jobs {
                let run = try server.run(try #require(job.run))
                #expect(run.kind == .train && run.status == .completed && run.plant == "classic/Pendulum-v1")
                #expect(FileManager.default.fileExists(atPath: home + "/policies/pendulum-grid-job\(job.id).json"))
            }

            // The same sweep on SQLite, one worker: the same training per job, bit for bit.
            let sqlite = home + "/runs.sqlite"
            #expect(try CommandLineTool.run(["sweep", file, "--store", sqlite], home: home).status == 0)
            let single = try CommandLineTool.run(["worker", "--store", sqlite, "--out-dir", home + "/policies", "--max-jobs", "30"], home: home)
            #expect(single.status == 0, "\(single.standardError)")
            #expect(single.standardOutput.contains("24 jobs taken, 24 done"))
            let local = try RunStore(path: sqlite)
            let onServer = try Self.checkpointsBySpec(server)
            let onFile = try Self.checkpointsBySpec(local)
            #expect(onServer.count == 24 && onServer.keys.sorted() == onFile.keys.sorted())
            for (spec, state) in onServer {
                #expect(onFile[spec] == state, "job \(spec) trained differently on SQLite")
            }
            #expect(Set(onServer.values).count > 1, "different seeds and configs train differently")
        }
    }

    @Test func aFailingJobIsMarkedFailedAndTheWorkerGoesOnAndMaxJobsStopsIt() throws {
        try CommandLineTool.withHome { home in
            try """
                sweep: mixed
                tune:
                  plants: [awake/Steering-v1]
                  optimizers: [no-such-optimizer, random]
                  seeds: 4
                  budget: 3
                """.write(toFile: home + "/mixed.yaml", atomically: true, encoding: .utf8)
            let store = home + "/runs.sqlite"
            #expect(try CommandLineTool.run(["sweep", home + "/mixed.yaml", "--store", store], home: home).status == 0)
            let first = try CommandLineTool.run(["worker", "--store", store, "--max-jobs", "1"], home: home)
            #expect(first.status == 0, "\(first.standardError)")
            #expect(first.standardOutput.contains("1 jobs taken, 0 done"))
            let rest = try CommandLineTool.run(["worker", "--store", store], home: home)
            #expect(rest.status == 0 && rest.standardOutput.contains("1 jobs taken, 1 done"), "\(rest.standardError)")
            let jobs = try RunStore(path: store).jobs(sweep: "mixed")
            #expect(jobs.map(\.status) == [.failed, .done])
            #expect(jobs[0].error?.contains("no-such-optimizer") == true, "\(jobs[0].error ?? "")")
            #expect(jobs[0].run == nil && jobs[1].run == RunID(number: 1))
            let idle = try CommandLineTool.run(["worker", "--store", store], home: home)
            #expect(idle.status == 0 && idle.standardOutput.contains("0 jobs taken"))
        }
    }

    @Test func aJobWhoseWorkerDiedIsTakenAgainOnceItsLeaseRunsOut() throws {
        try CommandLineTool.withHome { home in
            try "sweep: retry\ntune: {plants: awake/Steering-v1, optimizers: random, seeds: [5], budget: 3}\n"
                .write(toFile: home + "/retry.yaml", atomically: true, encoding: .utf8)
            let path = home + "/runs.sqlite"
            #expect(try CommandLineTool.run(["sweep", home + "/retry.yaml", "--store", path], home: home).status == 0)
            // A worker takes the job with an 8 s lease and dies (never renews, never settles); 8 s so that the next
            // worker process, starting on a loaded machine, still finds the lease live.
            let store = try RunStore(path: path)
            let taken = try #require(try store.claimJob(worker: "dead", leaseSeconds: 8))
            #expect(taken.attempts == 1)
            let early = try CommandLineTool.run(["worker", "--store", path], home: home)
            #expect(early.status == 0 && early.standardOutput.contains("0 jobs taken"), "the lease is still live")
            Thread.sleep(until: taken.leaseExpiresMilliseconds.map { Date(timeIntervalSince1970: Double($0 + 100) / 1000) } ?? Date())
            let late = try CommandLineTool.run(["worker", "--store", path, "--name", "alive"], home: home)
            #expect(late.status == 0 && late.standardOutput.contains("1 jobs taken, 1 done"), "\(late.standardError)")
            let job = try #require(try store.jobs(sweep: "retry").first)
            #expect(job.status == .done && job.worker == "alive" && job.attempts == 2 && job.run == RunID(number: 1))
            #expect(try store.completeJob(job.id, worker: "dead", run: RunID(number: 1)) == false,
                    "the dead worker, were it to come back, can no longer settle the job")
        }
    }

    /// The process ids whose parent is `parent`, from /proc (Linux).
    static func children(of parent: pid_t) -> [pid_t] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap(pid_t.init).filter { pid in
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { return false }
            // After "pid (name)": the state, then the parent's process id.
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            return fields.count > 1 && pid_t(fields[1]) == parent
        }
    }

    /// Whether `pid` still runs (a zombie waiting for its reaper counts as ended).
    static func isAlive(_ pid: pid_t) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return false }
        return stat[stat.index(after: close)...].split(separator: " ").first != "Z"
    }

    @Test func aWorkerKilledWithSIGKILLTakesItsJobsProcessWithIt() throws {
        try CommandLineTool.withHome { home in
            try "n_envs: 1\nn_steps: 64\nbatch_size: 32\nn_epochs: 1\nnet_arch: [8]\n"
                .write(toFile: home + "/tiny.yaml", atomically: true, encoding: .utf8)
            try "sweep: long\ntrain: {plants: classic/Pendulum-v1, configs: tiny.yaml, seeds: [1], steps: 50000000}\n"
                .write(toFile: home + "/long.yaml", atomically: true, encoding: .utf8)
            let path = home + "/runs.sqlite"
            #expect(try CommandLineTool.run(["sweep", home + "/long.yaml", "--store", path], home: home).status == 0)
            let worker = try BackgroundCommand.start(["worker", "--store", path, "--out-dir", home], home: home, name: "worker").process
            // Wait (≤ 60 s) until the job's `vernier train` runs and is training (its first episodes recorded: the
            // run's Ctrl-C handling is in place by then).
            let store = try RunStore(path: path)
            var child: pid_t?
            let deadline = Date().addingTimeInterval(60)
            while Date() < deadline {
                child = child ?? Self.children(of: worker.processIdentifier).first
                if child != nil, let run = try store.runs(limit: 5).first, run.episodeCount > 0 { break }
                Thread.sleep(forTimeInterval: 0.1)
            }
            let job = try #require(child, "the worker started no child within 60 s")
            #expect(try store.runs(limit: 5).first?.episodeCount ?? 0 > 0, "the job's run is training")

            kill(worker.processIdentifier, SIGKILL)
            worker.waitUntilExit()
            let gone = Date().addingTimeInterval(30)
            while Self.isAlive(job), Date() < gone { Thread.sleep(forTimeInterval: 0.1) }
            #expect(!Self.isAlive(job), "the job's process outlived its worker by 30 s")
            if Self.isAlive(job) { kill(job, SIGKILL) }
            let run = try #require(try store.runs(limit: 5).first).run
            let status = try store.run(run.id).status
            #expect(status == .cancelled, "the orphaned run stopped between two writes, as on Ctrl-C; it is \(status)")
            let queued = try #require(try store.jobs(sweep: "long").first)
            #expect(queued.status == .running && queued.run == nil, "the job waits for its lease to run out")
        }
    }

    @Test func malformedSweepFilesAreRefusedWithTheLineAndTheFix() throws {
        let cases: [(yaml: String, expected: [String])] = [
            ("train:\n  plants: [classic/Pendulum-v1]\n  seeds: [1]\n", ["bad.yaml:1:", "sweep: NAME"]),
            ("sweep: x\ntrain:\n  plants: [classic/Pendulum-v1]\n  seeds: [1, two]\n", ["bad.yaml:4:", "whole numbers"]),
            ("sweep: x\ntrain:\n  plants: [classic/Pendulum-v1]\n  seed: [1]\n", ["bad.yaml:4:", "unknown key `seed`", "plants, configs, seeds, steps"]),
            ("sweep: x\ntrain:\n  configs: [a.yaml]\n  seeds: [1]\n", ["bad.yaml:3:", "needs `plants:"]),
            ("sweep: x\ntrain:\n  plants: [classic/Pendulum-v1]\n  seeds: [1]\n  steps: 0\n", ["bad.yaml:5:", "`steps`", "≥ 1"]),
            ("sweep: x\ntune:\n  plants: []\n  seeds: [1]\n", ["bad.yaml:3:", "empty list"]),
            ("sweep: x\nevaluate: {}\n", ["bad.yaml:2:", "unknown key `evaluate`"]),
            ("sweep: x\n", ["bad.yaml:1:", "no jobs"]),
            ("sweep: [x\n", ["bad.yaml", "not valid YAML"]),
        ]
        try CommandLineTool.withHome { home in
            let file = home + "/bad.yaml"
            for (yaml, expected) in cases {
                try yaml.write(toFile: file, atomically: true, encoding: .utf8)
                let result = try CommandLineTool.run(["sweep", file, "--store", home + "/runs.sqlite"], home: home)
                #expect(result.status == 64, "\(yaml)")
                for text in expected {
                    #expect(result.standardError.contains(text), "\(yaml) → \(result.standardError)")
                }
            }
            let missing = try CommandLineTool.run(["sweep", home + "/none.yaml", "--store", home + "/runs.sqlite"], home: home)
            #expect(missing.status == 64 && missing.standardError.contains("none.yaml") && missing.standardError.contains("check the path"))
            let badWorker = try CommandLineTool.run(["worker", "--store", home + "/runs.sqlite", "--max-jobs", "0"], home: home)
            #expect(badWorker.status == 64 && badWorker.standardError.contains("--max-jobs must be at least 1"))
            #expect(!FileManager.default.fileExists(atPath: home + "/runs.sqlite"), "nothing refused was queued")
        }
    }

    @Test func theSlurmScriptAndKubernetesManifestAreWellFormed() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let script = root.appendingPathComponent("docs/sweeps/slurm-workers.sh").path
        let bash = Process()
        bash.executableURL = URL(fileURLWithPath: "/bin/bash")
        bash.arguments = ["-n", script]
        try bash.run()
        bash.waitUntilExit()
        #expect(bash.terminationStatus == 0, "bash -n \(script)")
        let scriptText = try String(contentsOfFile: script, encoding: .utf8)
        #expect(scriptText.contains("#SBATCH --array=") && scriptText.contains("vernier worker"))
        let manifest = try String(contentsOfFile: root.appendingPathComponent("docs/sweeps/kubernetes-workers.yaml").path, encoding: .utf8)
        for line in ["apiVersion: batch/v1", "kind: Job", "parallelism:", "completions:", "restartPolicy: Never", "- worker"] {
            #expect(manifest.contains(line), "the manifest lacks \(line)")
        }
        #expect(!manifest.contains("\t"), "YAML forbids tabs")
    }
}
