import ArgumentParser
import Foundation
import VernierCache
import VernierMath
import VernierStore

/// `vernier cache advise`: train the learned admission policy on the first part of a trace, score every policy
/// on the rest, print the table and a recommendation.
struct CacheAdviseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "advise",
        abstract: "Recommend a caching policy for a site: train learned admission on the trace's start, compare all on the rest.",
        discussion: """
            Learned admission is tabular Q-learning (SCDL, Tracolli et al. 2020) on discretised observations
            (file size, request count, time since last request, occupancy, hit rate), LRU evicting; rewards are
            delayed to the file's next request and weighted by its size. The trained table is saved (--save) and
            replays with `vernier cache simulate --policy learned:FILE`. Every policy starts the scored part cold.
            The run store keeps every policy's figures and days and the recommendation: `vernier report RUN` draws
            the study.
            """
    )

    @OptionGroup var trace: CacheTraceOptions
    @OptionGroup var cache: CacheSimulationOptions

    @Option(name: .customLong("train-fraction"), help: "Fraction of the requests (from the start) to train on, in (0, 1).")
    var trainFraction: Double = 0.5

    @Option(help: "Passes over the training part.")
    var epochs: Int = 2

    @Option(name: .customLong("skip-regret"),
            help: "Reward weight of a skipped file that came back too soon, in (0, 100] (lower trades hits for cost); default: chosen among 1, 2, 4, 8, 16 on a validation split.")
    var skipRegret: Double?

    @Option(help: "Where to save the trained admission policy (JSON).")
    var save: String = "learned-admission.json"

    @OptionGroup var seed: SeedOptions
    @OptionGroup var output: ProgressOutputOptions
    @OptionGroup var store: RunStoreOptions

    func validate() throws {
        guard trainFraction > 0, trainFraction < 1 else {
            throw ValidationError("--train-fraction must be in (0, 1), got \(trainFraction)")
        }
        if let skipRegret, !(skipRegret > 0 && skipRegret <= 10) {
            throw ValidationError("--skip-regret must be in (0, 100], got \(skipRegret)")
        }
        guard epochs >= 1 else { throw ValidationError("--epochs must be at least 1, got \(epochs)") }
    }

    static let comparedPolicies = ["lru", "lfu", "lfuda", "fifo", "size-big", "size-small", "dataset-crf", "lru+second-hit",
                                   "belady"]

    /// The τ (s) of `dataset-crf` tried on the training part: 3 h (recency of the dataset's jobs) to 16 days
    /// (their frequency).
    static let candidateDatasetTimescales = [10_800.0, 21_600, 43_200, 86_400, 172_800, 345_600, 691_200, 1_382_400]

    func run() throws {
        let opener = try trace.opener()
        let scan = try TraceScan.scan(opener)
        let configuration = try cache.configuration(workingSet: scan.workingSet)
        let trainingRequests = Int(Double(scan.requests) * trainFraction)
        guard trainingRequests >= 1, trainingRequests < scan.requests else {
            throw ValidationError("the trace has \(scan.requests) requests: too few to split at \(trainFraction)")
        }
        let runStore = try store.openForRecording()
        let record = try runStore.createRun(try NewRun(
            kind: RunKind(rawValue: "cache-advise"), plant: "grid/Cache-v1", algorithm: "q-learning",
            configuration: CacheRunRecipe(
                trace: URL(fileURLWithPath: opener.path).standardizedFileURL.path, format: opener.format.rawValue,
                sizeUnit: opener.sizeUnit.rawValue, capacityBytes: configuration.capacity,
                bandwidthBytesPerSecond: configuration.bandwidth?.bytesPerSecond,
                highWatermark: configuration.highWatermark, lowWatermark: configuration.lowWatermark,
                cpuDelta: configuration.cpuEfficiencyDelta, policies: Self.comparedPolicies + ["learned"],
                trainFraction: trainFraction, seed: seed.seed),
            seed: seed.seed))
        do {
            let progress = TerminalProgress(enabled: output.showsProgress)
            let started = Date()
            let learned = try selectAndTrain(opener, configuration: configuration, requests: trainingRequests,
                                             progress: progress)
            try learned.jsonData().write(to: URL(fileURLWithPath: save))
            let timescale = try chooseDatasetTimescale(opener, configuration: configuration, requests: trainingRequests)
            let trainingSeconds = Date().timeIntervalSince(started)
            progress.show("scoring \(Self.comparedPolicies.count + 1) policies on \(scan.requests - trainingRequests) requests…", force: true)
            let reports = try score(opener, learned: learned, datasetTimescale: timescale, configuration: configuration,
                                    skip: trainingRequests)
            progress.finish()
            let advice = CacheAdvice(reports: reports)
            var metrics = reports.first { $0.policy == "learned" }?.storeMetrics ?? [:]
            metrics["training_seconds"] = trainingSeconds
            metrics["requests"] = Double(scan.requests)
            metrics["training_requests"] = Double(trainingRequests)
            try runStore.recordCacheStudy(CacheStudyRecord(policies: reports.map(\.stored), recommended: advice.recommended,
                                                           recommendation: advice.sentence), of: record.id)
            try runStore.finishRun(record.id, outcome: .completed, message: advice.sentence, summary: RunSummary(metrics: metrics))
            if output.json {
                try JSONOutput.print(Report(
                    trace: opener.path, runId: record.id.description, requests: scan.requests,
                    trainingRequests: trainingRequests, files: scan.files, workingSetBytes: scan.workingSet,
                    capacityBytes: configuration.capacity, bandwidthBytesPerSecond: configuration.bandwidth?.bytesPerSecond,
                    policyFile: save, datasetTimescaleSeconds: timescale, seconds: Date().timeIntervalSince(started), trainingSeconds: trainingSeconds,
                    recommended: advice.recommended, recommendation: advice.sentence,
                    policies: reports.map { var report = $0; report.daily = nil; return report }))
            } else {
                print("\(opener.path): \(scan.requests) requests, \(scan.files) files, working set "
                      + "\(ByteCount(bytes: scan.workingSet)); capacity \(ByteCount(bytes: configuration.capacity))"
                      + (configuration.bandwidth.map { ", link \($0)" } ?? ""))
                print("trained on the first \(trainingRequests) requests (\(String(format: "%.1f", trainingSeconds)) s), "
                      + "scored on the remaining \(scan.requests - trainingRequests); run \(record.id)")
                print(CachePolicyTable.render(reports))
                print("dataset-crf: τ = \(String(format: "%g", timescale / 3_600)) h, the best byte hit ratio on the training part")
                print("")
                print("Recommendation: \(advice.sentence)")
                print("The learned admission policy is saved in \(save) (replay: vernier cache simulate TRACE --policy learned:\(save)).")
                print("Report with bars and daily curves: vernier report \(record.id)")
            }
        } catch {
            try? runStore.finishRun(record.id, outcome: .failed, message: "\(error)")
            throw error
        }
    }

    /// The regret weights tried when `--skip-regret` is not given.
    static let candidateRegretWeights = [1.0, 2.0, 4.0, 8.0, 16.0]

    /// Trains one table per candidate regret weight on the first 80 % of the training part and keeps the one that
    /// cuts cost (W+D)/C most on the last 20 % (scored from a cold cache against LRU) while losing at most 4
    /// points of read-on-hit (a point of margin under the 5 the advice allows); if none does, the one that loses
    /// least. With `--skip-regret` the one weight is trained on the whole training part.
    private func selectAndTrain(_ opener: TraceOpener, configuration: CacheConfiguration, requests: Int,
                                progress: TerminalProgress) throws -> LearnedAdmission {
        if let skipRegret {
            return try train(opener, configuration: configuration, requests: requests, regret: skipRegret, progress: progress)
        }
        let fit = requests * 4 / 5
        var tables: [LearnedAdmission] = []
        for weight in Self.candidateRegretWeights {
            tables.append(try train(opener, configuration: configuration, requests: fit, regret: weight, progress: progress))
        }
        progress.show("validating \(tables.count) candidates on \(requests - fit) requests…", force: true)
        var policies = [CachePolicy(eviction: .lru)]
        policies += tables.map { CachePolicy(eviction: .lru, admission: .learned($0), name: "learned") }
        var simulation = MultiPolicySimulation(policies: policies, configuration: configuration)
        var source = try CacheTraces.open(opener, nextAccess: false)
        try CacheTraces.reading {
            var skipped = 0
            while skipped < fit, try source.next() != nil { skipped += 1 }
            try simulation.run(&source, limit: requests - fit)
        }
        let lru = simulation.simulators[0].metrics
        let candidates = simulation.simulators.dropFirst().map(\.metrics).enumerated().map { index, metrics in
            (index: index, cut: lru.cost > 0 ? (lru.cost - metrics.cost) / lru.cost : 0, loss: lru.readOnHit - metrics.readOnHit)
        }
        let chosen = candidates.filter { $0.loss <= 4 }.max { $0.cut < $1.cut }
            ?? candidates.min { $0.loss < $1.loss }
        return tables[chosen?.index ?? 0]
    }

    /// Q-learning over the first `requests` requests, `epochs` times, LRU evicting.
    private func train(_ opener: TraceOpener, configuration: CacheConfiguration, requests: Int, regret: Double,
                       progress: TerminalProgress) throws -> LearnedAdmission {
        let agent = QLearningAdmission(seed: SeedStreams.seed(seed.seed, for: .learner))
        for epoch in 1...epochs {
            var simulator = CacheSimulator(policy: CachePolicy(eviction: .lru, admission: .learning(agent), name: "learning"),
                                           configuration: configuration)
            simulator.skipRegretWeight = regret
            var source = try CacheTraces.open(opener, nextAccess: false)
            var count = 0
            try CacheTraces.reading {
                while count < requests, let request = try source.next() {
                    simulator.process(request)
                    count += 1
                    if count & 0x3FFF == 0 {
                        progress.show("training (regret \(regret)) epoch \(epoch)/\(epochs): \(count)/\(requests) requests, "
                                      + "hit ratio \(String(format: "%.3f", simulator.metrics.hitRatio)), "
                                      + "ε \(String(format: "%.2f", agent.learner.epsilon))")
                    }
                }
            }
            simulator.resolvePendingSkips()
        }
        return agent.trainedPolicy
    }

    /// The `dataset-crf` τ (s) of ``candidateDatasetTimescales`` with the highest byte hit ratio over the first
    /// `requests` requests from a cold cache (the first on ties).
    private func chooseDatasetTimescale(_ opener: TraceOpener, configuration: CacheConfiguration,
                                        requests: Int) throws -> Double {
        let policies = Self.candidateDatasetTimescales.map { CachePolicy(eviction: .datasetCRF, datasetTimescale: $0) }
        var simulation = MultiPolicySimulation(policies: policies, configuration: configuration)
        var source = try CacheTraces.open(opener, nextAccess: false)
        _ = try CacheTraces.reading { try simulation.run(&source, limit: requests) }
        let ratios = simulation.simulators.map(\.metrics.byteHitRatio)
        let best = ratios.indices.max { ratios[$0] < ratios[$1] || (ratios[$0] == ratios[$1] && $0 > $1) } ?? 0
        return Self.candidateDatasetTimescales[best]
    }

    /// Every policy over the requests after the first `skip`, each cache starting empty; `dataset-crf` with
    /// τ = `datasetTimescale` (s).
    private func score(_ opener: TraceOpener, learned: LearnedAdmission, datasetTimescale: Double,
                       configuration: CacheConfiguration, skip: Int) throws -> [CachePolicyReport] {
        var policies = Self.comparedPolicies.compactMap(CachePolicy.init(parsing:))
        for index in policies.indices where policies[index].eviction == .datasetCRF {
            policies[index].datasetTimescale = datasetTimescale
        }
        policies.append(CachePolicy(eviction: .lru, admission: .learned(learned), name: "learned"))
        var simulation = MultiPolicySimulation(policies: policies, configuration: configuration)
        var source = try CacheTraces.open(opener, nextAccess: true)
        try CacheTraces.reading {
            var skipped = 0
            while skipped < skip, try source.next() != nil { skipped += 1 }
            try simulation.run(&source)
        }
        return simulation.simulators.map { CachePolicyReport($0, daily: true) }
    }

    struct Report: Encodable {
        var trace: String
        var runId: String
        var requests: Int
        var trainingRequests: Int
        var files: Int
        var workingSetBytes: Int64
        var capacityBytes: Int64
        var bandwidthBytesPerSecond: Double?
        var policyFile: String
        /// The `dataset-crf` τ chosen on the training part (s).
        var datasetTimescaleSeconds: Double
        var seconds: Double
        var trainingSeconds: Double
        var recommended: String
        var recommendation: String
        var policies: [CachePolicyReport]
    }
}
