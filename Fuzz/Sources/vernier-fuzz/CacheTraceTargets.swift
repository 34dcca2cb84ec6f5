import Foundation
@testable import VernierCache

/// The grid cache's trace readers (`vernier cache simulate|advise TRACE`): CSV access logs and libCacheSim's
/// `oracleGeneral` binary records. Each input is written to a file (the readers stream from a path) and read
/// as the commands read it.
///
/// `csv-trace`: an input may start with an options line, `#fuzz size-unit=UNIT;columns=ROLE=COL,…`, standing for
/// `--size-unit` and `--columns`; the rest is the CSV file. Accepted rows must be exactly the rows an independent
/// reading of the text finds (``CSVTraceExpectation``: the same requests, dense ids in order of first
/// appearance, the same bad lines), must write back through the generator's CSV writer and read back equal,
/// must carry next-access times that point at the next request of the same file, and must simulate (LRU,
/// Belady) with every byte counted. Refused: a ``TraceError`` whose problems each start
/// `line N:`, N a line of the file that is not blank.
///
/// `oracle-general-trace`: the input is the file. Accepted records must be the records an independent decoding
/// finds (``OracleGeneralExpectation``), with sizes of at least 1 byte and next-access times the simulator can
/// use, and must simulate. Refused: a ``TraceError`` naming the byte offset of the record that is wrong.
enum CacheTraceTargets {
    /// Where each input is written: one file per process and format, rewritten for every input.
    static let csvPath = NSTemporaryDirectory() + "vernier-fuzz-\(getpid())-trace.csv"
    static let oraclePath = NSTemporaryDirectory() + "vernier-fuzz-\(getpid())-trace.bin"
    /// Where accepted requests are written back for the round trip.
    static let roundTripPath = NSTemporaryDirectory() + "vernier-fuzz-\(getpid())-round-trip.csv"

    static func csv(_ bytes: [UInt8]) {
        let (options, fileBytes) = CSVFuzzOptions.split(bytes)
        guard let sizeUnit = SizeUnit(spelling: options.sizeUnit) else { return }  // refused by the CLI's validate()
        let mapping: [String: String]
        do {
            mapping = try options.columns.map(TraceColumns.parseMapping) ?? [:]
        } catch {
            FuzzCheck.require("\(error)".contains("--columns"), "a --columns refusal that does not name it: \(error)")
            return
        }
        write(fileBytes, to: csvPath)
        let expectation = CSVTraceExpectation(fileBytes, sizeUnit: sizeUnit)
        var reader: CSVTraceReader
        do {
            reader = try CSVTraceReader(path: csvPath, columns: mapping, sizeUnit: sizeUnit)
        } catch {
            checkHeaderRefusal(error, fileBytes: fileBytes, mapping: mapping, expectation: expectation)
            return
        }
        expectation.checkColumns(reader.columns, mapping: mapping)
        let expected = expectation.requests(columns: reader.columns)
        var requests: [CacheRequest] = []
        do {
            while let request = try reader.next() { requests.append(request) }
        } catch let error as TraceError {
            checkRowRefusal(error, expected: expected)
            return
        } catch {
            FuzzCheck.require(false, "a CSV trace refused with \(error)")
        }
        FuzzCheck.require(!requests.isEmpty, "a CSV trace without a request accepted")
        FuzzCheck.require(requests == expected.requests,
                          "read \(requests.prefix(4)) (\(requests.count)), expected \(expected.requests.prefix(4)) (\(expected.requests.count))")
        FuzzCheck.require(reader.diagnostics.badRowCount == expected.badLines.count,
                          "\(reader.diagnostics.badRowCount) bad rows reported, \(expected.badLines.count) expected")
        checkProblems(reader.diagnostics.firstProblems, badLines: expected.badLines)
        FuzzCheck.require(reader.objectCount == expected.objectCount,
                          "\(reader.objectCount) files counted, \(expected.objectCount) expected")
        for request in requests { checkRequest(request, objectCount: reader.objectCount) }
        roundTrip(requests)
        let opener = TraceOpener(path: csvPath, format: .csv, columns: mapping, sizeUnit: sizeUnit)
        simulate(checkNextAccess(opener, requests: requests))
    }

