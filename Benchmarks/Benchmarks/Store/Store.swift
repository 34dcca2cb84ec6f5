import Benchmark
import Foundation
import VernierCore
import VernierStore

/// The cost of recording one evaluation in the run store, commit included — paid by `vernier tune` before every
/// move of the plant. The peer side (Python's sqlite3 with the same durability, and Optuna's SQLite storage) is
/// `Benchmarks/python/store_record.py`, run by `Benchmarks/compare-store.sh` in the same session.
///
/// The store file is in the system's temporary directory (on this machine, ext4 on a virtual disk).
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput],
        maxDuration: .seconds(4),
        maxIterations: 4_000
    )

    for (name, durability, withCheckpoint) in [
        ("Record evaluation, FULL", RunStore.Durability.full, false),
        ("Record evaluation + checkpoint, FULL", .full, true),
        ("Record evaluation, NORMAL", .normal, false),
    ] {
        let fixture = StoreFixture(durability: durability)
        Benchmark(name, closure: { benchmark in
            let store = try fixture.store()
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                try fixture.record(in: store, withCheckpoint: withCheckpoint)
            }
        }, setup: { try fixture.open() }, teardown: { fixture.close() })
    }

    // No file, no fsync: what encoding and SQL cost on their own.
    let memory = StoreFixture(durability: nil)
    Benchmark("Record evaluation, in memory", closure: { benchmark in
        let store = try memory.store()
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            try memory.record(in: store, withCheckpoint: false)
        }
    }, setup: { try memory.open() }, teardown: { memory.close() })
}

/// A store with one running tune run, and a 10-D evaluation to record into it (AWAKE-sized: 10 corrector
/// settings, 10 BPM readings as observables, one constraint).
final class StoreFixture: @unchecked Sendable {
    /// The durability of the file store, or `nil` for a store in memory.
    let durability: RunStore.Durability?
    private var directory: String?
    private var opened: RunStore?
    private var run: RunID?
    private var count = 0

    /// What a Bayesian optimiser might checkpoint after 100 evaluations: its observations (about 20 kB of JSON).
    struct OptimiserState: Codable {
        var points: [[Double]]
        var values: [Double]
        var lengthScales: [Double]
        var iteration: Int
    }

    private let state = OptimiserState(
        points: (0..<100).map { i in (0..<10).map { j in sin(Double(i * 10 + j)) } },
        values: (0..<100).map { cos(Double($0)) }, lengthScales: Array(repeating: 0.3, count: 10), iteration: 100)

    init(durability: RunStore.Durability?) {
        self.durability = durability
    }

    func open() throws {
        if let durability {
            let path = (NSTemporaryDirectory() as NSString).appendingPathComponent("vernier-store-bench-\(UUID().uuidString)")
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            directory = path
            opened = try RunStore(path: path + "/runs.sqlite", options: RunStore.Options(durability: durability))
        } else {
            opened = try RunStore.inMemory()
        }
        run = try opened?.createRun(NewRun(
            kind: .tune, plant: "awake/Steering-v1", algorithm: "bo", configurationJSON: #"{"budget": 100}"#, seed: 1)).id
    }

    func store() throws -> RunStore {
        guard let opened else { throw CocoaError(.fileNoSuchFile) }
        return opened
    }

    func record(in store: RunStore, withCheckpoint: Bool) throws {
        guard let run else { return }
        count += 1
        let x = Double(count)
        let parameters = (0..<10).map { sin(x + Double($0)) }
        let readings = Dictionary(uniqueKeysWithValues: (0..<10).map { ("bpm\($0)", cos(x * Double($0))) })
        let checkpoint = withCheckpoint ? try Checkpoint.data(encoding: state) : nil
        try store.appendEvaluation(
            to: run, parameters: parameters,
            evaluation: Evaluation(objective: x.squareRoot(), constraints: [x - 5], observables: readings),
            wallTime: 0.5, isFeasible: true,
            summary: RunSummary(bestObjective: 1, bestParameters: parameters, bestEvaluationIndex: count - 1),
            checkpoint: checkpoint)
    }

    func close() {
        try? opened?.close()
        opened = nil
        if let directory { try? FileManager.default.removeItem(atPath: directory) }
        directory = nil
    }
}
