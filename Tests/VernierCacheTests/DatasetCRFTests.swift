import Foundation
import Testing
@testable import VernierCache

/// `dataset-crf` eviction on traces worked out by hand (unit sizes; capacity in bytes).
struct DatasetCRFTests {
    /// One request: `file` and `dataset` are dense indices (dataset −1: none), at `time` seconds.
    static func request(_ time: Double, _ file: Int32, _ dataset: Int32) -> CacheRequest {
        CacheRequest(time: time, object: file, size: 1, dataset: dataset)
    }

    static func pattern(_ requests: [CacheRequest], timescale: Double = 86_400, capacity: Int64,
                        eviction: EvictionPolicy = .datasetCRF) -> String {
        TraceBuilder.hitPattern(requests, policy: CachePolicy(eviction: eviction, datasetTimescale: timescale),
                                capacity: capacity)
    }

    // Dataset X = {A, B}, Y = {C}; room for 2. A (X, t 0), C (Y, t 1), B (X, t 100: a second job on X). X's
    // score log(e⁰ + e^(100/τ)) ≈ 0.69 beats Y's 1/τ ≈ 1.2e-5, so B evicts C and A then hits. LRU evicts A (the
    // least recently used file), so A misses.
    @Test func aDatasetsFilesShareItsFutureWhicheverWasReadLast() {
        let trace = [Self.request(0, 0, 0), Self.request(1, 1, 1), Self.request(100, 2, 0), Self.request(101, 0, 0)]
        #expect(Self.pattern(trace, capacity: 2) == "mmmh")
        #expect(Self.pattern(trace, capacity: 2, eviction: .lru) == "mmmm")
    }

    // X = {A, B}, Y = {D}, Z = {E}; room for 3. A (t 0) and B (t 1) are one job on X (1 s < the 60 s job gap):
    // X's score stays 0, below Y's 10/τ, so E (t 20) evicts X's least recently requested file A, and A (t 21)
    // misses. With B at t 61 (a second job), X scores log(1 + e^(61/τ)) ≈ 0.69: E evicts D and A hits.
    @Test func requestsWithinTheJobGapCountAsOneJob() {
        let oneJob = [Self.request(0, 0, 0), Self.request(1, 1, 0), Self.request(10, 2, 1), Self.request(20, 3, 2),
                      Self.request(21, 0, 0)]
        #expect(Self.pattern(oneJob, capacity: 3) == "mmmmm")
        let twoJobs = [Self.request(0, 0, 0), Self.request(61, 1, 0), Self.request(70, 2, 1), Self.request(80, 3, 2),
                       Self.request(81, 0, 0)]
        #expect(Self.pattern(twoJobs, capacity: 3) == "mmmmh")
    }

    // X = {A} with jobs at t 0, 100, 200; Y = {B} one job at t 1000; then C (Z, t 1001) needs room (capacity 2).
    // τ = 100 s: X = log(e⁰ + e¹ + e²) ≈ 2.41 < Y = 10, so A goes and misses at t 1002 (recency wins).
    // τ = 10⁶ s: X ≈ log 3 ≈ 1.10 > Y = 0.001, so B goes and A hits (frequency wins).
    @Test func theTimescaleTradesFrequencyForRecency() {
        let trace = [Self.request(0, 0, 0), Self.request(100, 0, 0), Self.request(200, 0, 0), Self.request(1000, 1, 1),
                     Self.request(1001, 2, 2), Self.request(1002, 0, 0)]
        #expect(Self.pattern(trace, timescale: 100, capacity: 2) == "mhhmmm")
        #expect(Self.pattern(trace, timescale: 1e6, capacity: 2) == "mhhmmh")
    }

    // Within a dataset the least recently requested file goes first: X = {A, B}, room for 2; A, B, A (hit, A
    // becomes the most recent), C (Y) evicts B, so B misses and A hits.
    @Test func withinADatasetTheLeastRecentlyRequestedGoesFirst() {
        let trace = [Self.request(0, 0, 0), Self.request(1, 1, 0), Self.request(2, 0, 0), Self.request(200, 2, 1),
                     Self.request(201, 1, 0), Self.request(202, 0, 0)]
        #expect(Self.pattern(trace, capacity: 2) == "mmhmmh")
    }

