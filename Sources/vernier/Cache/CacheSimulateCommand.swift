import ArgumentParser
import Foundation
import VernierCache
import VernierStore

/// `vernier cache simulate`: replay a trace through one or more policies in one pass.
struct CacheSimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Replay an access trace through caching policies (one pass for all) and print their metrics.",
        discussion: """
            Metrics (H read on hit, M read on miss, W written, D deleted, C capacity, B daily bandwidth budget):
            throughput H/W (2020) and (H−W)/C, cost (W+D)/C, read-on-hit H/(H+M), bandwidth M/B, CPU efficiency,
            object and byte hit ratios. Capacity- and budget-normalised metrics are daily means. The trace is read
            once; with --threads N ≥ 2 one thread reads the next batch while N − 1 replay the current one through
            their share of the policies (the same figures for every N). With --json and one policy, its metrics
            are also at the top level. The run store keeps every policy's figures and days
            (occupancy included): `vernier report RUN` draws the table, bars per metric and the daily curves.
            """
    )

    @OptionGroup var trace: CacheTraceOptions
    @OptionGroup var cache: CacheSimulationOptions

    @Option(help: "Policies, comma-separated: \(CachePolicy.syntax).")
    var policy: String = "lru"

    @Flag(help: "Include each day's metrics in the JSON output.")
    var daily = false

    @OptionGroup var threadsOption: ThreadsOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var store: RunStoreOptions

    func validate() throws { _ = try policies() }

    func policies() throws -> [CachePolicy] {
        try policy.split(separator: ",").map { text in
            let text = text.trimmingCharacters(in: .whitespaces)
            if text.lowercased().hasPrefix("learned:") {
                let path = String(text.dropFirst("learned:".count))
                do {
                    let table = try LearnedAdmission(contentsOf: URL(fileURLWithPath: path))
                    return CachePolicy(eviction: .lru, admission: .learned(table), name: "learned")
                } catch {
                    throw ValidationError("--policy learned:\(path): \(error)")
                }
            }
            guard let parsed = CachePolicy(parsing: text) else {
                throw ValidationError("--policy: '\(text)' is not a policy; use \(CachePolicy.syntax)")
            }
            return parsed
        }
    }

    func run() throws {
        let opener = try trace.opener()
        let policies = try policies()
        let workingSet = cache.capacity.needsWorkingSet ? try TraceScan.scan(opener).workingSet : 0
        let configuration = try cache.configuration(workingSet: workingSet)
        var simulation = MultiPolicySimulation(policies: policies, configuration: configuration)
        var source = try CacheTraces.open(opener, nextAccess: simulation.needsNextAccess)
        let runStore = try store.openForRecording()
        let record = try runStore.createRun(try NewRun(
            kind: RunKind(rawValue: "cache-simulate"), plant: "grid/Cache-v1",
            algorithm: policies.map(\.name).joined(separator: ","),
            configuration: CacheRunRecipe(
                trace: URL(fileURLWithPath: opener.path).standardizedFileURL.path, format: opener.format.rawValue,
                sizeUnit: opener.sizeUnit.rawValue, capacityBytes: configuration.capacity,
                bandwidthBytesPerSecond: configuration.bandwidth?.bytesPerSecond,
                highWatermark: configuration.highWatermark, lowWatermark: configuration.lowWatermark,
                cpuDelta: configuration.cpuEfficiencyDelta, policies: policies.map(\.name)),
            seed: nil))
        let started = Date(), startedCPU = Self.processCPUSeconds()
        do {
            _ = try CacheTraces.reading { try simulation.run(&source, threads: threadsOption.threads) }
        } catch {
            try? runStore.finishRun(record.id, outcome: .failed, message: "\(error)")
            throw error
        }
        let seconds = Date().timeIntervalSince(started)
        let cpuSeconds = Self.processCPUSeconds() - startedCPU
        CacheTraces.reportSkipped(source.diagnostics, path: opener.path)
        // The store keeps every day for the report; the JSON shows days only when --daily asks.
        var reports = simulation.simulators.map { CachePolicyReport($0, daily: true) }
        var summary = reports.first?.storeMetrics ?? [:]
        summary["requests"] = Double(reports.first?.requests ?? 0)
        do {
            try runStore.recordCacheStudy(CacheStudyRecord(policies: reports.map(\.stored)), of: record.id)
        } catch {
            try? runStore.finishRun(record.id, outcome: .failed, message: "\(error)")
            throw error
        }
        try runStore.finishRun(record.id, outcome: .completed, summary: RunSummary(metrics: summary))
        if !daily { for index in reports.indices { reports[index].daily = nil } }
        if output.json {
            try JSONOutput.print(Report(
                trace: opener.path, runId: record.id.description, capacityBytes: configuration.capacity,
                bandwidthBytesPerSecond: configuration.bandwidth?.bytesPerSecond, files: source.objectCount,
                seconds: seconds, cpuSeconds: cpuSeconds, threads: threadsOption.threads, policies: reports, single: reports.count == 1 ? reports[0] : nil))
        } else {
            let requests = reports.first?.requests ?? 0
            print("\(opener.path): \(requests) requests, \(source.objectCount) files; capacity "
                  + "\(ByteCount(bytes: configuration.capacity))"
                  + (configuration.bandwidth.map { ", link \($0)" } ?? "") + "; run \(record.id)")
            print(CachePolicyTable.render(reports))
            print("Report with daily curves: vernier report \(record.id)")
        }
    }

    /// This process's processor time so far (s).
    static func processCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    struct Report: Encodable {
        var trace: String
        var runId: String
        var capacityBytes: Int64
        var bandwidthBytesPerSecond: Double?
        var files: Int
        /// Wall time of the simulation pass (s).
        var seconds: Double
        /// Processor time of the simulation pass (s), all threads together; robust to a busy machine.
        var cpuSeconds: Double
        /// Threads the policies were simulated on (--threads).
        var threads: Int
        var policies: [CachePolicyReport]
        var single: CachePolicyReport?

        enum CodingKeys: String, CodingKey {
            case trace, runId, capacityBytes, bandwidthBytesPerSecond, files, seconds, cpuSeconds, threads, policies
        }

        func encode(to encoder: any Encoder) throws {
            try single?.encode(to: encoder)
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(trace, forKey: .trace)
            try container.encode(runId, forKey: .runId)
            try container.encode(capacityBytes, forKey: .capacityBytes)
            try container.encodeIfPresent(bandwidthBytesPerSecond, forKey: .bandwidthBytesPerSecond)
            try container.encode(files, forKey: .files)
            try container.encode(seconds, forKey: .seconds)
            try container.encode(cpuSeconds, forKey: .cpuSeconds)
            try container.encode(threads, forKey: .threads)
            try container.encode(policies, forKey: .policies)
        }
    }
}