    static func oracleGeneral(_ bytes: [UInt8]) {
        write(bytes, to: oraclePath)
        let expectation = OracleGeneralExpectation(bytes)
        var reader: OracleGeneralReader
        do {
            reader = try OracleGeneralReader(path: oraclePath)
        } catch {
            FuzzCheck.require(expectation.refusedWhole != nil, "a whole-record file refused on opening: \(error)")
            let text = "\(error)"
            if bytes.isEmpty {
                FuzzCheck.require(text.contains("empty"), "an empty file refused as \(text)")
            } else {
                FuzzCheck.require(text.contains("byte offset \(bytes.count / 24 * 24)"),
                                  "a cut-short file refused without the offset of its last record: \(text)")
            }
            return
        }
        FuzzCheck.require(expectation.refusedWhole == nil, "a file of \(bytes.count) bytes opened")
        var requests: [CacheRequest] = []
        do {
            while let request = try reader.next() { requests.append(request) }
        } catch let error as TraceError {
            FuzzCheck.require(expectation.requests.isEmpty, "a trace with valid records refused: \(error)")
            if case let .noValidRows(_, problems) = error {
                checkRecordProblems(Array(problems.prefix(TraceDiagnostics.keptProblems)), expectation: expectation)
            } else {
                FuzzCheck.require(false, "an oracleGeneral trace refused as \(error)")
            }
            return
        } catch {
            FuzzCheck.require(false, "an oracleGeneral trace refused with \(error)")
        }
        FuzzCheck.require(!requests.isEmpty, "an oracleGeneral trace without a valid record accepted")
        FuzzCheck.require(requests == expectation.requests,
                          "read \(requests.prefix(4)) (\(requests.count)), expected \(expectation.requests.prefix(4))")
        FuzzCheck.require(reader.diagnostics.badRowCount == expectation.skippedRecords.count,
                          "\(reader.diagnostics.badRowCount) records skipped, \(expectation.skippedRecords.count) expected")
        checkRecordProblems(reader.diagnostics.firstProblems, expectation: expectation)
        for request in requests {
            checkRequest(request, objectCount: reader.objectCount)
            FuzzCheck.require(request.nextAccess >= 0, "next access \(request.nextAccess) handed to the simulator")
        }
        // The batched path (what the simulator uses) reads the same requests.
        do {
            var batched = try OracleGeneralReader(path: oraclePath) as any TraceSource
            var all: [CacheRequest] = [], batch: [CacheRequest] = []
            while try batched.nextBatch(into: &batch, maximum: 3) > 0 { all += batch }
            FuzzCheck.require(all == requests, "nextBatch read \(all.count) requests, next() \(requests.count)")
        } catch {
            FuzzCheck.require(false, "a trace read by next() is refused by nextBatch: \(error)")
        }
        simulate(requests)
    }

    // MARK: - Shared checks

    static func write(_ bytes: [UInt8], to path: String) {
        FuzzCheck.require(FileManager.default.createFile(atPath: path, contents: Data(bytes)), "cannot write \(path)")
    }

    /// Sizes of at least a byte, finite times and CPU/I-O times, a dense id.
    static func checkRequest(_ request: CacheRequest, objectCount: Int) {
        FuzzCheck.require(request.size >= 1, "a request of \(request.size) bytes")
        FuzzCheck.require(request.time.isFinite, "a request at time \(request.time)")
        FuzzCheck.require(request.cpuTime.isFinite && request.cpuTime >= 0 && request.ioTime.isFinite && request.ioTime >= 0,
                          "CPU/IO times \(request.cpuTime), \(request.ioTime)")
        FuzzCheck.require(request.object >= 0 && Int(request.object) < objectCount,
                          "object \(request.object) outside 0..<\(objectCount)")
    }

