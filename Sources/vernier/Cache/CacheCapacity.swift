import ArgumentParser
import VernierCache

/// `--capacity`: bytes with a unit (`100TiB`), or a percentage of the trace's working set (`10%`).
enum CacheCapacity: ExpressibleByArgument, Codable, Hashable {
    case bytes(Int64)
    case workingSetFraction(Double)

    init?(argument: String) {
        if argument.hasSuffix("%") {
            guard let percent = Double(argument.dropLast()), percent > 0, percent <= 100 else { return nil }
            self = .workingSetFraction(percent / 100)
        } else if let count = ByteCount(parsing: argument), count.bytes >= 1 {
            self = .bytes(count.bytes)
        } else {
            return nil
        }
    }

    static var defaultValueDescription: String { "SIZE (100TiB, 500GB) or PERCENT of the working set (10%)" }

    /// The capacity in bytes for a trace whose distinct files total `workingSet` bytes (at least 1 byte).
    func bytes(workingSet: Int64) -> Int64 {
        switch self {
        case let .bytes(bytes): bytes
        case let .workingSetFraction(fraction): max(1, Int64((Double(workingSet) * fraction).rounded(.down)))
        }
    }

    var needsWorkingSet: Bool { if case .workingSetFraction = self { true } else { false } }
}

/// A trace's size: requests, distinct files and their total size (the working set), from one streamed pass.
struct TraceScan {
    var requests = 0
    var files = 0
    var workingSet: Int64 = 0

    static func scan(_ opener: TraceOpener) throws -> TraceScan {
        var source = try CacheTraces.open(opener, nextAccess: false)
        var seen: [Bool] = []
        var scan = TraceScan()
        try CacheTraces.reading {
            while let request = try source.next() {
                scan.requests += 1
                let object = Int(request.object)
                if object >= seen.count { seen.append(contentsOf: repeatElement(false, count: max(1024, object + 1 - seen.count, seen.count))) }
                if !seen[object] {
                    seen[object] = true
                    scan.files += 1
                    scan.workingSet += request.size
                }
            }
        }
        return scan
    }
}
