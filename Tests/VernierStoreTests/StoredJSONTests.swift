import Foundation
import Testing
import VernierCore
@testable import VernierStore

/// The hand-written JSON of vectors, maps and summaries reads back through `JSONDecoder` exactly.
struct StoredJSONTests {
    @Test func vectorsReadBackBitForBit() throws {
        let text = StoredJSON.text(awkwardDoubles)
        #expect(sameBits(try StoredJSON.value([Double].self, from: text), awkwardDoubles))
        #expect(StoredJSON.text([Double]()) == "[]")
        #expect(StoredJSON.text([-0.0, 3, .infinity]) == #"[-0.0,3.0,"inf"]"#)
    }

    @Test func mapsWithAwkwardNamesReadBack() throws {
        let values: [String: Double] = [
            "gain_dB": 20, "quote\"d": -0.0, "back\\slash": 1e-310, "new\nline": .nan, "tab\t": .infinity,
            "bell\u{07}": 1, "ünïcødé µs": 2, "": 3, "emoji 🎛️": 4,
        ]
        let text = StoredJSON.text(values)
        #expect(sameBits(try StoredJSON.value([String: Double].self, from: text), values))
        // Valid JSON for any reader, not only Foundation's.
        #expect(try JSONSerialization.jsonObject(with: Data(text.utf8)) is [String: Any])
    }

    @Test(arguments: [
        RunSummary.empty,
        RunSummary(bestObjective: -0.0, bestParameters: [1e-310, .infinity], bestEvaluationIndex: 0),
        RunSummary(bestObjective: .nan, metrics: ["mean_return": -150.25, "rmsX": .infinity]),
        RunSummary(bestParameters: [], bestEvaluationIndex: 12),
    ])
    func summariesReadBackThroughTheirCodableConformance(summary: RunSummary) throws {
        let read = try StoredJSON.value(RunSummary.self, from: StoredJSON.text(summary))
        #expect(read.bestEvaluationIndex == summary.bestEvaluationIndex)
        #expect(sameBits(read.bestObjective.map { [$0] } ?? [], summary.bestObjective.map { [$0] } ?? []))
        #expect(sameBits(read.bestParameters ?? [], summary.bestParameters ?? []))
        #expect((read.bestParameters == nil) == (summary.bestParameters == nil))
        #expect(sameBits(read.metrics, summary.metrics))
    }

    @Test func observableNamesSurviveTheStore() throws {
        let store = try RunStore.inMemory()
        let run = try store.createRun(sampleRun()).id
        let observables: [String: Double] = ["quote\"d": 1, "back\\slash": 2, "new\nline": 3, "ünïcødé": 4]
        try store.appendEvaluation(to: run, parameters: [], evaluation: Evaluation(objective: 0, observables: observables),
                                   wallTime: 0, isFeasible: true)
        #expect(try store.evaluations(of: run).first?.observables == observables)
    }
}

extension StoredJSONTests {
    /// The fast reader of number maps gives what `JSONDecoder` gives, bit for bit, on everything the writer writes
    /// with plain names, and hands anything else back (nil) rather than guess.
    @Test func theFastReaderOfNumberMapsAgreesWithJSONDecoder() throws {
        let values = Dictionary(uniqueKeysWithValues: awkwardDoubles.enumerated().map { ("v\($0.offset)_µs", $0.element) })
        let text = StoredJSON.text(values)
        let fast = try #require(StoredJSON.numbers(from: text))
        #expect(sameBits(fast, values))
        #expect(sameBits(fast, try StoredJSON.value([String: Double].self, from: text)))
        #expect(StoredJSON.numbers(from: "{}") == [:])
        #expect(StoredJSON.numbers(from: #"{"a":1,"b":-2.5e-3}"#) == ["a": 1, "b": -0.0025])
        for other in [#"{"quote\"d":1}"#, #"{ "a": 1 }"#, #"{"a":nan}"#, #"{"a":0x1p3}"#, #"{"a":"x"}"#, #"{"a":1}x"#,
                      #"{"a":1"#, #"{"a":}"#, "[1]", ""] {
            #expect(StoredJSON.numbers(from: other) == nil, "\(other)")
        }
    }

    @Test func storedMapsWithAwkwardNamesStillReadBackThroughTheGeneralReader() throws {
        let store = try RunStore.inMemory()
        let run = try store.createRun(sampleRun(kind: .train)).id
        let statistics: [String: Double] = ["quote\"d": 1, "back\\slash": .nan, "new\nline": -0.0]
        try store.recordProgress(statistics, step: 1, of: run)
        #expect(sameBits(try #require(try store.progress(of: run).first).statistics, statistics))
    }
}