    /// A refusal while opening: an empty file, a header without a required column, or a bad `--columns`.
    static func checkHeaderRefusal(_ error: TraceError, fileBytes: [UInt8], mapping: [String: String],
                                   expectation: CSVTraceExpectation) {
        switch error {
        case let .noValidRows(_, problems):
            FuzzCheck.require(fileBytes.isEmpty && problems.first?.contains("empty") == true,
                              "a non-empty file refused on opening as \(error)")
        case let .missingColumn(role, _, _):
            FuzzCheck.require(["time", "file", "size"].contains(role), "missing column '\(role)' is not a required role")
            FuzzCheck.require(error.description.contains("--columns \(role)=COLUMN"), "no fix named: \(error)")
            // The header, split at its commas, really has no column of that role left by the mapping.
            let mapped = Set(mapping.values.map(CSVTraceExpectation.normalize))
            let names = expectation.header.map(CSVTraceExpectation.normalize).filter { !mapped.contains($0) }
            let aliases = TraceColumns.Role(rawValue: role)?.aliases ?? []
            FuzzCheck.require(mapping.keys.allSatisfy { TraceColumns.Role(rawValue: $0)?.rawValue != role }
                                  && !names.contains(where: aliases.contains),
                              "refused for a missing \(role) column, yet the header has one: \(expectation.header)")
        case .badColumnMapping:
            FuzzCheck.require(!mapping.isEmpty, "a column mapping refused without --columns: \(error)")
            FuzzCheck.require(error.description.contains("--columns"), "a mapping refusal not naming --columns: \(error)")
        default:
            FuzzCheck.require(false, "a CSV trace refused on opening as \(error)")
        }
    }

    /// A refusal while reading rows: no valid row (with the bad lines), or sizes that overflow 63 bits in all.
    static func checkRowRefusal(_ error: TraceError, expected: CSVTraceExpectation.Reading) {
        switch error {
        case let .noValidRows(_, problems):
            FuzzCheck.require(expected.requests.isEmpty, "a trace with \(expected.requests.count) valid rows refused: \(error)")
            checkProblems(Array(problems.prefix(TraceDiagnostics.keptProblems)), badLines: expected.badLines)
        case let .tooManyBytes(_, place):
            FuzzCheck.require(expected.totalOverflows, "refused as over 2⁶³ bytes in all, which it is not: \(error)")
            FuzzCheck.require(place.hasPrefix("line "), "the overflow refusal does not name its line: \(error)")
        default:
            FuzzCheck.require(false, "a CSV trace refused as \(error)")
        }
    }

    /// The kept problems name the first bad lines, in order, each as `line N: …`.
    static func checkProblems(_ problems: [String], badLines: [Int]) {
        let expected = badLines.prefix(TraceDiagnostics.keptProblems).map { "line \($0): " }
        FuzzCheck.require(problems.count == expected.count, "\(problems.count) problems kept, lines \(badLines.prefix(5)) bad")
        for (problem, prefix) in zip(problems, expected) {
            FuzzCheck.require(problem.hasPrefix(prefix) && problem.count > prefix.count,
                              "problem '\(problem)' does not start '\(prefix)'")
        }
    }

    static func checkRecordProblems(_ problems: [String], expectation: OracleGeneralExpectation) {
        let expected = expectation.skippedRecords.prefix(TraceDiagnostics.keptProblems)
            .map { "record \($0 + 1) at byte offset \($0 * 24): " }
        FuzzCheck.require(problems.count == expected.count, "\(problems.count) problems kept, \(expected.count) expected")
        for (problem, prefix) in zip(problems, expected) {
            FuzzCheck.require(problem.hasPrefix(prefix), "problem '\(problem)' does not start '\(prefix)'")
        }
    }

