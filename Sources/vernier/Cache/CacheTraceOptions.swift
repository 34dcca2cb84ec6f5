import ArgumentParser
import VernierCache

/// The trace argument and how to read it, shared by `cache simulate` and `cache advise`.
struct CacheTraceOptions: ParsableArguments {
    @Argument(help: "The access trace: CSV with a header, or libCacheSim oracleGeneral binary (.bin).")
    var trace: String

    @Option(help: "The trace's format: csv or oracle-general (default: from the file name; .bin is binary).")
    var format: TraceFormat?

    @Option(help: "Map CSV columns to roles: time=COL,file=COL,size=COL (also protocol, cpu_time, io_time).")
    var columns: String?

    @Option(name: .customLong("size-unit"), help: "Unit of the CSV size column: \(SizeUnit.spellings) (default B).")
    var sizeUnit: String = "B"

    func validate() throws {
        guard SizeUnit(spelling: sizeUnit) != nil else {
            throw ValidationError("--size-unit '\(sizeUnit)' is not a unit; use one of \(SizeUnit.spellings)")
        }
        if let columns { _ = try mapping(columns) }
    }

    private func mapping(_ text: String) throws -> [String: String] {
        do { return try TraceColumns.parseMapping(text) } catch { throw ValidationError("\(error)") }
    }

    /// How to open the trace.
    func opener() throws -> TraceOpener {
        TraceOpener(path: trace, format: format, columns: try columns.map(mapping) ?? [:],
                    sizeUnit: SizeUnit(spelling: sizeUnit) ?? .bytes)
    }
}

extension TraceFormat: ExpressibleByArgument {}

/// `--capacity 100TiB` and `--bandwidth 10Gbit/s` as typed values.
extension ByteCount: ExpressibleByArgument {
    public init?(argument: String) { self.init(parsing: argument) }
}

extension Bandwidth: ExpressibleByArgument {
    public init?(argument: String) { self.init(parsing: argument) }
}

/// Opening a trace, with every trace error turned into exit 64 (bad input) and skipped rows reported.
enum CacheTraces {
    static func open(_ opener: TraceOpener, nextAccess: Bool) throws -> any TraceSource {
        do {
            return nextAccess ? try opener.openWithNextAccess() : try opener.open()
        } catch let error as TraceError {
            throw ValidationError("\(error)")
        }
    }

    /// Runs `body`, turning a trace error (a trace without a valid row) into a `ValidationError`.
    static func reading<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as TraceError { throw ValidationError("\(error)") }
    }

    /// Writes the skipped rows' report on standard error.
    static func reportSkipped(_ diagnostics: TraceDiagnostics, path: String) {
        guard diagnostics.badRowCount > 0 else { return }
        var text = "warning: \(path): skipped \(diagnostics.badRowCount) bad row(s)\n"
        for line in diagnostics.report { text += "  \(line)\n" }
        FileHandle.standardError.write(Data(text.utf8))
    }
}

import Foundation
