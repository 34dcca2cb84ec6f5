import Foundation
import Testing
@testable import VernierCache

/// CSV and oracleGeneral readers: aliases, mappings, units, 64-bit sizes, and bad rows with line numbers.
struct TraceReaderTests {
    static func file(_ contents: String, name: String = "trace.csv") throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vernier-cache-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let url = directory.appendingPathComponent(name)
        try contents.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    static func readAll(_ source: some TraceSource) throws -> [CacheRequest] {
        var source = source
        var requests: [CacheRequest] = []
        while let request = try source.next() { requests.append(request) }
        return requests
    }

    @Test func readsAliasedColumnsAndOptionalFields() throws {
        let path = try Self.file("""
            Timestamp,LFN,Size,Protocol,CPU_Time,IO_Time,site
            10,/store/a.root,1000,remote,60,40,T2_IT_Pisa
            11,/store/b.root,2000,local,0,0,T2_IT_Pisa
            12,/store/a.root,1000,Local,1.5,0.5,T2_IT_Pisa

            """)
        let requests = try Self.readAll(try CSVTraceReader(path: path))
        #expect(requests.map(\.object) == [0, 1, 0])
        #expect(requests.map(\.size) == [1000, 2000, 1000])
        #expect(requests.map(\.time) == [10, 11, 12])
        #expect(requests.map(\.access) == [.remote, .local, .local])
        #expect(requests[0].cpuTime == 60 && requests[0].ioTime == 40)
        #expect(requests[2].cpuTime == 1.5)
    }

