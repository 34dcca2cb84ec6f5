import Foundation
import VernierMath

/// Synthetic grid access traces for tests and demos (the model is documented in environments/README.md).
///
/// - Datasets: `max(20, requests / 500)` of them, each of 10–100 files (uniform) with log-normal sizes
///   (median `medianSize` = 2.8 GB, σ = 0.45 of the natural logarithm).
/// - Popularity: Zipf with exponent α = 0.9 over the datasets, in a random order of ranks.
/// - Jobs: each reads a contiguous run of one dataset's files, from a uniform start, of geometric length with
///   mean 8 (cut at the dataset's end), one file per second; job starts are a Poisson process with the rate that
///   spreads the trace over `spanDays` (180 days, inside libCacheSim's default 300-day TTL).
/// - Drift: each dataset has an activity window of 2–6 weeks (uniform) starting uniformly in the span (or up to
///   one window before it); outside it the dataset's weight is multiplied by `coldWeight` = 0.02.
/// - Each request also gets a protocol (local or remote, even odds), a CPU time (log-normal, median 600 s,
///   σ = 0.5) and an I/O time (CPU time × 0.67 × log-normal σ = 0.3; × 1.5 for remote reads), so the CPU
///   efficiency is about 60 %, as in the CMS measurements.
///
/// Deterministic for a seed; the file ids are `dataset × 1000 + index`, and each row also names its dataset (what
/// a grid site reads from the file's logical name).
public struct SyntheticTraceGenerator: Sendable {
    public var kind: SyntheticTraceKind
    public var requests: Int
    public var seed: UInt64
    public var zipfExponent = 0.9
    public var medianSize = 2.8e9
    public var sizeSigma = 0.45
    public var spanDays = 180.0
    public var coldWeight = 0.02
    public var meanRunLength = 8.0

    public init(kind: SyntheticTraceKind, requests: Int, seed: UInt64) {
        self.kind = kind
        self.requests = requests
        self.seed = seed
    }

    /// One generated access.
    public struct Row: Sendable, Hashable {
        public var time: Int64
        public var file: UInt64
        /// The file's dataset, 0-based; negative for none (written as an empty field).
        public var dataset: Int
        public var size: Int64
        public var access: AccessProtocol
        public var cpuTime: Double
        public var ioTime: Double
    }

    /// Calls `body` with each access in time order.
    public func generate(_ body: (Row) throws -> Void) rethrows {
        var generator = SeededGenerator(seed: seed)
        let datasetCount = max(20, requests / 500)
        var fileCounts: [Int] = []
        var sizes: [[Int64]] = []
        for _ in 0..<datasetCount {
            let count = Int.random(in: 10...100, using: &generator)
            fileCounts.append(count)
            sizes.append((0..<count).map { _ in
                max(1, Int64((medianSize * exp(sizeSigma * generator.nextStandardNormal())).rounded()))
            })
        }
        // Zipf weights over a random order of ranks; the cumulative table for inverse sampling.
        var ranks = Array(1...datasetCount)
        ranks.shuffle(using: &generator)
        let weights = ranks.map { pow(Double($0), -zipfExponent) }
        var cumulative: [Double] = []
        var sum = 0.0
        for weight in weights { sum += weight; cumulative.append(sum) }
        let span = spanDays * 86_400
        var windowStart: [Double] = [], windowEnd: [Double] = []
        for _ in 0..<datasetCount {
            let length = generator.nextUniform(14, 42) * 86_400
            let start = generator.nextUniform(-length, span)
            windowStart.append(start)
            windowEnd.append(start + length)
        }
        let meanJobs = Double(requests) / meanRunLength
        let meanGap = span / max(meanJobs, 1)
        var time = 0.0
        var emitted = 0
        while emitted < requests {
            time += -meanGap * log(1 - generator.nextUnit())
            var dataset = 0
            while true {
                let u = generator.nextUnit() * sum
                var low = 0, high = datasetCount - 1
                while low < high {
                    let middle = (low + high) / 2
                    if cumulative[middle] < u { low = middle + 1 } else { high = middle }
                }
                dataset = low
                if kind == .static || (time >= windowStart[dataset] && time < windowEnd[dataset])
                    || generator.nextUnit() < coldWeight { break }
            }
            let files = fileCounts[dataset]
            let first = Int.random(in: 0..<files, using: &generator)
            // Geometric run length with mean `meanRunLength`.
            let p = 1 / meanRunLength
            let length = 1 + Int((log(1 - generator.nextUnit()) / log(1 - p)).rounded(.down))
            let last = min(files, first + length)
            for index in first..<last where emitted < requests {
                let access: AccessProtocol = generator.nextUnit() < 0.5 ? .local : .remote
                let cpu = 600 * exp(0.5 * generator.nextStandardNormal())
                let io = cpu * 0.67 * exp(0.3 * generator.nextStandardNormal()) * (access == .remote ? 1.5 : 1)
                try body(Row(time: Int64(time.rounded(.down)), file: UInt64(dataset * 1000 + index), dataset: dataset,
                             size: sizes[dataset][index], access: access,
                             cpuTime: (cpu * 10).rounded() / 10, ioTime: (io * 10).rounded() / 10))
                emitted += 1
                time += 1
            }
        }
    }

    /// The CSV header of written traces.
    public static let csvHeader = "time,file,size,protocol,cpu_time,io_time,dataset"

    /// `row` as a CSV line (no newline).
    public static func csvLine(_ row: Row) -> String {
        "\(row.time),\(row.file),\(row.size),\(row.access == .remote ? "remote" : "local"),\(row.cpuTime),\(row.ioTime),\(row.dataset >= 0 ? "\(row.dataset)" : "")"
    }
}