    /// The accepted requests written as `vernier cache generate` writes a trace (its header and, where a row is
    /// one it could write, its line writer) read back equal.
    static func roundTrip(_ requests: [CacheRequest]) {
        var text = SyntheticTraceGenerator.csvHeader + "\n"
        for request in requests {
            let dataset = request.dataset >= 0 ? "\(request.dataset)" : ""
            if request.access != .unknown, request.time == request.time.rounded(), abs(request.time) < 9.2e18 {
                text += SyntheticTraceGenerator.csvLine(.init(
                    time: Int64(request.time), file: UInt64(request.object), dataset: Int(request.dataset), size: request.size,
                    access: request.access, cpuTime: request.cpuTime, ioTime: request.ioTime))
            } else {
                let access = request.access == .local ? "local" : request.access == .remote ? "remote" : ""
                text += "\(request.time),\(request.object),\(request.size),\(access),\(request.cpuTime),\(request.ioTime),\(dataset)"
            }
            text += "\n"
        }
        write(Array(text.utf8), to: roundTripPath)
        do {
            var reader = try CSVTraceReader(path: roundTripPath)
            var back: [CacheRequest] = []
            while let request = try reader.next() { back.append(request) }
            FuzzCheck.require(back == requests, "written and read back: \(back.prefix(4)), was \(requests.prefix(4))")
            FuzzCheck.require(reader.diagnostics.badRowCount == 0, "written rows read back as bad: \(reader.diagnostics.report)")
        } catch {
            FuzzCheck.require(false, "accepted requests written as CSV do not read back: \(error)\n\(text.prefix(300))")
        }
    }

    /// Each request's next access is the position of the next request for the same file (or never); returns
    /// the requests with them.
    static func checkNextAccess(_ opener: TraceOpener, requests: [CacheRequest]) -> [CacheRequest] {
        do {
            var source = try opener.openWithNextAccess()
            var annotated: [CacheRequest] = []
            while let request = try source.next() { annotated.append(request) }
            let expected = NextAccessAnnotator.annotate(requests)
            FuzzCheck.require(annotated == expected, "next-access times differ from the trace's own order")
            for (position, request) in annotated.enumerated() where request.nextAccess != CacheRequest.neverAgain {
                let next = Int(request.nextAccess)
                FuzzCheck.require(next > position && next < annotated.count && annotated[next].object == request.object,
                                  "request \(position) says its file comes back at \(next)")
            }
            return annotated
        } catch {
            FuzzCheck.require(false, "an accepted trace fails its next-access pre-pass: \(error)")
            return []
        }
    }

    /// LRU (a list) and Belady (a heap keyed by next access) over the trace, in a cache the size of its
    /// largest file: every request and byte counted. (The trace was read from its file above; the simulator's
    /// own per-file arrays start at 1,024 files each, which is most of a target's time, hence two policies.)
    static func simulate(_ requests: [CacheRequest]) {
        let largest = requests.map(\.size).max() ?? 1
        let policies = [EvictionPolicy.lru, .belady].map { CachePolicy(eviction: $0) }
        var simulation = MultiPolicySimulation(policies: policies, configuration: CacheConfiguration(capacity: largest))
        do {
            var source: any TraceSource = ArrayTraceSource(requests)
            let count = try simulation.run(&source)
            FuzzCheck.require(count == requests.count, "simulated \(count) of \(requests.count) requests")
        } catch {
            FuzzCheck.require(false, "an accepted trace fails to simulate: \(error)")
        }
        let bytes = requests.reduce(Int64(0)) { $0 + $1.size }
        for simulator in simulation.simulators {
            let total = simulator.total
            FuzzCheck.require(total.requests == requests.count && total.bytesRequested == bytes,
                              "\(simulator.policy.name) counted \(total.requests) requests, \(total.bytesRequested) bytes")
            FuzzCheck.require(total.hits <= total.requests && simulator.occupied <= largest,
                              "\(simulator.policy.name): \(total.hits) hits, \(simulator.occupied) bytes held")
        }
    }
}
