import ArgumentParser
import Foundation
import VernierCache

/// `vernier cache generate`: a synthetic access trace (CSV) for tests and demos.
struct CacheGenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write a synthetic grid access trace (CSV): Zipf datasets, contiguous job reads, log-normal sizes.",
        discussion: "The model is described in environments/README.md (grid cache: synthetic traces)."
    )

    @Option(help: "static (fixed popularity) or drift (datasets hot for a few weeks each).")
    var kind: SyntheticTraceKind = .drift

    @Option(help: "Number of requests (at least 1).")
    var requests: Int = 100_000

    @OptionGroup var seed: SeedOptions

    @Option(help: "The CSV file to write.")
    var out: String

    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard requests >= 1 else { throw ValidationError("--requests must be at least 1, got \(requests)") }
    }

    func run() throws {
        guard FileManager.default.createFile(atPath: out, contents: nil),
              let handle = FileHandle(forWritingAtPath: out) else {
            throw ValidationError("cannot write '\(out)' (check the directory exists and is writable)")
        }
        defer { try? handle.close() }
        var buffer = SyntheticTraceGenerator.csvHeader + "\n"
        var files = Set<UInt64>(), bytes: Int64 = 0
        try SyntheticTraceGenerator(kind: kind, requests: requests, seed: seed.seed).generate { row in
            buffer += SyntheticTraceGenerator.csvLine(row)
            buffer += "\n"
            if files.insert(row.file).inserted { bytes += row.size }
            if buffer.utf8.count > 1 << 20 {
                try handle.write(contentsOf: Data(buffer.utf8))
                buffer.removeAll(keepingCapacity: true)
            }
        }
        try handle.write(contentsOf: Data(buffer.utf8))
        if output.json {
            try JSONOutput.print(Report(out: out, kind: kind.rawValue, requests: requests, seed: seed.seed,
                                        files: files.count, workingSetBytes: bytes))
        } else {
            print("wrote \(requests) requests (\(kind.rawValue), seed \(seed.seed)) to \(out): "
                  + "\(files.count) files, working set \(ByteCount(bytes: bytes))")
        }
    }

    struct Report: Encodable {
        var out: String, kind: String, requests: Int, seed: UInt64, files: Int, workingSetBytes: Int64
    }
}

extension SyntheticTraceKind: ExpressibleByArgument {}