    // Files without a dataset are each their own: A B A C B A, 100 s apart, room for 2. A tiny τ (1 s) makes the
    // score the last request's time — LRU's pattern; a huge one (10⁹ s) makes it the count of jobs — LFU's.
    @Test func withoutDatasetsTheTimescaleSpansLRUToLFU() {
        let trace = TraceBuilder.requests("ABACBA", step: 100)
        #expect(trace.allSatisfy { $0.dataset == CacheRequest.noDataset })
        #expect(Self.pattern(trace, timescale: 1, capacity: 2) == "mmhmmm")
        #expect(Self.pattern(trace, timescale: 1e9, capacity: 2) == "mmhmmh")
    }

    // log(eᵃ + eᵇ), exactly where it is exact.
    @Test func logSumExpIsExactOnEasyValues() {
        #expect(DatasetGroups.logSumExp(-.infinity, 3) == 3)
        #expect(abs(DatasetGroups.logSumExp(0, 0) - log(2)) < 1e-15)
        #expect(abs(DatasetGroups.logSumExp(1000, 1000) - (1000 + log(2))) < 1e-12)
    }

    @Test func parsesTheTimescale() throws {
        let policy = try #require(CachePolicy(parsing: "dataset-crf:3600"))
        #expect(policy.eviction == .datasetCRF)
        #expect(policy.datasetTimescale == 3_600)
        #expect(CachePolicy(parsing: "dataset-crf")?.datasetTimescale == 86_400)
        #expect(CachePolicy(parsing: "dataset-crf:0") == nil)
        #expect(CachePolicy(parsing: "dataset-crf:x") == nil)
        #expect(CachePolicy(parsing: "lru:5") == nil)
        let filtered = try #require(CachePolicy(parsing: "dataset-crf:7200+second-hit"))
        #expect(filtered.datasetTimescale == 7_200)
        guard case let .secondHit(window) = filtered.admission else { Issue.record("not a second-hit rule"); return }
        #expect(window == 86_400)
    }

    // `cache generate` writes each row's dataset; read back, files of one dataset share one dense index and
    // different datasets get different ones. A row without a dataset writes an empty field.
    @Test func generatedTracesCarryTheirDatasets() throws {
        var rows: [SyntheticTraceGenerator.Row] = []
        SyntheticTraceGenerator(kind: .drift, requests: 3_000, seed: 2).generate { rows.append($0) }
        let text = SyntheticTraceGenerator.csvHeader + "\n" + rows.map(SyntheticTraceGenerator.csvLine).joined(separator: "\n") + "\n"
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("generated-\(UUID().uuidString).csv").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let requests = try TraceReaderTests.readAll(try CSVTraceReader(path: path))
        #expect(requests.count == rows.count)
        var denseOf: [Int: Int32] = [:], rawOf: [Int32: Int] = [:]
        for (row, request) in zip(rows, requests) {
            #expect(row.file / 1000 == UInt64(row.dataset))
            #expect(denseOf[row.dataset, default: request.dataset] == request.dataset)
            #expect(rawOf[request.dataset, default: row.dataset] == row.dataset)
            denseOf[row.dataset] = request.dataset
            rawOf[request.dataset] = row.dataset
        }
        #expect(denseOf.count > 1)
        var none = rows[0]
        none.dataset = -1
        #expect(SyntheticTraceGenerator.csvLine(none).hasSuffix(","))
    }

    // The CSV reader's dataset column: names and numbers get dense indices; an empty field is no dataset.
    @Test func readsTheDatasetColumn() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("datasets-\(UUID().uuidString).csv").path
        try "time,file,size,dataset\n0,1,1,ds7\n1,2,1,ds7\n2,3,1, 9\n3,4,1,\n4,5,1,09\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let requests = try TraceReaderTests.readAll(try CSVTraceReader(path: path))
        #expect(requests.map(\.dataset) == [0, 0, 1, -1, 1])
    }
}
