import Foundation
import Testing
@testable import VernierCache

/// Defects the `csv-trace` and `oracle-general-trace` fuzz targets found (RELIABILITY.md); each input is also a
/// `regression-*` seed in `Fuzz/Corpus/`.
struct TraceReaderFuzzRegressionTests {
    static func csv(_ contents: String) throws -> String {
        try TraceReaderTests.file(contents)
    }

    static func binary(_ bytes: [UInt8]) throws -> String {
        let path = try TraceReaderTests.file("", name: "t.bin")
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    // ` 7` and `007 ` were names while `7` was a number: one file counted as two.
    @Test func aNumericIdWithSpacesIsTheSameFile() throws {
        let requests = try TraceReaderTests.readAll(try CSVTraceReader(path: try Self.csv("time,file,size\n0,7,10\n1, 7,10\n2,007 ,10\n")))
        #expect(requests.map(\.object) == [0, 0, 0])
    }

    // A control character 0x10 (0x11) read as protocol `0` (`1`): the case folding set bit 5 of any byte.
    // A protocol with spaces around it was unknown, where every other field is trimmed.
    @Test func protocolsFoldOnlyLettersAndAreTrimmed() throws {
        let path = try Self.csv("time,file,size,protocol\n0,1,10,\u{10}\n1,2,10,\u{11}\n2,3,10, remote \n3,4,10,L\n4,5,10,LOCAL\n")
        let requests = try TraceReaderTests.readAll(try CSVTraceReader(path: path))
        #expect(requests.map(\.access) == [.unknown, .unknown, .remote, .local, .local])
    }

    // The last line kept its `\r` when the file did not end with a newline, so its size was not a number.
    @Test func aLastLineEndingInCarriageReturnIsRead() throws {
        var reader = try CSVTraceReader(path: try Self.csv("time,file,size\n0,1,10\r\n1,2,20\r"))
        var sizes: [Int64] = []
        while let request = try reader.next() { sizes.append(request.size) }
        #expect(sizes == [10, 20])
        #expect(reader.diagnostics.badRowCount == 0)
    }

    // Two sizes of 2⁶² bytes each were accepted; their sum overflowed the simulator's 64-bit byte counts (a trap).
    @Test func sizesAddingUpPastSixtyThreeBitsAreRefusedWithTheLine() throws {
        var reader = try CSVTraceReader(path: try Self.csv("time,file,size\n0,1,4611686018427387904\n1,2,4611686018427387904\n"))
        #expect(try reader.next()?.size == 1 << 62)
        do {
            _ = try reader.next()
            Issue.record("a trace of 2^63 bytes was read")
        } catch let error as TraceError {
            #expect(error == .tooManyBytes(path: reader.path, place: "line 3"))
            #expect("\(error)".contains("line 3: the requests' sizes add up to 2^63 bytes"))
        }
    }

    // A time of 1e300 s was accepted; the simulator's day number, (time − first time) / 86 400, then did not
    // fit an Int (a trap). Times are now refused beyond ±9.2e18 s, and the day numbers of any two fit.
    @Test func farTimesAreBadRowsAndTimesAtTheLimitSimulate() throws {
        var reader = try CSVTraceReader(path: try Self.csv("time,file,size\n0,1,10\n1e300,2,10\n"))
        #expect(try reader.next()?.time == 0)
        #expect(try reader.next() == nil)
        #expect(reader.diagnostics.firstProblems == ["line 3: time '1e300' s is beyond ±9.2e18 s (2^63)"])

        let path = try Self.csv("time,file,size\n0,1,10\n9.1e18,2,10\n-9.1e18,3,10\n")
        var source = try TraceOpener(path: path).openWithNextAccess()
        var simulation = MultiPolicySimulation(policies: [CachePolicy(eviction: .lru), CachePolicy(eviction: .belady)],
                                               configuration: CacheConfiguration(capacity: 15))
        #expect(try simulation.run(&source) == 3)
        for simulator in simulation.simulators {
            #expect(simulator.total.requests == 3)
            #expect(simulator.dayNumbers.count == 3)
        }
    }

    // `,́` (a comma, then a combining accent) is one Character: the header was split into 2 columns, every
    // row into 3, so no row matched.
    @Test func theHeaderSplitsAtEveryCommaAsTheRowsDo() throws {
        var reader = try CSVTraceReader(path: try Self.csv("time,file,size,\u{301}site\n0,1,10,x\n"))
        #expect(reader.columns.columnCount == 4)
        #expect(try reader.next()?.size == 10)
    }

    // `--columns time=a,ts=b` took whichever pair the dictionary's hashing visited last; `time=a,size=a` read
    // one column twice.
    @Test func aColumnMappingGivesEachRoleOneColumnAndEachColumnOneRole() throws {
        let path = try Self.csv("a,b,c,d\n0,1,2,3\n")
        do {
            _ = try CSVTraceReader(path: path, columns: try TraceColumns.parseMapping("time=a,ts=b,file=c,size=d"))
            Issue.record("a role mapped twice was accepted")
        } catch {
            #expect("\(error)" == "--columns maps the time role twice (time=a and ts=b); give each role one column")
        }
        do {
            _ = try CSVTraceReader(path: path, columns: try TraceColumns.parseMapping("time=a,size=a,file=b"))
            Issue.record("a column mapped to two roles was accepted")
        } catch {
            #expect("\(error)" == "--columns maps column 'a' to two roles (size=a and time=a); give each column one role")
        }
    }

    // A file of size-0 records only was read as an empty trace (the CSV reader refuses that); skipped records
    // were reported as `line N`.
    @Test func anOracleTraceOfSizeZeroRecordsIsRefusedNamingEachRecordsOffset() throws {
        let records = TraceReaderTests.oracleRecord(time: 1, id: 1, size: 0, next: -1)
            + TraceReaderTests.oracleRecord(time: 2, id: 2, size: 0, next: -1)
        var reader = try OracleGeneralReader(path: try Self.binary(records))
        do {
            _ = try reader.next()
            Issue.record("a trace of size-0 records was accepted")
        } catch let error as TraceError {
            guard case let .noValidRows(_, problems) = error else { Issue.record("\(error)"); return }
            #expect(problems == ["record 1 at byte offset 0: size 0 (skipped, as libCacheSim does)",
                                 "record 2 at byte offset 24: size 0 (skipped, as libCacheSim does)"])
        }
        var batched = try OracleGeneralReader(path: try Self.binary(records)) as any TraceSource
        var batch: [CacheRequest] = []
        #expect(throws: TraceError.self) { _ = try batched.nextBatch(into: &batch, maximum: 8) }
    }

    @Test func aCutShortOracleTraceNamesTheOffsetOfItsLastRecord() throws {
        let records = TraceReaderTests.oracleRecord(time: 5, id: 1, size: 100, next: -1)
            + TraceReaderTests.oracleRecord(time: 6, id: 2, size: 100, next: -1)
        let path = try Self.binary(Array(records.prefix(47)))
        do {
            _ = try OracleGeneralReader(path: path)
            Issue.record("a cut-short trace was accepted")
        } catch {
            #expect("\(error)".contains("record 2, at byte offset 24, has only 23 bytes"))
        }
    }
}