    @Test func columnsCanBeMappedAndSizesScaledToSixtyFourBits() throws {
        let path = try Self.file("""
            when,what,how_big
            0,7,5
            1,8,0.5

            """)
        let reader = try CSVTraceReader(path: path, columns: try TraceColumns.parseMapping("time=when,file=what,size=how_big"),
                                        sizeUnit: .tebibytes)
        let requests = try Self.readAll(reader)
        #expect(requests.map(\.size) == [5 << 40, 1 << 39])
        #expect(throws: TraceError.self) { try CSVTraceReader(path: path) }
        #expect(throws: TraceError.self) {
            try CSVTraceReader(path: path, columns: ["time": "nope", "file": "what", "size": "how_big"])
        }
        #expect(throws: TraceError.self) { try TraceColumns.parseMapping("time") }
    }

    @Test func missingColumnNamesTheRoleAndTheFix() throws {
        let path = try Self.file("time,file\n1,2\n")
        do {
            _ = try CSVTraceReader(path: path)
            Issue.record("a trace without a size column was accepted")
        } catch {
            #expect("\(error)".contains("no size column"))
            #expect("\(error)".contains("--columns size=COLUMN"))
        }
    }

    // Six bad rows: the first five are described with their line numbers, then a summary counts them all.
    @Test func badRowsAreReportedWithLineNumbersThenSummarised() throws {
        let path = try Self.file("""
            time,file,size
            0,1,100
            x,2,100
            1,2,big
            2,3
            3,4,-5
            4,,10
            5,6,0
            6,7,100

            """)
        var reader = try CSVTraceReader(path: path)
        var requests: [CacheRequest] = []
        while let request = try reader.next() { requests.append(request) }
        #expect(requests.count == 2)
        #expect(reader.diagnostics.badRowCount == 6)
        let report = reader.diagnostics.report
        #expect(report.count == 6)
        #expect(report[0] == "line 3: time 'x' is not a number of seconds")
        #expect(report[1] == "line 4: size 'big' is not a number")
        #expect(report[2] == "line 5: 2 fields, the header has 3")
        #expect(report[3].hasPrefix("line 6: size '-5'"))
        #expect(report[4] == "line 7: the file id is empty")
        #expect(report[5].contains("1 more bad rows (6 in all"))
    }

    @Test func aTraceWithoutAValidRowIsRefused() throws {
        let path = try Self.file("time,file,size\nx,1,1\n1,1,0\n")
        var reader = try CSVTraceReader(path: path)
        do {
            _ = try reader.next()
            Issue.record("a trace with no valid row was accepted")
        } catch let error as TraceError {
            guard case let .noValidRows(_, problems) = error else { Issue.record("\(error)"); return }
            #expect(problems.first == "line 2: time 'x' is not a number of seconds")
        }
        #expect(throws: TraceError.self) { try CSVTraceReader(path: try Self.file("")) }
        #expect(throws: TraceError.self) { try CSVTraceReader(path: "/nonexistent/trace.csv") }
    }

    /// 24-byte records: uint32 time, uint64 id, uint32 size, int64 next access (−1: none).
    static func oracleRecord(time: UInt32, id: UInt64, size: UInt32, next: Int64) -> [UInt8] {
        var bytes: [UInt8] = []
        withUnsafeBytes(of: time.littleEndian) { bytes += $0 }
        withUnsafeBytes(of: id.littleEndian) { bytes += $0 }
        withUnsafeBytes(of: size.littleEndian) { bytes += $0 }
        withUnsafeBytes(of: next.littleEndian) { bytes += $0 }
        return bytes
    }

    @Test func readsOracleGeneralRecords() throws {
        let records = Self.oracleRecord(time: 5, id: 1 << 40, size: 4_000_000_000, next: 2)
            + Self.oracleRecord(time: 6, id: 9, size: 0, next: -1)
            + Self.oracleRecord(time: 7, id: 1 << 40, size: 4_000_000_000, next: -1)
        let path = try Self.file("", name: "t.oracleGeneral.bin")
        try Data(records).write(to: URL(fileURLWithPath: path))
        #expect(TraceFormat.guess(path: path) == .oracleGeneral)
        let reader = try OracleGeneralReader(path: path)
        let requests = try Self.readAll(reader)
        #expect(requests.count == 2)
        #expect(requests.map(\.object) == [0, 0])
        #expect(requests.map(\.size) == [4_000_000_000, 4_000_000_000])
        #expect(requests.map(\.time) == [5, 7])
        #expect(requests.map(\.nextAccess) == [2, CacheRequest.neverAgain])
        try Data(records.dropLast()).write(to: URL(fileURLWithPath: path))
        #expect(throws: TraceError.self) { try OracleGeneralReader(path: path) }
    }

    @Test func nextAccessIsAnnotatedByAPrePass() throws {
        let path = try Self.file("time,file,size\n0,a,1\n1,b,1\n2,a,1\n3,b,1\n4,c,1\n")
        let opener = TraceOpener(path: path)
        let requests = try Self.readAll(try opener.openWithNextAccess())
        #expect(requests.map(\.nextAccess) == [2, 3, .max, .max, .max])
    }

    // A trace longer than one read chunk streams through the buffer boundary without losing a row.
    @Test func longTracesStreamAcrossChunks() throws {
        var text = "time,file,size\n"
        for index in 0..<60_000 { text += "\(index),\(index % 1000),\(1_000_000 + index)\n" }
        let path = try Self.file(text)
        var reader = try CSVTraceReader(path: path)
        var count = 0, sizeSum: Int64 = 0
        while let request = try reader.next() { count += 1; sizeSum += request.size }
        #expect(count == 60_000)
        #expect(reader.objectCount == 1000)
        #expect(sizeSum == (0..<60_000).reduce(Int64(0)) { $0 + 1_000_000 + Int64($1) })
        #expect(reader.diagnostics.badRowCount == 0)
    }

    // Decimals parse exactly as Double(String) does, on the fast path and off it (exponents, long mantissas).
    @Test func numbersParseLikeTheStandardLibrary() throws {
        let times = ["0.1", "-12.375", "86400", "1e3", "2.5E-1", "123456789012345678.5", "+7.25", "0.30000000000000004"]
        var text = "time,file,size\n"
        for (index, time) in times.enumerated() { text += "\(time),\(index),1\n" }
        let requests = try Self.readAll(try CSVTraceReader(path: try Self.file(text)))
        #expect(requests.map(\.time) == times.map { Double($0)! })
        let bad = try Self.file("time,file,size\n1.2.3,1,1\n.,2,1\n5,3,1\n")
        var reader = try CSVTraceReader(path: bad)
        var valid = 0
        while try reader.next() != nil { valid += 1 }
        #expect(valid == 1)
        #expect(reader.diagnostics.badRowCount == 2)
    }

    @Test func unitsParse() {
        #expect(ByteCount(parsing: "100TiB")?.bytes == 100 << 40)
        #expect(ByteCount(parsing: "2.5 GB")?.bytes == 2_500_000_000)
        #expect(ByteCount(parsing: "512")?.bytes == 512)
        #expect(ByteCount(parsing: "12 parsecs") == nil)
        #expect(Bandwidth(parsing: "10Gbit/s")?.bytesPerSecond == 1.25e9)
        #expect(Bandwidth(parsing: "10Gbps")?.bytesPerSecond == 1.25e9)
        #expect(Bandwidth(parsing: "125MB/s")?.bytesPerSecond == 1.25e8)
        #expect(Bandwidth(parsing: "fast") == nil)
        #expect(Bandwidth(parsing: "10Gbit/s")?.bytesPerDay == 1.08e14)
    }
}
