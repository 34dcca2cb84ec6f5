@testable import VernierCache

/// Small hand-written traces: `"A B A C"` with unit sizes, one second apart, or explicit sizes and times.
enum TraceBuilder {
    /// Requests for the letters of `text` (one file per distinct letter, dense indices in first-appearance order),
    /// with `sizes[letter]` bytes (default 1), at times `start, start + step, …`, next accesses annotated.
    static func requests(_ text: String, sizes: [Character: Int64] = [:], start: Double = 0, step: Double = 1,
                         access: AccessProtocol = .unknown, cpu: Double = 0, io: Double = 0) -> [CacheRequest] {
        var indices: [Character: Int32] = [:]
        var requests: [CacheRequest] = []
        for (position, letter) in text.filter({ $0 != " " }).enumerated() {
            let object = indices[letter] ?? Int32(indices.count)
            indices[letter] = object
            requests.append(CacheRequest(time: start + Double(position) * step, object: object,
                                         size: sizes[letter] ?? 1, access: access, cpuTime: cpu, ioTime: io))
        }
        return NextAccessAnnotator.annotate(requests)
    }

    /// The simulator after replaying `requests`.
    static func simulate(_ requests: [CacheRequest], policy: CachePolicy, capacity: Int64,
                         configure: (inout CacheConfiguration) -> Void = { _ in }) -> CacheSimulator {
        var configuration = CacheConfiguration(capacity: capacity)
        configure(&configuration)
        var simulator = CacheSimulator(policy: policy, configuration: configuration)
        for request in requests { simulator.process(request) }
        return simulator
    }

    /// Which requests of `requests` hit, as a string of `h` and `m`.
    static func hitPattern(_ requests: [CacheRequest], policy: CachePolicy, capacity: Int64) -> String {
        var simulator = CacheSimulator(policy: policy, configuration: CacheConfiguration(capacity: capacity))
        var pattern = ""
        for request in requests {
            let before = simulator.total.hits
            simulator.process(request)
            pattern += simulator.total.hits > before ? "h" : "m"
        }
        return pattern
    }
}
