import ArgumentParser
import VernierCache

/// The cache being simulated, shared by `cache simulate` and `cache advise`.
struct CacheSimulationOptions: ParsableArguments {
    @Option(help: "Cache capacity: bytes with a unit (100TiB, 500GB) or a percentage of the trace's working set (10%).")
    var capacity: CacheCapacity

    @Option(help: "Link bandwidth (10Gbit/s, 1.25GB/s); misses are redirected once 95 % of a day's budget is spent.")
    var bandwidth: Bandwidth?

    @Option(name: .customLong("high-watermark"), help: "Evict down to --low-watermark when occupancy exceeds this fraction (0–1].")
    var highWatermark: Double?

    @Option(name: .customLong("low-watermark"), help: "Occupancy fraction to evict down to after passing --high-watermark.")
    var lowWatermark: Double?

    @Option(name: .customLong("cpu-delta"), help: "Δ of the CPU efficiency (points) for remote hits and local misses.")
    var cpuDelta: Double = 19

    func configuration(workingSet: Int64) throws -> CacheConfiguration {
        let configuration = CacheConfiguration(
            capacity: capacity.bytes(workingSet: workingSet), bandwidth: bandwidth,
            highWatermark: highWatermark, lowWatermark: lowWatermark, cpuEfficiencyDelta: cpuDelta)
        if let problem = configuration.problem { throw ValidationError(problem) }
        return configuration
    }
}

/// One recorded cache run's configuration in the run store.
struct CacheRunRecipe: Codable {
    var trace: String
    var format: String
    var sizeUnit: String
    var capacityBytes: Int64
    var bandwidthBytesPerSecond: Double?
    var highWatermark: Double?
    var lowWatermark: Double?
    var cpuDelta: Double
    var policies: [String]
    var trainFraction: Double?
    var seed: UInt64?
}
